"""`build.py serve` as a real process over HTTP: saved changes show on every page, mistakes in a banner, reloads."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ..pagetools import read
from ..sample_site import build_py_command, copy_sample_site, environment

STORY = "stories/2020/zhao-minghui-chengxin-shouliang.md"
PAGE = "/stories/zhao-minghui-chengxin-shouliang/"
TIMEOUT = 180  # generous: the machine may be busy; nothing here is a timing
MISTAKE = ('stories/2020/zhao-minghui-chengxin-shouliang.md:4: date: "2020/10/20" is not a date '
           "(YYYY-MM-DD or YYYY-MM-DD HH:MM)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def fetch_until(url: str, wanted, deadline: float) -> str:
    """The page once `wanted(page)` holds; the preview reads saves in the background."""
    page = ""
    while time.monotonic() < deadline:
        try:
            page = get(url)
            if wanted(page):
                return page
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # starting, or busy: ask again
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never became as expected; last page began: {page[:300]!r}")


def alerts(page: str) -> list[str]:
    """The text of every role=alert region, whitespace collapsed."""
    return [" ".join("".join(element["text"]).split()) for element in read(page)
            if element["attrs"].get("role") == "alert"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(tmp_path):
    """A copy of the sample site served by `build.py serve`; yields (site folder, base URL)."""
    site = copy_sample_site(tmp_path / "site")
    port = free_port()
    server = subprocess.Popen(
        build_py_command("serve", "--site", site, "--port", str(port), "--now", "2024-01-01"),
        env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        fetch_until(base + PAGE, lambda page: "赵明辉" in page, time.monotonic() + TIMEOUT)
        yield site, base
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=60)
    assert "Traceback" not in errors


def test_a_saved_title_shows_on_the_story_page_and_on_the_lists(preview):
    site, base = preview
    before = json.loads(get(base + "/__preview__/changes?since=-1"))["version"]
    edit(site / STORY, "title: 赵明辉：", "title: 预览新标题赵明辉：")
    deadline = time.monotonic() + TIMEOUT
    page = fetch_until(base + PAGE, lambda page: "预览新标题" in page, deadline)
    assert "<title>预览新标题赵明辉：" in page
    assert "预览新标题" in fetch_until(base + "/stories/", lambda page: "预览新标题" in page, deadline)
    assert "预览新标题" in fetch_until(base + "/honorees/zhao-minghui/", lambda page: "预览新标题" in page, deadline)
    assert "預覽新標題" in fetch_until(base + "/zh-hant/stories/", lambda page: "預覽新標題" in page, deadline)
    # The page's long poll is answered with the new version, which makes the browser reload.
    after = json.loads(get(f"{base}/__preview__/changes?since={before}"))["version"]
    assert after > before
    assert f"var version = {after};" in get(base + PAGE)
    assert "/__preview__/changes" in page and "location.reload()" in page


def test_a_mistake_shows_in_a_banner_over_the_last_good_page_until_it_is_fixed(preview):
    site, base = preview
    edit(site / STORY, "title: 赵明辉：", "title: 第一次修改赵明辉：")
    deadline = time.monotonic() + TIMEOUT
    fetch_until(base + PAGE, lambda page: "第一次修改" in page, deadline)
    edit(site / STORY, "date: 2020-10-20", "date: 2020/10/20")
    edit(site / STORY, "title: 第一次修改", "title: 有错的修改")
    page = fetch_until(base + PAGE, lambda page: alerts(page), deadline)
    assert any(MISTAKE in alert for alert in alerts(page))
    assert "第一次修改" in page and "有错的修改" not in page  # the last good version
    home = get(base + "/")
    assert any(MISTAKE in alert for alert in alerts(home))  # on every page
    edit(site / STORY, "date: 2020/10/20", "date: 2020-10-20")
    page = fetch_until(base + PAGE, lambda page: not alerts(page), deadline)
    assert "有错的修改" in page


def test_a_page_that_does_not_exist_is_the_sites_404_page(preview):
    site, base = preview
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(base + "/stories/no-such-story/")
    assert missing.value.code == 404
    assert "页面不存在" in missing.value.read().decode("utf-8")
