"""The search page of each edition (/search/?q=…, /zh-hant/search/?q=…): a GET form that works without
JavaScript, results drawn by search.js from that edition's own index."""

from __future__ import annotations

from collections.abc import Iterator

from haoren.model.site import Site
from haoren.render.pages import GeneratedPage
from haoren.render.pages.render import Renderer

SEARCH_URL = "/search/"
# Labels shown in results and used as the `kind` filter (haoren.render.search), in the filter's order.
KIND_LABELS = {"story": "故事", "honoree": "好人", "campaign": "活动", "topic": "专题", "page": "页面"}
# Above this many published items an edition's index is split into shards (a story's year, and one for
# everything undated, each cut further when large; publish.searchshards), which the search page loads one
# at a time. Below it one index is smaller to fetch than the shards a query would open (each has its own
# meta file).
SEARCH_SHARD_ABOVE = 1500
SHARDS_LIST = "shards.json"  # in a sharded index folder: the shards, in the order the search page asks them
CHARACTERS_LIST = "shard-characters.json"  # beside it: each shard's ideographs (search.js knows this name)


def shards_search(site: Site, above: int | None = None) -> bool:
    """Whether the site's search index is sharded: more published items than `above` (the default
    SEARCH_SHARD_ABOVE). The search page and the index step both ask this, so they always agree."""
    count = len(site.stories) + len(site.honorees) + len(site.campaigns) + len(site.topics) + len(site.pages)
    return count > (SEARCH_SHARD_ABOVE if above is None else above)


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
        shards=shards_search(site, r.context.search_shard_above), shards_list=SHARDS_LIST,
    )
