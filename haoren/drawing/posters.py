"""Honoree posters: a vector A4 PDF for print and a PNG for chats, each drawn once and cached by content."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

import icu4py
import PIL
import png
from PIL import Image, ImageDraw

from haoren.clock import read_clock
from haoren.drawing import drawcache
from haoren.drawing.cards import fit_photo, vertical_gradient
from haoren.drawing.fonts import FontSpec, check_all_glyphs, check_glyphs
from haoren.drawing.posterlayout import (
    ORGANIZER_LABEL, PAPER, POSTER_CONSTANT_TEXT, POSTER_SIZE, QR_CAPTION, Band, Photo, Qr, Rect, Shape, Text,
    lay_out_poster,
)
from haoren.drawing.posterpdf import font_subset, write_poster_pdf
from haoren.drawing.qrcodes import QR_ENCODER, QrModules
from haoren.sourcedigests import SourceDigests

# Part of every poster's cache key: change it with any change to how a poster looks.
POSTER_STYLE = "8: band, portrait, text, QR footer; vector PDF with a TrueType cut of the face, PNG 750 wide, unfiltered"
SHARE_WIDTH = 750  # the width chat apps show an image at full screen


@dataclass(frozen=True)
class PosterJob:
    """One honoree's poster; `key` (e.g. the page URL) names it in the result and in glyph failures.

    `made` dates the PDF: give the honoree's last update rather than the build time, so an
    unchanged poster comes out byte-identical and stays cached.
    """

    key: str
    name: str
    honor_line: str
    headline: str
    summary: str
    portrait: Path | None
    qr_url: str
    organizer: str
    site_name: str
    made: datetime
    qr_caption: str = QR_CAPTION  # the labels, in the edition's script
    organizer_label: str = ORGANIZER_LABEL
    # The code of qr_url when the page's was made in this build (QrCodes.modules): the same modules
    # the encoder would give again, so it is no part of the poster's name.
    qr: QrModules | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class PosterFiles:
    """A poster's two files, relative to the output folder."""

    png: str
    pdf: str


def draw_posters(
    jobs: Sequence[PosterJob], out_dir: Path, cache_dir: Path, font: FontSpec, workers: int = 2
) -> dict[str, PosterFiles]:
    """Every job's poster as `out_dir/posters/<hash>.png` and `.pdf`, drawing only what `cache_dir` lacks.

    The hash covers all that decides the files (see poster_name). Raises GlyphCheckFailed,
    naming every job and field the font cannot draw, before drawing anything. Returns each
    job's key with its files.
    """
    drawcache.require_unique_keys(job.key for job in jobs)
    check_all_glyphs(font, {job.key: _texts(job) for job in jobs})
    names = {job.key: poster_name(job, font) for job in jobs}
    _fill({names[job.key]: job for job in jobs}, out_dir, cache_dir, font, workers)
    return {key: PosterFiles(f"{name}.png", f"{name}.pdf") for key, name in names.items()}


def poster_name(job: PosterJob, font: FontSpec, source_digests: SourceDigests | None = None) -> str:
    """`posters/<hash>`: the fields, the portrait's bytes, the font, POSTER_STYLE, Pillow, ICU, the QR encoder.
    `source_digests` knows the portrait's digest when it is unchanged (drawcache.file_digest)."""
    return drawcache.content_name(
        "posters", poster_versions(font), _texts(job), job.qr_url, job.made.isoformat(),
        drawcache.file_digest(job.portrait, source_digests),
    )


def poster_versions(font: FontSpec) -> list[object]:
    """What every poster's name holds besides its job: POSTER_STYLE, the libraries' versions, the font."""
    return [POSTER_STYLE, PIL.__version__, icu4py.icu_version, QR_ENCODER, *_pdf_versions(), font.identity()]


@cache
def _pdf_versions() -> tuple[str, str, str]:
    """fpdf2's, fontTools' and pypng's versions, read without importing them (see posterpdf)."""
    return metadata.version("fpdf2"), metadata.version("fonttools"), metadata.version("pypng")


def draw_named_posters(
    named: Mapping[str, PosterJob], out_dir: Path | None, cache_dir: Path, font: FontSpec, workers: int = 2
) -> None:
    """`out_dir/<name>.png` and `.pdf` for each poster named by poster_name (no `out_dir`: left in the
    cache, see drawcache.fill); glyphs are checked first, those of the posters the cache lacks (as
    draw_named_cards)."""
    _fill(named, out_dir, cache_dir, font, workers)


def _fill(
    named: Mapping[str, PosterJob], out_dir: Path | None, cache_dir: Path, font: FontSpec, workers: int
) -> None:
    tasks = {name: (job, font, None) for name, job in named.items()}
    drawcache.fill(tasks, (".png", ".pdf"), _draw_poster_files, out_dir, cache_dir, workers,
                   _share_one_font_cut, check=lambda missing: check_all_glyphs(
                       font, {job.key: _texts(job) for job, _, _ in missing.values()}))


def _share_one_font_cut(
    tasks: Mapping[str, tuple[PosterJob, FontSpec, Path | None]], work_dir: Path
) -> dict[str, tuple[PosterJob, FontSpec, Path]]:
    """Cut the font once for every poster to draw (the 65,000-glyph face costs 0.2 s CPU a cut, and
    its outlines about 1 ms a glyph to convert).

    A PDF embeds only its own glyphs whichever cut it starts from (posterpdf.font_subset keeps the
    face's metrics and converts each glyph alike), so sharing the cut changes no byte.
    """
    font = next(iter(tasks.values()))[1]
    text = "".join(POSTER_CONSTANT_TEXT + "".join(_texts(job).values()) for job, _, _ in tasks.values())
    cut = work_dir / "poster-font.ttf"
    cut.write_bytes(font_subset(font, text))
    return {name: (job, font, cut) for name, (job, font, _) in tasks.items()}


def _texts(job: PosterJob) -> dict[str, str]:
    """The fields drawn as text, by name: what the glyph check looks at."""
    return {
        "name": job.name,
        "honor_line": job.honor_line,
        "headline": job.headline,
        "summary": job.summary,
        "organizer": job.organizer,
        "site_name": job.site_name,
        "qr_caption": job.qr_caption,
        "organizer_label": job.organizer_label,
    }


def _draw_poster_files(stem: Path, task: tuple[PosterJob, FontSpec, Path | None]) -> None:
    job, font, font_cut = task
    draw_poster(
        stem.with_name(f"{stem.name}.png"),
        stem.with_name(f"{stem.name}.pdf"),
        **_texts(job),
        portrait=job.portrait,
        qr_url=job.qr_url,
        font=font,
        made=job.made,
        font_cut=font_cut,
        qr=job.qr,
    )


def draw_poster(
    out_png: Path,
    out_pdf: Path,
    *,
    name: str,
    honor_line: str,
    headline: str,
    summary: str,
    portrait: Path | None,
    qr_url: str,
    organizer: str,
    site_name: str,
    font: FontSpec,
    made: datetime | None = None,
    font_cut: Path | None = None,
    qr_caption: str = QR_CAPTION,
    organizer_label: str = ORGANIZER_LABEL,
    qr: QrModules | None = None,
) -> None:
    """Write the poster as a vector A4 PDF (for print) and a PNG SHARE_WIDTH pixels wide (for chats).

    Raises GlyphMissing naming every field the font cannot draw, before drawing anything.
    `made` dates the PDF; by default the build clock, so SOURCE_DATE_EPOCH gives identical files.
    `font_cut` is a subset of `font` made for many posters at once (see _share_one_font_cut); `qr` is
    the code of `qr_url` when it was made already.
    """
    texts = dict(name=name, honor_line=honor_line, headline=headline, summary=summary,
                 organizer=organizer, site_name=site_name, qr_caption=qr_caption, organizer_label=organizer_label)
    check_glyphs(font, **texts)
    shapes = lay_out_poster(**texts, portrait=portrait, qr_url=qr_url, font=font, qr=qr)
    pictures = {shape.path: fit_photo(shape.path, (shape.box[2] - shape.box[0], shape.box[3] - shape.box[1]))
                for shape in shapes if isinstance(shape, Photo)}  # decoded once for both drawings
    write_poster_png(shapes, pictures, out_png, font)
    write_poster_pdf(shapes, pictures, out_pdf, title=name, font=font, made=made or read_clock(), font_cut=font_cut)


def write_poster_png(
    shapes: Sequence[Shape], pictures: Mapping[Path, Image.Image], out_png: Path, font: FontSpec
) -> None:
    """The layout drawn at SHARE_WIDTH: what a phone shows full-screen, a fraction of A4's pixels.

    `pictures` holds each Photo's picture cropped to its box at layout size.
    """
    scale = SHARE_WIDTH / POSTER_SIZE[0]

    def px(value: int) -> int:
        return round(value * scale)

    poster = Image.new("RGB", (SHARE_WIDTH, px(POSTER_SIZE[1])), PAPER)
    draw = ImageDraw.Draw(poster)
    for shape in shapes:
        box = tuple(px(v) for v in getattr(shape, "box", ()))
        if isinstance(shape, Band):
            poster.paste(_band((box[2] - box[0], box[3] - box[1]), shape.top, shape.bottom), box[:2])
        elif isinstance(shape, Rect):
            draw.rectangle(box, fill=shape.fill, outline=shape.outline, width=max(px(shape.outline_width), 1))
        elif isinstance(shape, Photo):
            size = (box[2] - box[0], box[3] - box[1])
            poster.paste(pictures[shape.path].resize(size, Image.Resampling.LANCZOS), box[:2])
        elif isinstance(shape, Text):
            draw.text((px(shape.x), px(shape.y)), shape.text, font=font.sized(px(shape.size)),
                      fill=shape.colour, anchor=shape.anchor)
        elif isinstance(shape, Qr):
            _draw_qr(draw, shape, scale)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    out_png.write_bytes(share_png(poster))


@lru_cache(maxsize=4)
def _band(size: tuple[int, int], top: tuple[int, ...], bottom: tuple[int, ...]) -> Image.Image:
    """The band's gradient, made once a process: bands come in two sizes (an honor of one line or two),
    and making one took 2.4 ms a poster. Pasted from, never drawn on."""
    return vertical_gradient(size, top, bottom)


# zlib level 3: level 1's time (the filters were the cost) for a file 8 % smaller; 6 takes twice as long.
_PNG_COMPRESSION = 3


def share_png(picture: Image.Image) -> bytes:
    """An 8-bit RGB PNG of `picture`, rows unfiltered, with no chunk but the image's own.

    Pillow tries all five PNG filters on every row and keeps the best: half of a poster's PNG time.
    A poster is flat colour and text, which zlib packs better unfiltered (a fifth smaller, in half
    the time, measured on 3,000 posters).
    """
    rgb = picture if picture.mode == "RGB" else picture.convert("RGB")
    pixels = memoryview(rgb.tobytes())
    stride = rgb.width * 3
    rows = (pixels[start:start + stride] for start in range(0, len(pixels), stride))
    buffer = io.BytesIO()
    png.Writer(rgb.width, rgb.height, greyscale=False, bitdepth=8, compression=_PNG_COMPRESSION).write_packed(
        buffer, rows)
    return buffer.getvalue()


def _draw_qr(draw: ImageDraw.ImageDraw, shape: Qr, scale: float) -> None:
    """Module edges rounded to whole pixels from the code's corner, so every module stays square-edged."""
    left, top, right, bottom = shape.box
    draw.rectangle(tuple(round(v * scale) for v in shape.box), fill="white")
    edge = [round((left + i * shape.module) * scale) for i in range((right - left) // shape.module + 1)]
    rows = [round((top + i * shape.module) * scale) for i in range((bottom - top) // shape.module + 1)]
    for row, modules in enumerate(shape.rows):
        for column, dark in enumerate(modules):
            if dark:
                draw.rectangle((edge[column], rows[row], edge[column + 1] - 1, rows[row + 1] - 1), fill="black")


