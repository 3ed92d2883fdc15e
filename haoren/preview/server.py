"""`build.py serve`: build into a temporary folder, serve it with live reload, rebuild when editors save."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Callable

from haoren.problems import ProblemsFound
from haoren.publish.site import PublishError

# Importing haoren.publish first set NO_MKDOCS_2_WARNING before any MkDocs module loads.
from mkdocs.livereload import LiveReloadServer  # noqa: E402  isort: skip

WATCHED = ("mkdocs.yml", "stories", "honorees", "content", "theme")


def serve(
    site_dir: Path, build_fn: Callable[[Path], None], port: int = 8000, host: str = "127.0.0.1"
) -> None:
    """Serve what `build_fn(out_dir)` publishes and rebuild on every change under the site folder.

    `build_fn` should call `publish(..., out_dir, dev_serve=True)`. A rebuild that finds
    problems prints them and keeps serving the last good site; Ctrl+C stops.
    """
    site_dir = Path(site_dir)
    with tempfile.TemporaryDirectory(prefix="haoren-serve-") as tmp:
        out_dir = Path(tmp) / "site"
        build_fn(out_dir)

        def rebuild() -> None:
            try:
                build_fn(out_dir)
            except ProblemsFound as e:
                print(e.report(), file=sys.stderr)
            except PublishError as e:
                print(e, file=sys.stderr)

        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(out_dir))
        server.error_handler = lambda code: _not_found_page(out_dir) if code == 404 else None
        for name in WATCHED:
            if (site_dir / name).exists():
                server.watch(str(site_dir / name), recursive=(site_dir / name).is_dir())
        print(f"Previewing {site_dir} at {server.url} (Ctrl+C stops)", file=sys.stderr)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()


def _not_found_page(out_dir: Path) -> bytes | None:
    try:
        return (out_dir / "404.html").read_bytes()
    except OSError:
        return None
