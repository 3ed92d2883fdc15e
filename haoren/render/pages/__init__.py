"""Page sources: the Site model turned into one GeneratedPage per public URL, for MkDocs to render."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping, Protocol

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

    def asked(self) -> Mapping[str, object]:
        """Every card and poster asked for so far, by file name (what take() accepts)."""
        ...

    def take(self, asked: Mapping[str, object]) -> None:
        """What another process's copy was asked for (render.pages.inparts), as if asked here."""
        ...

    def asked_for(self, name: str) -> object:
        """The card or poster asked for under `name` (what take() accepts)."""
        ...

    def named_alike(self, asked: Mapping[str, object]) -> bool:
        """True when each of `asked` (a page memo's, render.pages.memo) would be named the same now."""
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

    @functools.cached_property
    def fingerprint(self) -> bytes:
        """A digest of every field: what publish keys the page's file by.

        Cached on the page, so the page memo keeps it with the page: at 10,000 stories, hashing the
        pages it gives back cost an edit more than a second.
        """
        hasher = hashlib.blake2b(digest_size=20)
        for item in fields(self):
            # The HTML by its own digest, which a page copied with `replaced` keeps; other text as
            # UTF-8 (repr() of a long Chinese page is slow); the others by repr().
            value = self.html_digest if item.name == "content_html" else getattr(self, item.name)
            data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else repr(value).encode()
            hasher.update(f"\0{item.name}:{len(data)}\0".encode())
            hasher.update(data)
        return hasher.digest()

    @functools.cached_property
    def html_digest(self) -> bytes:
        """A digest of `content_html`, taken once for the page and its copies (`replaced`)."""
        return hashlib.blake2b(self.content_html.encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def replaced(self, **changes: Any) -> GeneratedPage:
        """The page with `changes` (as dataclasses.replace), its HTML left packed when they leave it as it is.

        A page held packed (given back by the page memo, or sent back by a forked part) stays packed:
        copied with dataclasses.replace, it would unpack its HTML and hash it again.
        """
        unknown = changes.keys() - {item.name for item in fields(self)}
        if unknown:
            raise TypeError(f"GeneratedPage has no field {sorted(unknown)[0]!r}")
        if "content_html" in changes or _PACKED["content_html"].held_as not in self.__dict__:
            return dataclasses.replace(self, **changes)
        # A field changed is held as given: its packed form (the share metadata's) goes.
        dropped = {"content_html", "fingerprint",
                   *(_PACKED[name].held_as for name in changes if name in _PACKED)}
        page = object.__new__(GeneratedPage)
        page.__dict__.update({name: value for name, value in self.__dict__.items() if name not in dropped},
                             **changes)
        return page

    # Pickled (the page memo, the pages a forked part sends back), a page packs its HTML and its share
    # metadata, and from then on holds them packed only: each read unpacks them anew. At 10,000 stories
    # an edit gives back 16,000 kept pages and reads the HTML of the few it publishes anew; a cold build
    # reads each page's two or three times. Held unpacked, the HTML was 330 MB of the build's largest
    # process, and the share metadata (its JSON-LD as dicts) 43 MB an edition; only the pages
    # rendered anew read it.
    def pack(self) -> None:
        """Hold the HTML and the share metadata packed from now on, as a pickled page does."""
        for name, packing in _PACKED.items():
            if packing.held_as not in self.__dict__:
                # The packed form first: a reader in another thread finds one or the other.
                self.__dict__[packing.held_as] = packing.pack(self.__dict__[name])
                del self.__dict__[name]

    def __getstate__(self) -> dict[str, Any]:
        self.pack()
        return self.__dict__.copy()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        # Called for what the page does not hold (its HTML and share metadata, once packed), and when a
        # property's own code raised AttributeError: looked up again, that error shows, not "no
        # attribute 'fingerprint'".
        packing = _PACKED.get(name)
        packed = self.__dict__.get(packing.held_as) if packing is not None else None
        if packed is None:
            return object.__getattribute__(self, name)
        return packing.unpack(packed)


@dataclass(frozen=True)
class _Packing:
    """How a page holds one of its fields once pack() ran: under which name, packed and unpacked how."""

    held_as: str
    pack: Callable[[Any], bytes]
    unpack: Callable[[bytes], Any]


_PACKED = {
    "content_html": _Packing(
        "_packed_html",
        pack=lambda html: zlib.compress(html.encode("utf-8", "surrogatepass"), 1),
        unpack=lambda packed: zlib.decompress(packed).decode("utf-8", "surrogatepass")),
    "share": _Packing(
        "_packed_share",
        pack=lambda share: zlib.compress(pickle.dumps(share, pickle.HIGHEST_PROTOCOL), 1),
        unpack=lambda packed: pickle.loads(zlib.decompress(packed))),
}


# The page modules import the dataclasses above, so they come after them.
from haoren.render.pages import (  # noqa: E402
    archive,
    campaign,
    handwritten,
    home,
    honoree,
    inparts,
    notfound,
    rolls,
    search,
    sharemeta,
    spotlight,
    story,
    topic,
)
from haoren.render.pages.edition import finished_page  # noqa: E402
from haoren.render.pages.render import RenderContext, Renderer  # noqa: E402
from haoren.render.pages.memo import PageMemo, made_or_kept  # noqa: E402


def generate_pages(site: Site, context: RenderContext | None = None, memo: PageMemo | None = None,
                   searchable: Callable[[list[GeneratedPage]], None] | None = None) -> list[GeneratedPage]:
    """Every public page of the context's edition, sorted by URL; raises ProblemsFound for a text it refused.

    With a `memo` (the last build's, render.pages.memo), a story's or an honoree's pages are made
    only when something they read changed; the memo then holds this build's for the next.
    `searchable` is given the pages the search index reads (`is_searched`), sorted by URL, as soon as
    they are made: the index of an edit can start while the lists are made (a second or more of work
    at 10,000 stories).
    """
    context = context or RenderContext()
    r = Renderer(site, context)
    r.env.auto_reload = False  # no template changes during a build: not one stat a page to ask
    r.memo = memo
    r.prepare_markdown(markdown_texts(site))
    if memo is not None:
        memo.start(r)
    pages: list[GeneratedPage] = []
    jobs: list[tuple[bool, inparts.PageJob]] = []  # to make, each with is_searched
    for job in page_jobs(r):
        key = memo.key(job.name, job.item) if memo is not None and isinstance(job, ItemJob) else None
        reused = memo.reuse(r, key) if memo is not None and key is not None else None
        if reused is not None:
            pages += reused
        elif memo is not None and key is not None:
            jobs.append((is_searched(job), functools.partial(_kept, job, key, memo)))
        else:
            jobs.append((is_searched(job), functools.partial(_finished, job)))
    if searchable is None:
        pages += inparts.run_jobs(r, [job for _, job in jobs])
    else:
        # Weighed by their number, not the site's: an edit's few make no part (at 10k, 73 jobs took 0.28 s
        # here and 0.36-0.47 s forked, sending their pages back included). A topic's list pages are kept.
        searched_jobs = [job for searched, job in jobs if searched]
        pages += inparts.run_jobs(r, searched_jobs, work=len(searched_jobs))
        searched_pages = sorted(pages, key=lambda page: page.url)
        # A text refused is reported with the lists' own, and nothing is indexed.
        pages += inparts.run_jobs(r, [job for searched, job in jobs if not searched],
                                  started=None if r.problems else lambda: searchable(searched_pages))
    if r.problems:
        raise ProblemsFound(r.problems)
    if memo is not None:
        memo.add(r.kept_jobs, r.reused_jobs)
    return sorted(pages, key=lambda page: page.url)


@dataclass(frozen=True)
class ItemJob:
    """The page of one story or honoree: most of a site's pages, and the ones the page memo keeps."""

    make: Callable[[Renderer, Any], GeneratedPage]
    item: Any

    @property
    def name(self) -> str:
        return f"{self.make.__module__}.{self.make.__qualname__}"

    def __call__(self, r: Renderer) -> tuple[GeneratedPage]:
        return (self.make(r, self.item),)


def page_jobs(r: Renderer) -> list[inparts.PageJob]:
    """Every page to make, as jobs: one per story and honoree page (most of the work), one per list."""
    site = r.site
    return [
        home.home_pages,
        *(ItemJob(story.story_page, item) for item in site.stories), story.story_list_pages,
        *(ItemJob(honoree.honoree_page, item) for item in site.honorees), honoree.honoree_list_pages,
        rolls.roll_pages, campaign.campaign_pages, topic.topic_pages, archive.archive_pages, archive.tag_pages,
        spotlight.spotlight_pages, handwritten.handwritten_pages, notfound.notfound_pages, search.search_pages,
    ]


def is_searched(job: inparts.PageJob) -> bool:
    """True for the jobs of the pages the search index reads (render.search.search_records: the stories',
    honorees', campaigns', topics' and hand-written pages) and of the search page (its shards are checked)."""
    return isinstance(job, ItemJob) or job in (campaign.campaign_pages, topic.topic_pages,
                                               handwritten.handwritten_pages, search.search_pages)


def _finished(job: inparts.PageJob, r: Renderer) -> list[GeneratedPage]:
    """The job's pages as published (edition.finished_page): converting to the edition's script is as
    costly as making them, so it is done in the job."""
    return [finished_page(r, page) for page in job(r)]


def _kept(job: ItemJob, key: bytes, memo: PageMemo, r: Renderer) -> list[GeneratedPage]:
    """The job's pages, made while what they read is recorded; kept for the next build unless refused."""
    return list(made_or_kept(r, memo, key, lambda: _finished(job, r)))


def markdown_texts(site: Site) -> list[str]:
    """Every Markdown text the pages render."""
    return [
        *(story.body for story in site.stories), *(honoree.bio for honoree in site.honorees),
        *(view.campaign.description for view in site.campaigns),
        *(topic.description for topic in site.topics),
        *(page.body for page in site.pages),
    ]
