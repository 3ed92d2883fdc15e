"""Our Jinja environment (autoescaped, strict) and the Renderer every page module renders through."""

from __future__ import annotations

import dataclasses
import html
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import opencc
from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from haoren.clock import SHANGHAI
from haoren.model.site import Site
from haoren.problems import Problem
from haoren.render.editions import Edition, edition_links, own_edition
from haoren.render.pages import Drawings, GeneratedPage, ShareInfo, VideoSources, urls
from haoren.render.pages.markdown import CostlyMarkdown, render_many, replace_images
from haoren.render.pages.mdcache import MarkdownCache
from haoren.schema import Honoree, Image, Video

# The bundled sample site's templates; a site folder's own theme/haoren overrides them by name.
BUNDLED_TEMPLATES = Path(__file__).resolve().parents[3] / "theme" / "haoren"
LEVEL_LABELS = {"national": "全国", "province": "省级", "city": "市级", "county": "县级"}
QUARTER_NAMES = ("一", "二", "三", "四")
READING_SPEED = 400  # Chinese characters a minute
_WHITESPACE = re.compile(r"\s+")


def placeholder_image_html(image: Image, lazy: bool) -> str:
    """Until responsive images are wired in: a plain <img> named after the source file."""
    loading = ' loading="lazy"' if lazy else ""
    src = html.escape(f"/images/{image.source.name}", quote=True)
    return f'<img src="{src}" alt="{html.escape(image.alt, quote=True)}"{loading} decoding="async">'


@dataclass(frozen=True)
class RenderContext:
    """What the build wires in from outside the page modules."""

    image_html: Callable[[Image, bool], str] = placeholder_image_html  # returns finished, escaped HTML
    template_dirs: tuple[Path, ...] = (BUNDLED_TEMPLATES,)  # searched in order
    workers: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))  # processes for Markdown
    # Share cards and posters (haoren.sharing.SharePlan); None: pages have none.
    drawings: Drawings | None = None
    # The pixel size an image is published at (for the >= 300x300 lead image WeChat wants); None: unknown.
    image_size: Callable[[Image], tuple[int, int]] | None = None
    # share.qr_svg, made beforehand (haoren.qrcodes.QrCodes.svg); None: made while rendering.
    qr_svg: Callable[[str], str] | None = None
    # Where a video's published files are (render.media.Media.video_sources); None: pages show no videos.
    video_sources: Callable[[Video], VideoSources] | None = None
    # The edition these pages are for (its links, its text), and every edition the site publishes.
    edition: Edition | None = None  # None: the site's own
    editions: tuple[Edition, ...] = ()
    # Rendered Markdown by text, shared by the editions and kept between builds (render.pages.mdcache);
    # None: this render's own, in memory.
    markdown_cache: MarkdownCache | None = None
    # The search index is split into shards above this many published items (render.pages.search);
    # None: the default, SEARCH_SHARD_ABOVE. A test passes a small number to shard a small site.
    search_shard_above: int | None = None


class _ScriptLoader(BaseLoader):
    """Templates are written in Simplified Chinese; a Traditional site reads their labels converted."""

    def __init__(self, dirs: Iterable[Path], convert: Callable[[str], str]):
        self._files = FileSystemLoader([str(d) for d in dirs])
        self._convert = convert

    def get_source(self, environment: Environment, template: str):
        source, filename, uptodate = self._files.get_source(environment, template)
        return self._convert(source), filename, uptodate


class Renderer:
    """One build's rendering state: the site, its URLs, the Markdown renderer and the problems found."""

    def __init__(self, site: Site, context: RenderContext):
        self.site = site
        self.context = context
        settings = site.settings
        self.edition = context.edition or own_edition(settings)
        self.urls = urls.SiteUrls(settings.base_url, settings.districts, site.stories_by_tag.keys(),
                                  self.edition.url)
        self.roll_periods = frozenset(roll.period for roll in site.rolls)
        self.problems: list[Problem] = []
        # Page-memo entries of the jobs made here, by key (render.pages.memo; inparts sends the forked part's),
        # and the keys of those it gave back while a job ran (a list's pages).
        self.kept_jobs: dict[bytes, object] = {}
        self.reused_jobs: set[bytes] = set()
        # The last build's pages (a render.pages.memo.PageMemo, which imports this module) when generate_pages
        # was given them.
        self.memo: object | None = None
        self._markdown = context.markdown_cache or MarkdownCache()
        self._rendered = self._markdown.rendered
        # Text that leaves the page encoded (share links, mail subjects) is converted before it is.
        self.text = self.edition.convert
        self._body_images = body_images_by_path(site)
        self.label = opencc.OpenCC("s2t").convert if settings.script == "zh-Hant" else _same
        self.env = Environment(
            loader=_ScriptLoader(context.template_dirs, self.label),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters.update(
            iso=iso_datetime, day=day_label, period=self.period_label,
            level=self.level_label, birth=birth_label, t=self.label,
        )
        self.env.globals.update(
            site=_SiteNow(self), settings=settings, href=self.urls.href, image=self.image,
            story_url=urls.story_url, honoree_url=urls.honoree_url, campaign_url=urls.campaign_url,
            topic_url=urls.topic_url, roll_url=self.roll_link, archive_url=urls.archive_url,
            tag_url=self.urls.tag, category_url=self.urls.category, district_url=self.urls.district,
            stars=self.stars, edition=self.edition,
        )

    @property
    def rendered(self) -> dict[str, str | CostlyMarkdown]:
        """The Markdown rendered so far, by text (the build's MarkdownCache keeps it for the next build)."""
        return self._rendered

    def render(self, template: str, **values: object) -> str:
        return self.env.get_template(template).render(**values)

    def page(
        self, template: str, *, url: str, title: str, description: str, kind: str,
        lastmod: datetime | None = None, in_sitemap: bool = True, share: ShareInfo | None = None,
        **values: object,
    ) -> GeneratedPage:
        return GeneratedPage(
            url=url, title=title, description=description, kind=kind,
            content_html=self.render(template, title=title, **values),
            lastmod=lastmod, in_sitemap=in_sitemap, share=share or ShareInfo(),
        )

    def prepare_markdown(self, texts: Iterable[str]) -> None:
        """Render every text the pages will ask for at once (the last build's from the cache), over processes."""
        unique = self._markdown.recall(sorted(set(texts) - self._rendered.keys()))
        rendered = render_many(unique, self.site.settings.iframe_hosts, self.context.workers)
        self._rendered.update(zip(unique, rendered))

    def markdown(self, text: str, path: str, line: int, field_name: str) -> Markup:
        """Sanitized HTML; a refused text becomes a problem of its file and renders as nothing."""
        if text not in self._rendered:
            self.prepare_markdown([text])
        result = self._rendered[text]
        if isinstance(result, CostlyMarkdown):
            self.problems.append(Problem(path, line + result.line, field_name, result.message))
            return Markup("")
        if "<img" in result:
            result = self._with_pictures(result, self._body_images.get(path, {}))
        return Markup(edition_links(result, self.edition))

    def _with_pictures(self, body_html: str, images: Mapping[str, Image]) -> str:
        """Each image of a sanitized text as the media's lazy <picture>, with the text's own alt.

        An image validation did not check (content made without it) is left out: a page never
        points at a file that was not published.
        """
        def picture(src: str, alt: str) -> str | None:
            image = images.get(src)
            if image is None:
                return None
            alt = " ".join(alt.split()) or image.alt
            return self.context.image_html(dataclasses.replace(image, alt=alt), True)

        return replace_images(body_html, picture)

    def image(self, image: Image, lazy: bool = True) -> Markup:
        return Markup(self.context.image_html(image, lazy))

    def roll_link(self, period: str) -> str | None:
        return urls.roll_url(period) if period in self.roll_periods else None

    def stars(self, honoree: Honoree) -> str:
        """`★★★ 650 小时`: the hours always stand next to the stars."""
        if not honoree.volunteer:
            return ""
        count = self.site.stars.get(honoree.id, 0)
        return self.label(f"{'★' * count} {honoree.volunteer.hours} 小时".strip())

    def period_label(self, period: str) -> str:
        year = period[:4]
        if len(period) == 4:
            return self.label(f"{year}年度")
        if "-Q" in period:
            return self.label(f"{year}年第{QUARTER_NAMES[int(period[6:]) - 1]}季度")
        return f"{year}年{int(period[5:])}月"

    def level_label(self, level: str) -> str:
        return self.label(LEVEL_LABELS.get(level, level))


class _SiteNow:
    """The `site` of the templates: the Site the Renderer holds when it is read.

    Jinja copies the globals into a template module once (`{% import %}` of macros), so the
    global cannot be swapped for the page memo's recorder (render.pages.memo); this one follows.
    """

    def __init__(self, renderer: Renderer):
        self._renderer = renderer

    def __getattr__(self, name: str) -> object:
        return getattr(self._renderer.site, name)


def body_images_by_path(site: Site) -> dict[str, Mapping[str, Image]]:
    """The checked images of each item's Markdown, by the item's file and the src as written.

    A bio's images need consent to photos, as media.shown_images decides.
    """
    items = [*site.stories, *(h for h in site.honorees if h.consent.photo),
             *(view.campaign for view in site.campaigns), *site.topics, *site.pages]
    return {item.path: {image.src: image for image in item.body_images} for item in items if item.body_images}


def _same(text: str) -> str:
    return text


def iso_datetime(moment: datetime | date) -> str:
    """`2020-03-25T10:00:00+08:00`, whatever zone the value came in."""
    return as_shanghai(moment).isoformat(timespec="seconds")


def as_shanghai(moment: datetime | date) -> datetime:
    if not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day, tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def day_label(moment: datetime | date) -> str:
    """`2020年12月18日`: the one way pages write a date (a <time datetime> keeps it in ISO)."""
    local = as_shanghai(moment)
    return f"{local.year}年{local.month}月{local.day}日"


def birth_label(birth: str) -> str:
    """`1980` -> `1980年`, `1980-03` -> `1980年3月`; never a day."""
    return f"{birth[:4]}年" if len(birth) == 4 else f"{birth[:4]}年{int(birth[5:7])}月"


def reading_minutes(body_html: str) -> int:
    """Minutes at READING_SPEED characters a minute, from the text of the rendered body."""
    characters = len(_WHITESPACE.sub("", Markup(body_html).striptags()))
    return max(1, -(-characters // READING_SPEED))
