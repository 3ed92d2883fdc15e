"""`build.py serve`: the preview serves the site and shows an editor's saved change without a restart."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request

from ..sample_site import build_py_command, copy_sample_site, environment

STORY = "stories/2020/zhao-minghui-chengxin-shouliang.md"
PAGE = "/stories/zhao-minghui-chengxin-shouliang/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, deadline: float) -> str:
    """The page once it contains `wanted`; the preview builds and rebuilds in the background."""
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # busy rebuilding: ask again
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {wanted!r}; last page began: {text[:200]!r}")


def test_the_preview_serves_the_site_and_rebuilds_when_a_story_is_saved(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    port = free_port()
    server = subprocess.Popen(
        build_py_command("serve", "--site", site, "--port", str(port), "--now", "2024-01-01"),
        env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 120
        page = fetch_until(f"http://127.0.0.1:{port}{PAGE}", "赵明辉", deadline)
        assert "livereload" in page
        story = site / STORY
        story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: 预览新标题 ", 1),
                         encoding="utf-8")
        fetch_until(f"http://127.0.0.1:{port}{PAGE}", "预览新标题", deadline)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in server.stderr.read()
