"""Share cards: the 1200x630 JPEG of a page (photo or brand colour, with its title), drawn once and cached."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import icu4py
import PIL
from PIL import Image, ImageDraw, ImageOps

from haoren.drawing import drawcache
from haoren.drawing.fonts import FontSpec, check_all_glyphs, check_glyphs
from haoren.drawing.wrapping import balance_lines, wrap_text, wrap_title
from haoren.sourcedigests import SourceDigests

# Part of every card's cache key: change it with any change to how a card looks.
CARD_STYLE = "3: title on a solid panel in the centre square, photo never enlarged, word-level wrapping, JPEG 4:2:0"
CARD_SIZE = (1200, 630)
CARD_MAX_BYTES = 1_000_000
# The first fits any real photo under CARD_MAX_BYTES; the lower ones are for noise-like pictures.
CARD_QUALITIES = (85, 75, 65, 55, 45)

# WeChat crops the card to its centre square, so every word lives inside it.
_SQUARE_LEFT = (CARD_SIZE[0] - CARD_SIZE[1]) // 2
_TEXT_MARGIN = 40
_TEXT_WIDTH = CARD_SIZE[1] - 2 * _TEXT_MARGIN
_TITLE_SIZES = (56, 52, 48, 44, 40, 36)
_TITLE_BLOCK_HEIGHT = 240
_PHOTO_TITLE_BLOCK_HEIGHT = 150  # below a photo: two or three lines, so the photo keeps most of the card
_SITE_SIZE = 26
_BRAND_TOP = (183, 28, 28)
_BRAND_BOTTOM = (120, 16, 16)
# Behind the text over a photo: white on it is 10.4:1 (WCAG asks 4.5:1), whatever the photo.
PANEL_COLOUR = (127, 20, 20)
_PANEL_PADDING = 36


@dataclass(frozen=True)
class CardJob:
    """One page's share card; `key` (e.g. the page URL) names it in the result and in glyph failures."""

    key: str
    title: str
    site_name: str
    image: Path | None = None


def draw_cards(
    jobs: Sequence[CardJob], out_dir: Path, cache_dir: Path, font: FontSpec, workers: int = 2
) -> dict[str, str]:
    """Every job's card as `out_dir/cards/<hash>.jpg`, drawing only the cards `cache_dir` lacks.

    The hash covers all that decides the pixels (see card_name), so a card is redrawn exactly
    when it would come out different. Raises GlyphCheckFailed, naming every job and field the
    font cannot draw, before drawing anything. Returns each job's key with its card's path
    relative to `out_dir`.
    """
    drawcache.require_unique_keys(job.key for job in jobs)
    check_all_glyphs(font, {job.key: _texts(job) for job in jobs})
    names = {job.key: card_name(job, font) for job in jobs}
    _fill({names[job.key]: job for job in jobs}, out_dir, cache_dir, font, workers)
    return {key: f"{name}.jpg" for key, name in names.items()}


def card_name(job: CardJob, font: FontSpec, source_digests: SourceDigests | None = None) -> str:
    """`cards/<hash>`: the title, site name, the photo's bytes, the font file, CARD_STYLE, Pillow and ICU.
    `source_digests` knows the photo's digest when it is unchanged (drawcache.file_digest)."""
    digest = drawcache.file_digest(job.image, source_digests)
    return drawcache.content_name("cards", card_versions(font), job.title, job.site_name, digest)


def card_versions(font: FontSpec) -> list[object]:
    """What every card's name holds besides its job: CARD_STYLE, Pillow's and ICU's versions, the font."""
    return [CARD_STYLE, PIL.__version__, icu4py.icu_version, font.identity()]


def draw_named_cards(
    named: Mapping[str, CardJob], out_dir: Path | None, cache_dir: Path, font: FontSpec, workers: int = 2
) -> None:
    """`out_dir/<name>.jpg` for each card named by card_name (no `out_dir`: left in the cache, see
    drawcache.fill); like draw_cards, glyphs are checked first, those of the cards the cache lacks: at 10,000
    stories, checking every card's took an edit 0.05 s, every poster's 0.25 s."""
    _fill(named, out_dir, cache_dir, font, workers)


def _fill(named: Mapping[str, CardJob], out_dir: Path | None, cache_dir: Path, font: FontSpec, workers: int) -> None:
    tasks = {name: (job, font) for name, job in named.items()}
    drawcache.fill(tasks, (".jpg",), _draw_card_file, out_dir, cache_dir, workers,
                   check=lambda missing: check_all_glyphs(
                       font, {job.key: _texts(job) for job, _ in missing.values()}))


def _texts(job: CardJob) -> dict[str, str]:
    return {"title": job.title, "site_name": job.site_name}


def _draw_card_file(stem: Path, task: tuple[CardJob, FontSpec]) -> None:
    job, font = task
    out = stem.with_name(f"{stem.name}.jpg")
    draw_card(out, title=job.title, site_name=job.site_name, image=job.image, font=font)


def draw_card(out: Path, *, title: str, site_name: str, image: Path | None, font: FontSpec) -> None:
    """Write the 1200x630 share card (JPEG, under 1 MB): the photo, or the brand colour, with the title.

    Raises GlyphMissing (fields "title", "site_name") before drawing anything.
    """
    check_glyphs(font, title=title, site_name=site_name)
    site_name = " ".join(site_name.split())
    card = _brand_background().copy()
    lines, size = _fit_title(title, font, _TITLE_BLOCK_HEIGHT if image is None else _PHOTO_TITLE_BLOCK_HEIGHT)
    line_height = round(size * 1.3)
    site_font = font.sized(_SITE_SIZE)
    site_name = wrap_title(site_name, site_font, _TEXT_WIDTH, 1)[0] if site_name else ""
    gap = 22
    block = len(lines) * line_height + gap + _SITE_SIZE
    if image is not None:
        # The photo at its own size or smaller (an enlarged photo shows its pixels as steps), and
        # the text below it on a solid panel, never on the photo itself.
        top = CARD_SIZE[1] - _PANEL_PADDING - block
        panel_top = top - _PANEL_PADDING
        photo = contained_photo(image, (CARD_SIZE[0], panel_top))
        card.paste(photo, ((CARD_SIZE[0] - photo.width) // 2, (panel_top - photo.height) // 2))
        ImageDraw.Draw(card).rectangle([(0, panel_top), (CARD_SIZE[0], CARD_SIZE[1])], fill=PANEL_COLOUR)
    else:
        top = (CARD_SIZE[1] - block) // 2

    draw = ImageDraw.Draw(card)
    centre_x = _SQUARE_LEFT + CARD_SIZE[1] // 2
    for i, line in enumerate(lines):
        baseline = top + (i + 1) * line_height - round(size * 0.3)
        draw.text((centre_x, baseline), line, font=font.sized(size), fill="white", anchor="ms")
    site_top = top + len(lines) * line_height + gap
    rule_y = site_top - gap // 2
    draw.line([(centre_x - 24, rule_y), (centre_x + 24, rule_y)], fill=(255, 213, 79), width=3)
    draw.text((centre_x, site_top), site_name, font=site_font, fill=(240, 240, 240), anchor="mt")

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(encode_jpeg(card, CARD_MAX_BYTES))


def _fit_title(title: str, font: FontSpec, block_height: int) -> tuple[list[str], int]:
    """The largest size at which the whole title fits the text block, else the smallest, cut."""
    for size in _TITLE_SIZES:
        sized = font.sized(size)
        max_lines = block_height // round(size * 1.3)
        lines, cut = wrap_text(title, sized, _TEXT_WIDTH, max_lines)
        if not cut:
            return balance_lines(title, sized, _TEXT_WIDTH, len(lines)), size
    return lines, size


@lru_cache(maxsize=1)
def _brand_background() -> Image.Image:
    """Drawn once per process; every card without a photo starts from a copy."""
    return vertical_gradient(CARD_SIZE, _BRAND_TOP, _BRAND_BOTTOM)




def open_photo(path: Path, size: tuple[int, int]) -> Image.Image:
    """Open a photo upright in RGB, decoding JPEGs at the smallest scale still covering `size`."""
    with Image.open(path) as im:
        # Orientations 5-8 turn the picture a quarter: the stored width becomes the height.
        turned = im.getexif().get(0x0112) in (5, 6, 7, 8)
        im.draft("RGB", size[::-1] if turned else size)
        ImageOps.exif_transpose(im, in_place=True)
        im.load()
    return im if im.mode == "RGB" else im.convert("RGB")


def fit_photo(path: Path, size: tuple[int, int]) -> Image.Image:
    """Fill `size` with the photo, cropping the edges; portraits keep their upper part, where faces are.

    Hamming rather than Lanczos: after the JPEG draft the scale is under 2:1, where the two differ
    by less than the JPEG encoding itself loses (about 39 dB PSNR), in 45% of the time.
    """
    im = open_photo(path, size)
    centering = (0.5, 0.4) if im.height > im.width else (0.5, 0.5)
    return ImageOps.fit(im, size, Image.Resampling.HAMMING, centering=centering)


def contained_photo(path: Path, size: tuple[int, int]) -> Image.Image:
    """The whole photo, upright, scaled down to fit inside `size` if larger; never enlarged."""
    im = open_photo(path, size)
    im.thumbnail(size, Image.Resampling.HAMMING)  # thumbnail only ever shrinks
    return im


def vertical_gradient(size: tuple[int, int], top: tuple[int, ...], bottom: tuple[int, ...]) -> Image.Image:
    """An RGB or RGBA image fading from `top` to `bottom`."""
    mode = "RGBA" if len(top) == 4 else "RGB"
    column = Image.new(mode, (1, size[1]))
    last = max(size[1] - 1, 1)
    column.putdata(
        [
            tuple(round(a + (b - a) * y / last) for a, b in zip(top, bottom, strict=True))
            for y in range(size[1])
        ]
    )
    return column.resize(size)


def encode_jpeg(im: Image.Image, max_bytes: int, qualities: Sequence[int] = CARD_QUALITIES) -> bytes:
    """A baseline 4:2:0 JPEG under `max_bytes` at the first quality that fits; no metadata is ever written."""
    for quality in qualities:
        buffer = io.BytesIO()
        im.save(buffer, "JPEG", quality=quality, subsampling="4:2:0", optimize=False)
        if buffer.tell() < max_bytes:
            return buffer.getvalue()
    raise ValueError(f"cannot encode the image under {max_bytes} bytes")
