"""The preview in Debian's Chromium on a phone: the page reloads by itself after a save; the banner fits 390 px."""

from __future__ import annotations

from ..browser import PHONE, PHONE_WIDTH
from .conftest import PAGE, TIMEOUT, edit

STORY = "stories/2020/zhao-minghui-chengxin-shouliang.md"


def test_the_open_page_reloads_by_itself_after_a_save_and_shows_problems_in_a_banner(browser, preview, tmp_path):
    site, base = preview
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(base + PAGE)
        assert "赵明辉" in page.title()
        edit(site / STORY, "title: 赵明辉：", "title: 自动刷新赵明辉：")
        # Nobody reloads the page here: the preview's script does, once the server says it changed.
        page.wait_for_function("document.title.startsWith('自动刷新')", timeout=TIMEOUT * 1000)
        edit(site / STORY, "date: 2020-10-20", "date: 2020/10/20")
        banner = page.get_by_role("alert")
        banner.wait_for(timeout=TIMEOUT * 1000)
        assert '"2020/10/20" is not a date' in banner.inner_text()
        assert "自动刷新" in page.title()  # the last good version
        box = banner.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        page.screenshot(path=str(tmp_path / "banner-390.png"))
        edit(site / STORY, "date: 2020/10/20", "date: 2020-10-20")
        banner.wait_for(state="detached", timeout=TIMEOUT * 1000)
    finally:
        context.close()
