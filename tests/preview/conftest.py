"""A real `build.py serve` process on a copy of the sample site, and how tests talk to it."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ..sample_site import build_py_command, copy_sample_site, environment

PAGE = "/stories/zhao-minghui-chengxin-shouliang/"
TIMEOUT = 180  # generous: the machine may be busy; nothing here is a timing


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def fetch_until(url: str, wanted, deadline: float, statuses: tuple[int, ...] = ()) -> str:
    """The page once `wanted(page)` holds; the preview reads saves in the background.

    An answer with an error status in `statuses` counts as a page too.
    """
    page = ""
    while time.monotonic() < deadline:
        try:
            page = get(url)
            if wanted(page):
                return page
        except urllib.error.HTTPError as error:
            if error.code in statuses:
                page = error.read().decode("utf-8")
                if wanted(page):
                    return page
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # starting, or busy: ask again
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never became as expected; last page began: {page[:300]!r}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """`build.py serve` on `site` as a real process; yields its base URL. Stopped with SIGTERM, as a
    service manager stops it, it prints no traceback and leaves no temporary folder behind."""
    port = free_port()
    temporary = site.parent / "tmp"
    temporary.mkdir()
    server = subprocess.Popen(
        build_py_command("serve", "--site", site, "--port", str(port), "--now", "2024-01-01"),
        env={**environment(), "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=60)
    assert "Traceback" not in errors
    assert sorted(path.name for path in temporary.iterdir()) == []


@pytest.fixture
def preview(tmp_path):
    """A copy of the sample site served by `build.py serve`; yields (site folder, base URL) once it serves."""
    site = copy_sample_site(tmp_path / "site")
    with serving(site) as base:
        fetch_until(base + PAGE, lambda page: "赵明辉" in page, time.monotonic() + TIMEOUT)
        yield site, base
