"""The poster as a vector A4 PDF: real text in an embedded subset of the CJK font, a vector QR code."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from fontTools.ttLib import TTFont
from PIL import Image

from haoren.drawing.fonts import FontSpec
from haoren.drawing.posterlayout import POSTER_DPI, POSTER_SIZE, Band, Photo, Qr, Rect, Shape, Text

if TYPE_CHECKING:
    from fpdf import FPDF

# fpdf2 and fontTools' subsetter are imported where a poster is drawn: they take about 0.4 s to
# load, and every build imports this module, the ones with nothing to draw included.

_POINTS = 72 / POSTER_DPI  # layout pixels to PDF points
# The layout tables (GSUB, GPOS …) make subsetting a CJK font ten times slower and a poster's plain
# horizontal text does not use them.
_DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF", "MATH"]


def write_poster_pdf(
    shapes: Sequence[Shape], pictures: Mapping[Path, Image.Image], out_pdf: Path, *, title: str,
    font: FontSpec, made: datetime, font_cut: Path | None = None,
) -> None:
    """Write the shapes as a one-page A4 PDF whose text can be selected, searched and printed sharp.

    `font_cut` is a subset of `font` holding at least this poster's characters; without it (or when
    it lacks one) the font is cut for this poster alone. Either gives the same bytes.
    """
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(POSTER_SIZE[0] * _POINTS, POSTER_SIZE[1] * _POINTS))
    pdf.set_creation_date(made.astimezone(timezone.utc))
    pdf.set_title(title)
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_page()
    text = "".join(shape.text for shape in shapes if isinstance(shape, Text))
    with tempfile.TemporaryDirectory(prefix="haoren-poster-font-") as work:
        if font_cut is None or not set(text) <= _characters(font_cut):
            font_cut = Path(work) / "face.otf"
            font_cut.write_bytes(font_subset(font, text))
        pdf.add_font("poster", "", str(font_cut))
        # fpdf2 cuts the face again to this poster's glyphs when it writes the PDF. Recomputing the
        # bounding boxes then draws every glyph's outline in Python, twice (the 'hhea' and 'CFF '
        # tables): most of a poster's CPU. The cut keeps the whole face's boxes (see font_subset),
        # which hold every glyph, so the embedded font stays valid and its bytes do not depend on the cut.
        pdf.fonts["poster"].ttfont.recalcBBoxes = False
        for shape in shapes:
            _draw(pdf, shape, pictures)
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        out_pdf.write_bytes(bytes(pdf.output()))


def font_subset(font: FontSpec, text: str) -> bytes:
    """The font face cut down to the glyphs of `text`, as an OpenType file (a few KB, not 17 MB).

    The face's bounding box is kept as it is (recalcBBoxes=False): fpdf2 copies it into the PDF,
    so a poster's bytes do not depend on which other characters the cut holds. The outlines are
    desubroutinized (each glyph's program whole, no shared subroutines): cutting the cut again per
    poster then has no subroutines to trace and renumber, and a glyph's bytes are the same in every cut.
    """
    from fontTools import subset

    face = TTFont(str(font.path), fontNumber=font.index, lazy=True, recalcBBoxes=False)
    for tag in _DROPPED_TABLES:  # before the subsetter reads them: decoding them is most of its time
        if tag in face:
            del face[tag]
    options = subset.Options(
        notdef_outline=True, layout_features=[], name_IDs=[1, 2, 3, 4, 6], desubroutinize=True,
        drop_tables=[*subset.Options().drop_tables, *_DROPPED_TABLES],
    )
    cutter = subset.Subsetter(options)
    cutter.populate(text=text + " ")
    cutter.subset(face)
    out = io.BytesIO()
    face.save(out)
    return out.getvalue()


def _characters(font_file: Path) -> frozenset[str]:
    stat = font_file.stat()
    return _read_characters(str(font_file), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _read_characters(font_file: str, size: int, mtime_ns: int) -> frozenset[str]:
    """Read once per process for one build's cut (`size` and `mtime_ns` only key the cache), not per poster."""
    with TTFont(font_file, lazy=True) as face:
        return frozenset({chr(code) for code in face.getBestCmap()} | {" "})


def _draw(pdf: FPDF, shape: Shape, pictures: Mapping[Path, Image.Image]) -> None:
    from fpdf.pattern import LinearGradient

    if isinstance(shape, Band):
        left, top, right, bottom = (v * _POINTS for v in shape.box)
        with pdf.use_pattern(LinearGradient(left, top, left, bottom, [shape.top, shape.bottom])):
            pdf.rect(left, top, right - left, bottom - top, style="F")
    elif isinstance(shape, Rect):
        _rect(pdf, shape)
    elif isinstance(shape, Photo):
        left, top, right, bottom = shape.box
        photo = io.BytesIO()
        pictures[shape.path].save(photo, "JPEG", quality=90, subsampling="4:4:4")
        photo.seek(0)
        pdf.image(photo, left * _POINTS, top * _POINTS, (right - left) * _POINTS, (bottom - top) * _POINTS)
    elif isinstance(shape, Text):
        pdf.set_font("poster", size=shape.size * _POINTS)
        pdf.set_text_color(*shape.colour)
        x = shape.x * _POINTS
        if shape.anchor.startswith("m"):
            x -= pdf.get_string_width(shape.text) / 2
        pdf.text(x, shape.y * _POINTS, shape.text)
    elif isinstance(shape, Qr):
        _qr(pdf, shape)


def _rect(pdf: FPDF, shape: Rect) -> None:
    left, top, right, bottom = (v * _POINTS for v in shape.box)
    if shape.fill is not None:
        pdf.set_fill_color(*shape.fill)
    if shape.outline is not None:
        pdf.set_draw_color(*shape.outline)
        pdf.set_line_width(shape.outline_width * _POINTS)
    style = ("F" if shape.fill is not None else "") + ("D" if shape.outline is not None else "")
    pdf.rect(left, top, right - left, bottom - top, style=style)


def _qr(pdf: FPDF, shape: Qr) -> None:
    """White quiet zone, then each row's runs of dark modules as one rectangle (no seams between modules)."""
    left, top = shape.box[0] * _POINTS, shape.box[1] * _POINTS
    module = shape.module * _POINTS
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(left, top, (shape.box[2] - shape.box[0]) * _POINTS, (shape.box[3] - shape.box[1]) * _POINTS, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row, modules in enumerate(shape.rows):
        start = None
        for column, dark in enumerate([*modules, False]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                pdf.rect(left + start * module, top + row * module, (column - start) * module, module, style="F")
                start = None
