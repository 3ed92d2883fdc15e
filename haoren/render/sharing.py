"""Share cards and posters of one build: named while the pages render, then drawn together, cached."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from haoren.drawing.cards import CARD_SIZE, CardJob, card_name, card_versions, draw_named_cards
from haoren.drawing.drawcache import cached_file
from haoren.drawing.fonts import FontSpec, GlyphCheckFailed
from haoren.drawing.posterlayout import ORGANIZER_LABEL, QR_CAPTION
from haoren.drawing.posters import PosterJob, draw_named_posters, poster_name, poster_versions
from haoren.drawing.qrcodes import QrModules
from haoren.render.media import Media
from haoren.schema import Settings
from haoren.sourcedigests import SourceDigests


class DrawingFailed(Exception):
    """A card or poster cannot be drawn; the message names each page and field."""


class SharePlan:
    """The cards and posters the pages asked for (haoren.pages.sharemeta.Drawings), by file name.

    A name is the hash of all that decides the drawing, so the pages can link a card before it
    exists, pages with the same card share one file, and a warm rebuild draws nothing.
    """

    card_size = CARD_SIZE

    def __init__(self, settings: Settings, font: FontSpec, convert: Callable[[str], str] | None = None,
                 qr: Callable[[str], QrModules | None] | None = None, source_digests: SourceDigests | None = None):
        """`convert` draws an edition's cards and posters in its script (the 繁體 edition's converter);
        `qr` gives a poster's code when the page's was made already (QrCodes.modules); `source_digests`, the
        build's digests of its files (the photos a card or poster shows are read once, if at all)."""
        self._source_digests = source_digests if source_digests is not None else SourceDigests()
        self._convert = convert or (lambda text: text)
        self._qr = qr or (lambda url: None)
        self._site_name = self._convert(settings.name)
        self._organizer = self._convert(settings.organizer)
        self._font = font.pinned()  # one identity for every name this plan gives
        self._cards: dict[str, CardJob] = {}
        self._posters: dict[str, PosterJob] = {}

    @property
    def font(self) -> FontSpec:
        return self._font

    @property
    def cards(self) -> Mapping[str, CardJob]:
        """The cards asked for, by file name (without .jpg)."""
        return MappingProxyType(self._cards)

    @property
    def posters(self) -> Mapping[str, PosterJob]:
        """The posters asked for, by file name (without .png/.pdf)."""
        return MappingProxyType(self._posters)

    def card(self, key: str, title: str, image: Path | None) -> str:
        job = CardJob(key, self._convert(title), self._site_name, image)
        name = card_name(job, self._font, self._source_digests)
        self._cards.setdefault(name, job)
        return f"/{name}.jpg"

    def poster(
        self, key: str, *, name: str, honor_line: str, headline: str, summary: str, portrait: Path | None,
        qr_url: str, made: datetime,
    ) -> tuple[str, str]:
        convert = self._convert
        job = PosterJob(
            key=key, name=convert(name), honor_line=convert(honor_line), headline=convert(headline),
            summary=convert(summary), portrait=portrait, qr_url=qr_url, organizer=self._organizer,
            site_name=self._site_name, made=made, qr_caption=convert(QR_CAPTION),
            organizer_label=convert(ORGANIZER_LABEL), qr=self._qr(qr_url),
        )
        file_name = poster_name(job, self._font, self._source_digests)
        self._posters.setdefault(file_name, job)
        return f"/{file_name}.png", f"/{file_name}.pdf"

    def asked(self) -> Mapping[str, CardJob | PosterJob]:
        return {**self._cards, **self._posters}  # names differ: cards/<hash>, posters/<hash>

    def asked_for(self, name: str) -> CardJob | PosterJob:
        return self._cards[name] if name in self._cards else self._posters[name]

    def naming(self) -> str:
        """What every name holds besides its job's fields and photo: the font file, the styles, the libraries'
        versions. A page memo kept under it (pipeline) holds names `named_alike` need not make again."""
        return repr((card_versions(self._font), poster_versions(self._font)))

    def named_alike(self, asked: Mapping[str, CardJob | PosterJob]) -> bool:
        """True when each drawing with a photo would get the same name now: the photo's bytes may have
        changed. One without is named by its job's fields alone, under the same `naming` (a memo's tag):
        at 10,000 stories naming them all again took an edit 0.25 s before its search index could start."""
        return all(
            (card_name(job, self._font, self._source_digests) if isinstance(job, CardJob)
             else poster_name(job, self._font, self._source_digests)) == name
            for name, job in asked.items()
            if (job.image if isinstance(job, CardJob) else job.portrait) is not None
        )

    def take(self, asked: Mapping[str, object]) -> None:
        for name, job in asked.items():
            if isinstance(job, CardJob):
                self._cards.setdefault(name, job)
            elif isinstance(job, PosterJob):
                self._posters.setdefault(name, job)
            else:
                raise TypeError(f"{name}: not a card or poster job: {job!r}")

    def draw(self, out_dir: Path, cache_dir: Path, workers: int = 2) -> dict[str, Path]:
        """Put every card and poster under `out_dir`, drawing only what `cache_dir` lacks.

        Returns the files by their path in the site. Raises DrawingFailed, naming every page and
        field whose text the font cannot draw (validation reports them first, with file and line).
        """
        return draw_plans([self], out_dir, cache_dir, workers)


def draw_plans(plans: Sequence[SharePlan], out_dir: Path | None, cache_dir: Path,
               workers: int = 2) -> dict[str, Path]:
    """SharePlan.draw for every edition's plan at once: one pool of workers and one cut of the font
    for all of them, rather than one per edition. With no `out_dir` the files are the cache's own
    (drawcache.fill): a build publishes those, with no link of its own to make and remove for each."""
    if not plans:
        return {}
    cards = {name: job for plan in plans for name, job in plan.cards.items()}
    posters = {name: job for plan in plans for name, job in plan.posters.items()}
    font = plans[0].font
    try:
        draw_named_cards(cards, out_dir, cache_dir, font, workers)
        draw_named_posters(posters, out_dir, cache_dir, font, workers)
    except GlyphCheckFailed as failed:
        raise DrawingFailed(str(failed)) from None
    files = [(name, ".jpg") for name in cards]
    files += [(name, suffix) for name in posters for suffix in (".png", ".pdf")]
    folder = cache_dir if out_dir is None else out_dir
    return {f"{name}{suffix}": cached_file(folder, name, suffix) for name, suffix in files}


def footer_qr(media: Media, settings: Settings) -> dict[str, object] | None:
    """The office's own WeChat account QR for the footer: its site URL (from /media/), size and alt text."""
    if settings.wechat_qr is None or media.footer_qr is None:
        return None
    src, width, height = media.footer_qr
    return {"src": src, "width": width, "height": height, "alt": settings.wechat_qr.alt}
