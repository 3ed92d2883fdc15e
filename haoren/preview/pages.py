"""One page of the site by its URL, made by the build's own page generators (render.pages), nothing else.

`generate_pages` makes every page of an edition; the preview asks for one. Story and honoree pages
(the thousands) are made directly; every other URL comes from the generator of its section, which
yields its pages one at a time, so the search stops at the page asked for. Each section's generator
yields the section's index page first: the header's tabs show those on every first page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from haoren.problems import ProblemsFound
from haoren.render.editions import Edition
from haoren.render.pages import (
    GeneratedPage,
    archive,
    campaign,
    handwritten,
    home,
    honoree,
    notfound,
    rolls,
    search,
    spotlight,
    story,
    topic,
)
from haoren.render.pages.edition import finished_page
from haoren.render.pages.render import Renderer

Generator = Callable[[Renderer], Iterator[GeneratedPage]]
# The generators of generate_pages without the story and honoree pages themselves, by first URL segment.
SECTIONS: dict[str, tuple[Generator, ...]] = {
    "": (home.home_pages,),
    "stories": (story.story_list_pages,),
    "honorees": (honoree.honoree_list_pages,),
    "honor-roll": (rolls.roll_pages,),
    "campaigns": (campaign.campaign_pages,),
    "topics": (topic.topic_pages,),
    "archive": (archive.archive_pages,),
    "tags": (archive.tag_pages,),
    "spotlight": (spotlight.spotlight_pages,),
    "search": (search.search_pages,),
    "404.html": (notfound.notfound_pages,),
}
OTHERS: tuple[Generator, ...] = (handwritten.handwritten_pages,)  # hand-written pages live anywhere else


def edition_of(url: str, editions: tuple[Edition, ...]) -> tuple[Edition | None, str]:
    """The edition a URL belongs to and the URL as its own edition has it ("/zh-hant/x/" -> "/x/")."""
    for edition in editions:
        if edition.converted and (url + "/").startswith(edition.prefix + "/"):
            return edition, url[len(edition.prefix):] or "/"
    own = next((edition for edition in editions if not edition.converted), None)
    return own, url


def page_at(r: Renderer, url: str) -> GeneratedPage | None:
    """The page the build publishes at `url` (of r's edition, `url` without the edition's prefix), or None.

    Finished as generate_pages finishes each page (edition.finished_page): the site card where the page
    has none, the edition's texts and twins. Raises ProblemsFound for a text the renderer refused.
    """
    del r.problems[:]
    page = _find(r, url)
    if page is None:
        return None
    page = finished_page(r, page)
    if r.problems:
        raise ProblemsFound(r.problems)
    return page


def _find(r: Renderer, url: str) -> GeneratedPage | None:
    site = r.site
    segments = url.strip("/").split("/")
    if len(segments) == 2 and url.endswith("/"):
        section, key = segments
        if section == "stories" and key in site.story_by_slug:
            return story.story_page(r, site.story_by_slug[key])
        if section == "honorees" and key in site.honoree_by_id:
            return honoree.honoree_page(r, site.honoree_by_id[key])
    for generate in SECTIONS.get(segments[0], OTHERS):
        for page in generate(r):
            if page.url == url:
                return page
    return None
