"""Page sources: the Site model turned into one GeneratedPage per public URL, for MkDocs to render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from haoren.model.site import Site
from haoren.problems import ProblemsFound
from haoren.render.share import ShareVideo


class Drawings(Protocol):
    """Names share cards and posters while the pages render; haoren.sharing draws them all afterwards."""

    card_size: tuple[int, int]

    def card(self, key: str, title: str, image: Path | None) -> str:
        """The card's site URL, `/cards/<hash>.jpg`."""
        ...

    def poster(
        self, key: str, *, name: str, honor_line: str, headline: str, summary: str, portrait: Path | None,
        qr_url: str, made: datetime,
    ) -> tuple[str, str]:
        """The poster's site URLs: the PNG, then the PDF."""
        ...


@dataclass(frozen=True)
class ShareInfo:
    """What a page tells WeChat, Weibo and QQ about itself (filled by pages/sharemeta.py)."""

    og_type: str = "website"  # "article" for stories, "profile" for people
    image_url: str | None = None  # absolute
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str | None = None
    json_ld: tuple[dict, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    video: ShareVideo | None = None  # og:video


@dataclass(frozen=True)
class VideoSources:
    """Where the published files of one video are: site URLs (with base_url's path), and absolute for sharing."""

    captions: str
    src: str | None = None  # the MP4; None for a provider's video
    poster: str | None = None
    absolute_src: str | None = None


@dataclass(frozen=True)
class GeneratedPage:
    """One public page: its URL, head metadata and main content HTML (escaped and sanitized)."""

    url: str  # directory style: "/stories/liu-haitao/"; "/" for home; "/404.html" for the 404 page
    title: str
    description: str
    content_html: str
    kind: str  # story, honoree, campaign, topic, roll, list, page, home, notfound, search
    lastmod: datetime | None = None
    in_sitemap: bool = True
    share: ShareInfo = field(default_factory=ShareInfo)
    edition: str = ""  # BCP 47 code of its edition (<html lang>): zh-Hans, zh-Hant; "" the site's own
    alternates: tuple[tuple[str, str], ...] = ()  # (edition code, URL) of this page in every edition


# The page modules import the dataclasses above, so they come after them.
from haoren.render.pages import (  # noqa: E402
    archive,
    campaign,
    handwritten,
    home,
    honoree,
    notfound,
    rolls,
    search,
    sharemeta,
    spotlight,
    story,
    topic,
)
from haoren.render.pages.edition import edition_pages  # noqa: E402
from haoren.render.pages.render import RenderContext, Renderer  # noqa: E402


def generate_pages(site: Site, context: RenderContext | None = None) -> list[GeneratedPage]:
    """Every public page of the context's edition, sorted by URL; raises ProblemsFound for a text it refused."""
    context = context or RenderContext()
    r = Renderer(site, context)
    r.prepare_markdown(markdown_texts(site))
    generators = (
        home.home_pages, story.story_pages, honoree.honoree_pages, rolls.roll_pages, campaign.campaign_pages,
        topic.topic_pages, archive.archive_pages, archive.tag_pages, spotlight.spotlight_pages,
        handwritten.handwritten_pages, notfound.notfound_pages, search.search_pages,
    )
    pages = [page for generate in generators for page in generate(r)]
    pages = [sharemeta.with_site_card(r, page) for page in pages]  # after the pages' own cards
    if r.problems:
        raise ProblemsFound(r.problems)
    return sorted(edition_pages(pages, r.edition, context.editions), key=lambda page: page.url)


def markdown_texts(site: Site) -> list[str]:
    """Every Markdown text the pages render."""
    return [
        *(story.body for story in site.stories), *(honoree.bio for honoree in site.honorees),
        *(view.campaign.description for view in site.campaigns),
        *(topic.description for topic in site.topics),
        *(page.body for page in site.pages),
    ]
