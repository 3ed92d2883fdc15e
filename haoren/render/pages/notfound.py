"""The 404 page (/404.html): served at any depth, so every link is site-absolute; never in the sitemap."""

from __future__ import annotations

from collections.abc import Iterator

from haoren.render.pages import GeneratedPage
from haoren.render.pages.render import Renderer

SUGGESTED = 5


def notfound_pages(r: Renderer) -> Iterator[GeneratedPage]:
    yield r.page(
        "notfound.html",
        url="/404.html", title=r.label("页面不存在"), kind="notfound", in_sitemap=False,
        description=r.label("您访问的页面不存在或已删除。"), latest=r.site.stories[:SUGGESTED],
    )
