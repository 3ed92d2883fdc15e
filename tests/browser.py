"""Browser tests' plumbing: a built site served on 127.0.0.1, Debian's Chromium, a phone's screen."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

import build

from .sample_site import copy_sample_site

# Debian's package, never a browser downloaded by Playwright (nothing is downloaded at test time).
CHROMIUM = Path("/usr/bin/chromium")
# --no-sandbox: tests run as root. The background-networking switches stop Chromium's own calls
# home, which this closed network refuses (and which would count as requests to other hosts).
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
PHONE_WIDTH = 390
# An ordinary current phone, as Playwright's context options.
PHONE = {
    "viewport": {"width": PHONE_WIDTH, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files, and the site's own 404.html for a missing page, as a static host serves them."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # As README's server configuration does: the 繁體 edition's own 404 page under its prefix.
        edition = Path(self.directory) / "zh-hant" / "404.html"
        not_found = edition if self.path.startswith("/zh-hant/") and edition.is_file() else Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the stdlib's name)
        pass  # pytest output stays readable


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port in a background thread; yields the origin."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's headless Chromium, driven by Playwright."""
    if not CHROMIUM.is_file():
        raise FileNotFoundError(f"{CHROMIUM} is missing: run `make test`, it installs Debian's chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def scroll_to_bottom(page: Page) -> None:
    """Scroll a screen at a time, as a reader does, so lazy images load; then let the network settle."""
    page.evaluate("""async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
            scrollTo(0, y);
            await new Promise(requestAnimationFrame);
        }
        scrollTo(0, document.documentElement.scrollHeight);
    }""")
    page.wait_for_load_state("networkidle")


@contextmanager
def served_sample_site(root: Path, now: str) -> Iterator[str]:
    """The sample site copied under `root`, built as of `now` and served on 127.0.0.1."""
    site = copy_sample_site(root / "site")
    out = root / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", now]) == 0
    with serve_folder(out) as served:
        yield served
