"""The search page of each edition (/search/?q=…, /zh-hant/search/?q=…): a GET form that works without
JavaScript, results drawn by search.js from that edition's own index."""

from __future__ import annotations

from collections.abc import Iterator

from haoren.render.pages import GeneratedPage
from haoren.render.pages.render import Renderer

SEARCH_URL = "/search/"
# Labels shown in results and used as the `kind` filter (haoren.render.search), in the filter's order.
KIND_LABELS = {"story": "故事", "honoree": "好人", "campaign": "活动", "topic": "专题", "page": "页面"}


def search_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    years = sorted({str(story.date.year) for story in site.stories}
                   | {honor.period[:4] for honoree in site.honorees for honor in honoree.honors}, reverse=True)
    yield r.page(
        "search.html",
        url=SEARCH_URL, title=r.label("站内搜索"), kind="search", in_sitemap=False,
        description=r.label("搜索{}的故事、好人、评选活动和专题").format(site.settings.name),
        kinds=[r.label(label) for label in KIND_LABELS.values()], districts=site.settings.districts,
        years=years, base=r.urls.prefix + "/", index=r.edition.prefix + "/pagefind/",
        query_map=r.edition.converted,
    )
