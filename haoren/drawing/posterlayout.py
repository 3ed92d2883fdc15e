"""Where everything on an A4 honoree poster goes: one layout, drawn as a vector PDF and as a shared PNG."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from haoren.drawing.fonts import FontSpec
from haoren.drawing.qrcodes import QrModules, qr_modules
from haoren.drawing.wrapping import balance_lines, wrap_text

POSTER_DPI = 150
POSTER_SIZE = (1240, 1754)  # A4, 210 x 297 mm, at 150 dpi: the layout's units are these pixels
QR_CAPTION = "扫码阅读事迹"
ORGANIZER_LABEL = "主办单位："
# Text a poster draws besides its fields and labels: the ellipsis of a cut line.
POSTER_CONSTANT_TEXT = "…"

PAPER = (255, 250, 243)
BRAND_TOP = (198, 40, 40)
BRAND_BOTTOM = (150, 22, 22)
GOLD = (255, 213, 79)
INK = (33, 33, 33)
GREY = (80, 80, 80)
MAT = (224, 214, 200)
WHITE = (255, 255, 255)
SITE_LINE = (255, 224, 178)

_MARGIN = 110
_PORTRAIT = (420, 560)
_PORTRAIT_MIN_HEIGHT = 360
_FOOTER_HEIGHT = 300
_QR_SIZE = 230

Colour = tuple[int, int, int]
Box = tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(frozen=True)
class Band:
    """A rectangle fading from `top` to `bottom` colour."""

    box: Box
    top: Colour
    bottom: Colour


@dataclass(frozen=True)
class Rect:
    """A filled rectangle, with an outline when `outline` is given."""

    box: Box
    fill: Colour | None
    outline: Colour | None = None
    outline_width: int = 0


@dataclass(frozen=True)
class Photo:
    """The portrait, cropped to fill `box`."""

    path: Path
    box: Box


@dataclass(frozen=True)
class Text:
    """One line of text; `anchor` is Pillow's: "ms" centred on x, "ls" starting at x; y is the baseline."""

    text: str
    x: int
    y: int
    size: int
    colour: Colour
    anchor: str


@dataclass(frozen=True)
class Qr:
    """A QR code: `module` layout pixels a module, top-left at `box`'s corner; `rows` of dark modules,
    quiet zone included (the page's code, made once for both)."""

    box: Box
    module: int
    rows: tuple[tuple[bool, ...], ...]


Shape = Band | Rect | Photo | Text | Qr


def lay_out_poster(
    *, name: str, honor_line: str, headline: str, summary: str, portrait: Path | None, qr_url: str,
    organizer: str, site_name: str, font: FontSpec, qr_caption: str = QR_CAPTION, organizer_label: str = ORGANIZER_LABEL,
    qr: QrModules | None = None,
) -> tuple[Shape, ...]:
    """The poster's shapes in drawing order; line breaks measured with the font both drawings use.

    The labels are given in the edition's script (the 繁體 edition converts them). `qr` is the code of
    `qr_url` when it was made already (qrcodes.QrCodes.modules), else it is made here.
    """
    width, height = POSTER_SIZE
    text_width = width - 2 * _MARGIN
    shapes: list[Shape] = [Rect((0, 0, width, height), PAPER)]
    header_bottom = _header(shapes, honor_line=honor_line, site_name=site_name, font=font)
    name_size, headline_size, summary_size = 92, 50, 34
    headline_lines = _centred_lines(headline, font, headline_size, text_width, 2)
    line_height = round(summary_size * 1.6)
    footer_top = height - _FOOTER_HEIGHT
    y = header_bottom + 60
    text_height = name_size + 30 + len(headline_lines) * round(headline_size * 1.35) + 40

    if portrait is not None:
        # The portrait gives way to the summary: at least four lines of it, or all if shorter.
        wanted_lines = min(len(wrap_text(summary, font.sized(summary_size), text_width, 99)[0]), 4)
        room = footer_top - 30 - y - text_height - wanted_lines * line_height - 40
        frame_height = max(min(room, _PORTRAIT[1]), _PORTRAIT_MIN_HEIGHT)
        frame_width = frame_height * 3 // 4
        left = (width - frame_width) // 2
        shapes.append(Rect((left - 12, y - 12, left + frame_width + 12, y + frame_height + 12), WHITE, MAT, 2))
        shapes.append(Photo(portrait, (left, y, left + frame_width, y + frame_height)))
        y += frame_height + 40

    y += name_size
    shapes.append(Text(_one_line(name, font, name_size, text_width), width // 2, y, name_size, INK, "ms"))
    y += 30
    for line in headline_lines:
        y += round(headline_size * 1.35)
        shapes.append(Text(line, width // 2, y, headline_size, BRAND_BOTTOM, "ms"))
    y += 40

    room_lines = max((footer_top - 30 - y) // line_height, 0)
    if room_lines:
        for line in wrap_text(summary, font.sized(summary_size), text_width, room_lines)[0]:
            y += line_height
            shapes.append(Text(line, _MARGIN, y, summary_size, GREY, "ls"))

    _footer(shapes, footer_top, qr=qr or qr_modules(qr_url), organizer=organizer, site_name=site_name, font=font,
            qr_caption=qr_caption, organizer_label=organizer_label)
    return tuple(shapes)


def _header(shapes: list[Shape], *, honor_line: str, site_name: str, font: FontSpec) -> int:
    """The site, then the honor in large white type on the brand colour; returns where the header ends."""
    width = POSTER_SIZE[0]
    text_width = width - 2 * _MARGIN
    honor_size = 76
    honor_lines = _centred_lines(honor_line, font, honor_size, text_width, 2)
    bottom = max(290, 150 + len(honor_lines) * round(honor_size * 1.3) + 50)
    shapes.append(Band((0, 0, width, bottom), BRAND_TOP, BRAND_BOTTOM))
    shapes.append(Rect((0, bottom, width, bottom + 8), GOLD))
    shapes.append(Text(_one_line(site_name, font, 34, text_width), width // 2, 100, 34, SITE_LINE, "ms"))
    y = 150
    for line in honor_lines:
        y += round(honor_size * 1.3)
        shapes.append(Text(line, width // 2, y - round(honor_size * 0.3), honor_size, WHITE, "ms"))
    return bottom


def _footer(shapes: list[Shape], top: int, *, qr: QrModules, organizer: str, site_name: str, font: FontSpec,
            qr_caption: str, organizer_label: str) -> None:
    """Organizer and site on the left; the QR code to the page on the right, large enough for any phone."""
    width = POSTER_SIZE[0]
    shapes.append(Rect((_MARGIN, top - 1, width - _MARGIN, top + 1), MAT))
    rows = tuple(tuple(bool(dark) for dark in row) for row in qr)
    module = max(_QR_SIZE // len(rows), 1)  # whole layout pixels a module: sharp edges in the PNG too
    side = len(rows) * module
    qr_left = width - _MARGIN - side
    shapes.append(Qr((qr_left, top + 30, qr_left + side, top + 30 + side), module, rows))
    shapes.append(Text(qr_caption, qr_left + side // 2, top + 30 + side + 36, 26, GREY, "ms"))

    left_width = qr_left - _MARGIN - 40
    y = top + 90
    for line in wrap_text(f"{organizer_label}{organizer}", font.sized(30), left_width, 3)[0]:
        shapes.append(Text(line, _MARGIN, y, 30, INK, "ls"))
        y += 46
    shapes.append(Text(_one_line(site_name, font, 28, left_width), _MARGIN, y + 20, 28, GREY, "ls"))


def _centred_lines(text: str, font: FontSpec, size: int, max_width: int, max_lines: int) -> list[str]:
    sized = font.sized(size)
    lines, cut = wrap_text(text, sized, max_width, max_lines)
    return lines if cut else balance_lines(text, sized, max_width, len(lines))


def _one_line(text: str, font: FontSpec, size: int, max_width: int) -> str:
    lines, _ = wrap_text(text, font.sized(size), max_width, 1)
    return lines[0] if lines else ""
