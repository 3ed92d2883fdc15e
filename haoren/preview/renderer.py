"""Pages of one good model on request: the build's media, drawings, page generators and MkDocs, one page at a time.

A `ModelPages` is made per model generation. What does not depend on the model's content is carried
over from the previous generation (the responsive images when the shown images did not change, the
rendered Markdown while the settings are the same). Share cards and posters are named while a page
renders, as in the build, and drawn when the browser asks for them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from haoren.drawing.cards import draw_named_cards
from haoren.drawing.fonts import FontNotFound, FontSpec, find_cjk_font
from haoren.drawing.posters import draw_named_posters
from haoren.drawing.qrcodes import qr_svg
from haoren.preview.mkpage import PageFrame
from haoren.preview.pages import edition_of, page_at
from haoren.preview.state import Generation
from haoren.publish.site import NOTFOUND_URL, SECTION_URLS, PublishError
from haoren.render.editions import Edition, site_editions
from haoren.render.media import Media, prepare_media, shown_images, shown_videos
from haoren.render.pages import GeneratedPage
from haoren.render.pages.render import BUNDLED_TEMPLATES, RenderContext, Renderer
from haoren.validate.paths import CACHE_FOLDER
from haoren.render.sharing import SharePlan, footer_qr

PAGES_KEPT = 64  # rendered pages of the current model kept for a second look


class PreviewDrawings(SharePlan):
    """The build's SharePlan, which also draws one named card or poster when the browser asks for it."""

    def __init__(self, settings, font: FontSpec, convert, known: dict[str, "PreviewDrawings"]):
        super().__init__(settings, font, convert)
        self._known = known  # every name asked for while serving -> the plan that can draw it

    def card(self, key, title, image):
        url = super().card(key, title, image)
        self._known[url.removeprefix("/").removesuffix(".jpg")] = self
        return url

    def poster(self, key, **fields):
        urls = super().poster(key, **fields)
        self._known[urls[0].removeprefix("/").removesuffix(".png")] = self
        return urls

    def draw_one(self, name: str, out_dir: Path, cache_dir: Path) -> None:
        """`out_dir/<name>.jpg` (a card) or `.png` and `.pdf` (a poster), from the cache when drawn before."""
        if name in self._cards:
            draw_named_cards({name: self._cards[name]}, out_dir, cache_dir, self._font, workers=1)
        elif name in self._posters:
            draw_named_posters({name: self._posters[name]}, out_dir, cache_dir, self._font, workers=1)


class ModelPages:
    """Renders the pages of one generation; one page at a time (MkDocs is not thread-safe)."""

    def __init__(self, site_dir: Path, generation: Generation, previous: "ModelPages | None", work_dir: Path,
                 drawings: dict[str, PreviewDrawings]):
        self.generation = generation
        site = generation.site
        self._site_dir, self._work_dir = Path(site_dir), work_dir
        self._cache_dir = self._site_dir / CACHE_FOLDER
        self.editions: tuple[Edition, ...] = site_editions(site.settings, generation.overrides)
        self._media_key = _media_key(generation)
        if previous is not None and not generation.fresh_files and previous._media_key == self._media_key:
            self.media: Media = previous.media
        else:  # a folder of its own: the previous model's files may be being served right now
            media_dir = work_dir / f"media-{generation.number}"
            media_dir.mkdir(parents=True, exist_ok=True)
            self.media = prepare_media(site, self._cache_dir, media_dir, workers=1, editions=self.editions)
        self._font = previous._font if previous is not None else _font()
        self._drawings = drawings
        self._renderers: dict[str, Renderer] = {}
        # Kept from model to model: compiled templates (by source checksum) and QR codes (by URL).
        self._compiled = previous._compiled if previous is not None else _CompiledTemplates()
        self._qr_codes: dict[str, str] = previous._qr_codes if previous is not None else {}
        self._frame: PageFrame | None = None
        self._frame_key: tuple | None = None
        self._nav: tuple[tuple, list[GeneratedPage]] | None = None
        self._pages: OrderedDict[str, tuple[int, str]] = OrderedDict()
        # One lock for every model: the frame passes from model to model, and a page of the old model
        # may still be rendering when the new one takes it.
        self.lock = previous.lock if previous is not None else threading.Lock()
        if previous is not None and not generation.fresh_files:
            with self.lock:
                self._frame, self._frame_key, self._nav = previous._frame, previous._frame_key, previous._nav
                previous._frame = None  # handed over: its owner no longer closes it

    def close(self) -> None:
        with self.lock:
            if self._frame is not None:
                self._frame.close()
                self._frame = None

    def media_file(self, path: str) -> Path | None:
        """A responsive image, video or captions file of this model under /media/."""
        return self.media.files.get(path)

    def static_file(self, path: str) -> Path | None:
        with self.lock:
            return self._page_frame().static_file(path)

    def html(self, url: str) -> tuple[int, str]:
        """(HTTP status, the page's HTML file as the build writes it); the site's 404 page when there is none."""
        with self.lock:
            kept = self._pages.get(url)
            if kept is not None:
                self._pages.move_to_end(url)
                return kept
            page = self.page(url)
            found = page is not None and page.kind != "notfound"  # the 404 page is MkDocs' 404.html
            answer = (200, self._page_frame().render(page)) if found else (404, self._notfound_html(url))
            self._pages[url] = answer
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
            return answer

    def _notfound_html(self, url: str) -> str:
        """The 404 page of the edition `url` is in: a missing /zh-hant/ address gets the 繁體 one."""
        edition, _ = edition_of(url, self.editions)
        if edition is not None and edition.converted:
            return self._page_frame().render(self.page(edition.url(NOTFOUND_URL)))
        return self._page_frame().render(None)

    def page(self, url: str) -> GeneratedPage | None:
        """The GeneratedPage the build makes for `url` (any edition), or None."""
        edition, own_url = edition_of(url, self.editions)
        if edition is None:
            return None
        return page_at(self._renderer(edition), own_url)

    def _renderer(self, edition: Edition) -> Renderer:
        if edition.code not in self._renderers:
            site = self.generation.site
            context = RenderContext(
                image_html=self.media.image_html, image_size=self.media.image_size,
                drawings=PreviewDrawings(site.settings, self._font, edition.convert if edition.converted else None,
                                         self._drawings),
                qr_svg=self._qr_svg, video_sources=self.media.for_edition(edition).video_sources,
                template_dirs=(self._site_dir / "theme" / "haoren", BUNDLED_TEMPLATES),
                edition=edition, editions=self.editions, workers=1,
            )
            renderer = Renderer(site, context)
            renderer.env.bytecode_cache = self._compiled
            self._renderers[edition.code] = renderer
        return self._renderers[edition.code]

    def _qr_svg(self, url: str) -> str:
        if url not in self._qr_codes:
            self._qr_codes[url] = qr_svg(url)
        return self._qr_codes[url]

    def _page_frame(self) -> PageFrame:
        """MkDocs set up with the nav's pages (in every edition) and this model's 404 page, made on first use.

        Other pages show only the titles and URLs of the nav's pages (the header's tabs, the drawer),
        and those come from the settings, the editions and the hand-written pages alone: the nav's
        pages are made again only when these change (the home page and the rolls' index are costly at
        10,000 stories). The 404 page (it lists the newest stories) and the footer are compared whole.
        A nav page asked for is, like any page, rendered from this model.
        """
        site = self.generation.site
        notfound = self.page(NOTFOUND_URL)
        edition_notfound = tuple(page for edition in self.editions if edition.converted
                                 if (page := self.page(edition.url(NOTFOUND_URL))) is not None)
        qr = footer_qr(self.media, site.settings)
        nav_key = (site.settings, site.pages, self.generation.overrides, bool(site.stories), bool(site.honorees))
        if self._nav is None or self._nav[0] != nav_key:
            self._nav = (nav_key, [page for edition in self.editions for url in SECTION_URLS
                                   if (page := self.page(edition.url(url))) is not None])
        key = (nav_key, notfound, edition_notfound, repr(qr))
        if self._frame is None or self._frame_key != key:
            nav = self._nav[1]
            frame = PageFrame(self._site_dir, nav, notfound, site.settings, self.editions, qr, self._work_dir,
                              theme_from=self._frame, edition_notfound=edition_notfound)
            old, self._frame = self._frame, frame
            self._frame_key = key
            if old is not None:
                old.close()
        return self._frame


class _CompiledTemplates(BytecodeCache):
    """Our templates compiled once while serving; Jinja checks each one's source checksum on load."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _media_key(generation: Generation) -> tuple:
    """What decides the model's media: the images and videos shown, the settings (WeChat QR, base URL,
    editions) and the editions' fixed forms (converted captions)."""
    site = generation.site
    return (tuple(sorted({image.source for image in shown_images(site)})), tuple(shown_videos(site)),
            site.settings, generation.overrides)


def _font() -> FontSpec:
    try:
        return find_cjk_font()
    except FontNotFound as missing:
        raise PublishError(str(missing)) from None


def drawn_file(drawings: Mapping[str, PreviewDrawings], path: str, out_dir: Path, cache_dir: Path) -> Path | None:
    """A card or poster file (`cards/<hash>.jpg`, `posters/<hash>.png|.pdf`) some page named, drawn if need be."""
    name, dot, suffix = path.rpartition(".")
    plan = drawings.get(name)
    if plan is None or suffix not in ("jpg", "png", "pdf"):
        return None
    target = out_dir / path
    if not target.is_file():
        plan.draw_one(name, out_dir, cache_dir)
    return target if target.is_file() else None
