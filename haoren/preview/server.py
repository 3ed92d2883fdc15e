"""`build.py serve`: keep the site in memory, render each page when it is asked for, reload the browser on a save.

Pages come from the last good model through the build's own generators and MkDocs (renderer.py).
Theme files (Material's and the site's theme/) are served from where MkDocs would copy them from;
responsive images from the build's media step; share cards and posters are drawn when asked for.
Anything else (the Pagefind index, feeds, the sitemap) is served from the last `build.py build`
output in SITE/site/ when there is one. Saves are noticed with watchdog (inotify).
"""

from __future__ import annotations

import gc
import json
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from haoren.preview.inject import CHANGES_PATH, preview_page
from haoren.preview.renderer import ModelPages, PreviewDrawings, drawn_file
from haoren.preview.state import CONTENT_ROOTS, WATCHED, PreviewState, Snapshot
from haoren.problems import ProblemsFound
from haoren.publish.site import PublishError
from haoren.reports import text_report
from haoren.validate.paths import CACHE_FOLDER

POLL_SECONDS = 25  # a long poll answers at the latest after this, and the browser asks again
SETTLE_SECONDS = 0.05  # an editor's save is often several events: take them together
CHANGES = {"created", "modified", "deleted", "moved", "closed"}
NO_SITE_YET = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
               '<meta name="viewport" content="width=device-width, initial-scale=1"><title>预览</title></head>'
               "<body><main><p>网站还没有一个没有问题的版本可以预览。</p></main></body></html>")


class Preview:
    """The state, the pages of its current model, and the files drawn for them."""

    def __init__(self, site_dir: Path, state: PreviewState, work_dir: Path):
        self.site_dir, self.state, self.work_dir = site_dir, state, work_dir
        self.drawings: dict[str, PreviewDrawings] = {}
        self.pages: ModelPages | None = None
        self._dirty = threading.Event()
        self._other_files = self._theme = False

    def refresh(self, other_files_changed: bool, theme_changed: bool = False) -> Snapshot:
        """Read the changes; on a new good model, its pages replace the old ones. Prints what it found."""
        snapshot = self.state.refresh(other_files_changed, theme_changed)
        if snapshot.problems:
            print(text_report(snapshot.problems, outcome="the preview shows the last good version"),
                  file=sys.stderr, flush=True)
        generation = snapshot.generation
        if generation is not None and (self.pages is None or self.pages.generation is not generation):
            old, self.pages = self.pages, ModelPages(self.site_dir, generation, self.pages, self.work_dir,
                                                     self.drawings)
            if old is not None:
                old.close()
        return snapshot

    def notice(self, rel: str) -> None:
        """A watched file changed (or appeared, or went)."""
        if not rel.startswith(CONTENT_ROOTS):
            self._theme = True  # theme/ or mkdocs.yml
        elif not rel.endswith((".md", ".yml")):
            self._other_files = True  # an image or captions, which entries checked
        self._dirty.set()

    def keep_fresh(self, stop: threading.Event) -> None:
        """The refresher thread: after each burst of changes, refresh once."""
        while not stop.is_set():
            if not self._dirty.wait(0.5):
                continue
            stop.wait(SETTLE_SECONDS)
            self._dirty.clear()
            other, theme, self._other_files, self._theme = self._other_files, self._theme, False, False
            try:
                self.refresh(other, theme)
            except (PublishError, ProblemsFound) as error:
                print(f"build.py serve: {error}", file=sys.stderr, flush=True)
            except Exception as error:  # noqa: BLE001  the preview keeps serving the last good model
                print(f"build.py serve: internal error: {type(error).__name__}: {error}", file=sys.stderr,
                      flush=True)


class _Watcher(FileSystemEventHandler):
    def __init__(self, preview: Preview):
        self._preview = preview
        self._root = str(preview.site_dir.resolve()) + "/"

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES:
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            path = path.decode() if isinstance(path, bytes) else path
            rel = path[len(self._root):] if path.startswith(self._root) else ""
            if rel and (rel in WATCHED or rel.split("/", 1)[0] in WATCHED) and not event.is_directory:
                self._preview.notice(rel)


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    built = preview.site_dir / "site"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002  quiet: editors read problems
            pass

        def do_GET(self) -> None:  # noqa: N802  (http.server's name)
            split = urlsplit(self.path)
            if split.path == CHANGES_PATH:
                return self._changes(split.query)
            snapshot = preview.state.snapshot()
            pages = preview.pages
            if pages is None:  # no good version yet: the problems, and a reload once they are fixed
                body = preview_page(NO_SITE_YET, snapshot.problems, snapshot.version).encode("utf-8")
                return self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", body)
            path = unquote(split.path)
            base = urlsplit(pages.generation.site.settings.base_url).path.rstrip("/")
            if base and path.startswith(base + "/"):
                path = path[len(base):]
            if ".." in path.split("/"):
                return self._send(HTTPStatus.BAD_REQUEST, "text/plain", b"bad path")
            for redirect in pages.generation.site.redirects:
                if path == redirect.old:
                    return self._redirect(base + redirect.new)
            last = path.rsplit("/", 1)[-1]
            if path.endswith("/") or path == "/404.html":
                return self._page(pages, path, snapshot)
            if "." not in last:
                return self._redirect(base + path + "/")
            found = (pages.media_file(path[1:]) or pages.static_file(path[1:])
                     or drawn_file(preview.drawings, path[1:], preview.work_dir / "drawn",
                                   preview.site_dir / CACHE_FOLDER))
            if found is None and (built / path[1:]).is_file():
                found = built / path[1:]
            if found is None:
                return self._page(pages, path, snapshot)  # the site's 404 page
            type_ = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return self._send(HTTPStatus.OK, type_, Path(found).read_bytes())

        def _page(self, pages: ModelPages, path: str, snapshot: Snapshot) -> None:
            try:
                status, page = pages.html(path)
            except (ProblemsFound, PublishError) as error:
                problems = getattr(error, "problems", None) or ()
                text = "\n".join(map(str, problems)) or str(error)
                return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", text.encode())
            body = preview_page(page, snapshot.problems, snapshot.version).encode("utf-8")
            self._send(status, "text/html; charset=utf-8", body)

        def _changes(self, query: str) -> None:
            try:
                since = int(parse_qs(query).get("since", ["-1"])[0])
            except ValueError:
                since = -1
            snapshot = preview.state.wait_for_change(since, POLL_SECONDS)
            body = json.dumps({"version": snapshot.version, "problems": len(snapshot.problems)}).encode()
            self._send(HTTPStatus.OK, "application/json", body)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(site_dir: Path, now, port: int = 8000, host: str = "127.0.0.1") -> None:
    """Load and check the site, then serve it on http://host:port until Ctrl+C; a save reloads the page."""
    site_dir = Path(site_dir).resolve()
    work_dir = Path(tempfile.mkdtemp(prefix="haoren-serve-"))
    preview = Preview(site_dir, PreviewState(site_dir, now), work_dir)
    stop = threading.Event()
    observer = Observer()
    observer.schedule(_Watcher(preview), str(site_dir), recursive=True)
    observer.start()  # before the first read: a save during it is not lost
    server = _PreviewServer((host, port), _handler(preview))
    # A service manager or a terminal closing stops us with SIGTERM: clean up as after Ctrl+C.
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    try:
        preview.refresh(other_files_changed=True, theme_changed=True)
        # The first read made most objects the preview will hold (documents, entries, the model):
        # out of the collector's sight, a save no longer pays for scanning them all again.
        gc.freeze()
        threading.Thread(target=preview.keep_fresh, args=(stop,), daemon=True).start()
        print(f"Previewing {site_dir} at http://{host}:{port}/ (Ctrl+C stops)", file=sys.stderr, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        observer.stop()
        server.server_close()
        if preview.pages is not None:
            preview.pages.close()
        shutil.rmtree(work_dir, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous_handler)


class _PreviewServer(ThreadingHTTPServer):
    """The HTTP server, quiet when a browser goes away mid-request (a closed tab, a reload): editors never
    see a traceback, and that is nothing to report."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
