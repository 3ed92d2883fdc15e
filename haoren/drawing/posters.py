"""Printable A4 posters of an honoree (PNG and PDF at 150 dpi) with a QR code to their page."""

from __future__ import annotations

import io
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import icu4py
import PIL
import segno
from PIL import Image, ImageDraw

from haoren.clock import read_clock
from haoren.drawing import drawcache
from haoren.drawing.cards import fit_photo, vertical_gradient
from haoren.drawing.fonts import FontSpec, check_all_glyphs, check_glyphs
from haoren.drawing.qrcodes import make_qr
from haoren.drawing.wrapping import balance_lines, wrap_text

# Part of every poster's cache key: change it with any change to how a poster looks.
POSTER_STYLE = "2: band, Hamming-scaled portrait, text, QR footer; PNG, PDF of a q90 4:4:4 JPEG"
POSTER_DPI = 150
POSTER_SIZE = (1240, 1754)  # A4, 210 x 297 mm, at 150 dpi
QR_CAPTION = "扫码阅读事迹"

_MARGIN = 110
_PAPER = (255, 250, 243)
_BRAND_TOP = (198, 40, 40)
_BRAND_BOTTOM = (150, 22, 22)
_GOLD = (255, 213, 79)
_INK = (33, 33, 33)
_GREY = (80, 80, 80)
_PORTRAIT = (420, 560)
_PORTRAIT_MIN_HEIGHT = 360
_FOOTER_HEIGHT = 300
_QR_SIZE = 230


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


def poster_name(job: PosterJob, font: FontSpec) -> str:
    """`posters/<hash>`: the fields, the portrait's bytes, the font, POSTER_STYLE, Pillow, ICU, segno."""
    versions = [POSTER_STYLE, PIL.__version__, icu4py.icu_version, segno.__version__, font.identity()]
    return drawcache.content_name(
        "posters", versions, _texts(job), job.qr_url, job.made.isoformat(),
        drawcache.file_digest(job.portrait),
    )


def draw_named_posters(
    named: Mapping[str, PosterJob], out_dir: Path, cache_dir: Path, font: FontSpec, workers: int = 2
) -> None:
    """`out_dir/<name>.png` and `.pdf` for each poster named by poster_name; glyphs are checked first."""
    check_all_glyphs(font, {job.key: _texts(job) for job in named.values()})
    _fill(named, out_dir, cache_dir, font, workers)


def _fill(
    named: Mapping[str, PosterJob], out_dir: Path, cache_dir: Path, font: FontSpec, workers: int
) -> None:
    tasks = {name: (job, font) for name, job in named.items()}
    drawcache.fill(tasks, (".png", ".pdf"), _draw_poster_files, out_dir, cache_dir, workers)


def _texts(job: PosterJob) -> dict[str, str]:
    """The fields drawn as text, by name: what the glyph check looks at."""
    return {
        "name": job.name,
        "honor_line": job.honor_line,
        "headline": job.headline,
        "summary": job.summary,
        "organizer": job.organizer,
        "site_name": job.site_name,
    }


def _draw_poster_files(stem: Path, task: tuple[PosterJob, FontSpec]) -> None:
    job, font = task
    draw_poster(
        stem.with_name(f"{stem.name}.png"),
        stem.with_name(f"{stem.name}.pdf"),
        **_texts(job),
        portrait=job.portrait,
        qr_url=job.qr_url,
        font=font,
        made=job.made,
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
) -> None:
    """Write the poster as a PNG and a one-page A4 PDF.

    Raises GlyphMissing naming every field the font cannot draw, before drawing anything.
    `made` dates the PDF; by default the build clock, so SOURCE_DATE_EPOCH gives identical files.
    """
    check_glyphs(
        font,
        name=name,
        honor_line=honor_line,
        headline=headline,
        summary=summary,
        organizer=organizer,
        site_name=site_name,
    )
    width, height = POSTER_SIZE
    poster = Image.new("RGB", POSTER_SIZE, _PAPER)
    draw = ImageDraw.Draw(poster)
    text_width = width - 2 * _MARGIN

    header_bottom = _draw_header(poster, draw, honor_line=honor_line, site_name=site_name, font=font)
    name_size, headline_size, summary_size = 92, 50, 34
    headline_lines = _centred_lines(headline, font, headline_size, text_width, 2)
    summary_font = font.sized(summary_size)
    line_height = round(summary_size * 1.6)
    footer_top = height - _FOOTER_HEIGHT
    y = header_bottom + 60
    text_height = name_size + 30 + len(headline_lines) * round(headline_size * 1.35) + 40

    if portrait is not None:
        # The portrait gives way to the summary: at least four lines of it, or all if shorter.
        wanted_lines = min(len(wrap_text(summary, summary_font, text_width, 99)[0]), 4)
        room = footer_top - 30 - y - text_height - wanted_lines * line_height - 40
        frame_height = max(min(room, _PORTRAIT[1]), _PORTRAIT_MIN_HEIGHT)
        frame = (frame_height * 3 // 4, frame_height)
        left = (width - frame[0]) // 2
        mat = (left - 12, y - 12, left + frame[0] + 12, y + frame[1] + 12)
        draw.rectangle(mat, fill="white", outline=(224, 214, 200), width=2)
        poster.paste(fit_photo(portrait, frame), (left, y))
        y += frame[1] + 40

    y += name_size
    _text(draw, (width // 2, y), _one_line(name, font, name_size, text_width), font, name_size, _INK, "ms")
    y += 30
    for line in headline_lines:
        y += round(headline_size * 1.35)
        _text(draw, (width // 2, y), line, font, headline_size, _BRAND_BOTTOM, "ms")
    y += 40

    room_lines = max((footer_top - 30 - y) // line_height, 0)
    if room_lines:
        for line in wrap_text(summary, summary_font, text_width, room_lines)[0]:
            y += line_height
            _text(draw, (_MARGIN, y), line, font, summary_size, _GREY, "ls")

    _draw_footer(poster, draw, footer_top, qr_url=qr_url, organizer=organizer, site_name=site_name, font=font)

    out_png.parent.mkdir(parents=True, exist_ok=True)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    # zlib level 1: a tenth of the time of `optimize`, for a file about 10% larger.
    poster.save(out_png, "PNG", dpi=(POSTER_DPI, POSTER_DPI), compress_level=1)
    stamp = time.gmtime((made or read_clock()).timestamp())
    pdf = io.BytesIO()
    # The PDF holds the page as one JPEG: full-resolution colour keeps red type on white crisp in print.
    poster.save(
        pdf,
        "PDF",
        resolution=POSTER_DPI,
        title=name,
        creationDate=stamp,
        modDate=stamp,
        quality=90,
        subsampling="4:4:4",
    )
    out_pdf.write_bytes(pdf.getvalue())


def _draw_header(
    poster: Image.Image, draw: ImageDraw.ImageDraw, *, honor_line: str, site_name: str, font: FontSpec
) -> int:
    """The site, then the honor in large white type on the brand colour; returns where the header ends."""
    width = POSTER_SIZE[0]
    text_width = width - 2 * _MARGIN
    honor_size = 76
    honor_lines = _centred_lines(honor_line, font, honor_size, text_width, 2)
    bottom = max(290, 150 + len(honor_lines) * round(honor_size * 1.3) + 50)
    poster.paste(vertical_gradient((width, bottom), _BRAND_TOP, _BRAND_BOTTOM), (0, 0))
    draw.rectangle((0, bottom, width, bottom + 8), fill=_GOLD)
    site_line = _one_line(site_name, font, 34, text_width)
    _text(draw, (width // 2, 100), site_line, font, 34, (255, 224, 178), "ms")
    y = 150
    for line in honor_lines:
        y += round(honor_size * 1.3)
        _text(draw, (width // 2, y - round(honor_size * 0.3)), line, font, honor_size, "white", "ms")
    return bottom


def _draw_footer(
    poster: Image.Image,
    draw: ImageDraw.ImageDraw,
    top: int,
    *,
    qr_url: str,
    organizer: str,
    site_name: str,
    font: FontSpec,
) -> None:
    """Organizer and site on the left; the QR code to the page on the right, large enough for any phone."""
    width = POSTER_SIZE[0]
    draw.line((_MARGIN, top, width - _MARGIN, top), fill=(224, 214, 200), width=2)
    qr = _qr_image(qr_url, _QR_SIZE)
    qr_left = width - _MARGIN - qr.width
    poster.paste(qr, (qr_left, top + 30))
    _text(draw, (qr_left + qr.width // 2, top + 30 + qr.height + 36), QR_CAPTION, font, 26, _GREY, "ms")

    left_width = qr_left - _MARGIN - 40
    y = top + 90
    organizer_lines, _ = wrap_text(f"主办单位：{organizer}", font.sized(30), left_width, 3)
    for line in organizer_lines:
        _text(draw, (_MARGIN, y), line, font, 30, _INK, "ls")
        y += 46
    _text(draw, (_MARGIN, y + 20), _one_line(site_name, font, 28, left_width), font, 28, _GREY, "ls")


def _qr_image(url: str, target: int) -> Image.Image:
    """The QR code at whole pixels a module, as large as fits `target`: sharp edges scan best."""
    qr = make_qr(url)
    border = 2
    modules = qr.symbol_size(scale=1, border=border)[0]
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(target // modules, 1), border=border)
    buffer.seek(0)
    with Image.open(buffer) as im:
        return im.convert("RGB")


def _centred_lines(text: str, font: FontSpec, size: int, max_width: int, max_lines: int) -> list[str]:
    sized = font.sized(size)
    lines, cut = wrap_text(text, sized, max_width, max_lines)
    return lines if cut else balance_lines(text, sized, max_width, len(lines))


def _one_line(text: str, font: FontSpec, size: int, max_width: int) -> str:
    lines, _ = wrap_text(text, font.sized(size), max_width, 1)
    return lines[0] if lines else ""


def _text(
    draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, font: FontSpec, size: int, fill, anchor: str
) -> None:
    draw.text(xy, text, font=font.sized(size), fill=fill, anchor=anchor)
