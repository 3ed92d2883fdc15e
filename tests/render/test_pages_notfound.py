"""The 404 page: at /404.html, links that work from any depth, never in the sitemap."""

from __future__ import annotations

from ..factories import at, make_content, make_settings, make_story
from ..pagetools import links, pages_of


def test_the_404_page_links_home_and_the_latest_stories_with_absolute_paths():
    content = make_content(settings=make_settings(base_url="https://x.example.cn/haoren"), stories=(make_story("a"),))
    page = pages_of(content, at("2020-06-01"))["/404.html"]
    assert (page.kind, page.in_sitemap, page.title) == ("notfound", False, "页面不存在")
    assert links(page.content_html) == ["/haoren/", "/haoren/stories/", "/haoren/honor-roll/", "/haoren/stories/a/"]
