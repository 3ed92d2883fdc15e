"""`build.py serve` as a real process over HTTP: saved changes show on every page, mistakes in a banner, reloads."""

from __future__ import annotations

import json
import socket
import struct
import time
import urllib.error

import pytest

from ..pagetools import read
from ..sample_site import copy_sample_site
from .conftest import PAGE, TIMEOUT, edit, fetch_until, get, serving

STORY = "stories/2020/zhao-minghui-chengxin-shouliang.md"
MISTAKE = ('stories/2020/zhao-minghui-chengxin-shouliang.md:4: date: "2020/10/20" is not a date '
           "(YYYY-MM-DD or YYYY-MM-DD HH:MM)")


def alerts(page: str) -> list[str]:
    """The text of every role=alert region, whitespace collapsed."""
    return [" ".join("".join(element["text"]).split()) for element in read(page)
            if element["attrs"].get("role") == "alert"]


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


def test_a_browser_that_resets_its_connection_mid_request_gets_no_traceback_printed(preview):
    site, base = preview
    host, port = base.removeprefix("http://").split(":")
    for _ in range(3):
        with socket.create_connection((host, int(port))) as connection:
            connection.sendall(b"GET /stories/")  # half a request line, then a reset (linger 0)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    assert "赵明辉" in get(base + PAGE)  # still serving; the fixture checks stderr has no traceback


def test_a_page_that_does_not_exist_is_the_404_page_of_its_edition(preview):
    site, base = preview
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(base + "/stories/no-such-story/")
    assert missing.value.code == 404
    page = missing.value.read().decode("utf-8")
    assert '<html lang="zh-Hans"' in page and "页面不存在" in page
    # A 繁體 address gets the 繁體 404 page the build writes (/zh-hant/404.html), not the Simplified one.
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(base + "/zh-hant/stories/no-such-story/")
    assert missing.value.code == 404
    page = missing.value.read().decode("utf-8")
    assert '<html lang="zh-Hant"' in page and "頁面不存在" in page and "页面不存在" not in page


def test_a_site_with_a_mistake_from_the_start_shows_it_and_serves_once_fixed(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    edit(site / STORY, "date: 2020-10-20", "date: 2020/10/20")
    with serving(site) as base:
        deadline = time.monotonic() + TIMEOUT
        page = fetch_until(base + PAGE, lambda page: alerts(page), deadline, statuses=(503,))
        assert any(MISTAKE in alert for alert in alerts(page))
        edit(site / STORY, "date: 2020/10/20", "date: 2020-10-20")
        page = fetch_until(base + PAGE, lambda page: "赵明辉" in page and not alerts(page), deadline)
