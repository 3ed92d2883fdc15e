"""The poster as a vector A4 PDF: real text in an embedded subset of the CJK font, a vector QR code."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from fontTools.ttLib import TTFont, newTable
from PIL import Image

from haoren.drawing.fonts import FontSpec
from haoren.drawing.posterlayout import POSTER_DPI, POSTER_SIZE, Band, Photo, Qr, Rect, Shape, Text

if TYPE_CHECKING:
    from fontTools.ttLib.tables._g_l_y_f import Glyph
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
        own_cut = Path(work) / "face.ttf"
        held = None if font_cut is None else _held_cut(font_cut)
        if held is None or not set(text) <= held.characters:
            own_cut.write_bytes(font_subset(font, text))
        else:
            own_cut.write_bytes(_recut(held, text))
        pdf.add_font("poster", "", str(own_cut))
        # fpdf2 cuts the cut again to this poster's glyphs when it writes the PDF. Recomputing every
        # box then decodes and encodes each glyph's points again: half a poster's CPU. The boxes were
        # computed in the cut and the face's extremes hold for any cut; only the point counts follow
        # the glyphs, so they are set here for this poster's own.
        face = pdf.fonts["poster"].ttfont
        face.recalcBBoxes = False
        _count_points(face, text)
        for shape in shapes:
            _draw(pdf, shape, pictures)
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        out_pdf.write_bytes(bytes(pdf.output()))


def font_subset(font: FontSpec, text: str) -> bytes:
    """The font face cut down to the glyphs of `text`, as a TrueType file (a few KB, not 17 MB).

    Noto CJK's outlines are cubic (CFF). Each PDF embeds its own cut of the cut, and fontTools
    cuts TrueType outlines several times faster than CFF programs, which it must run and compile
    again glyph by glyph: so the cut is converted once, here, for every poster drawn from it.
    A glyph's outline comes out the same in every cut, so a poster's bytes do not depend on
    which other characters the cut holds.
    """
    from fontTools import subset

    face = TTFont(str(font.path), fontNumber=font.index, lazy=True, recalcBBoxes=False)
    for tag in _DROPPED_TABLES:  # before the subsetter reads them: decoding them is most of its time
        if tag in face:
            del face[tag]
    options = subset.Options(
        notdef_outline=True, layout_features=[], name_IDs=[1, 2, 3, 4, 6],
        drop_tables=[*subset.Options().drop_tables, *_DROPPED_TABLES],
    )
    cutter = subset.Subsetter(options)
    cutter.populate(text=text + " ")
    cutter.subset(face)
    return _as_truetype(face)


# The largest distance a quadratic outline may stray from the cubic one, in font units (1/1000 em
# for Noto CJK): 0.014 mm on a 40-point printed name, far below what print or a screen shows.
_OUTLINE_TOLERANCE = 1.0


def _as_truetype(face: TTFont) -> bytes:
    """The same glyphs, metrics, names and character map with quadratic (glyf) outlines."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    order = face.getGlyphOrder()
    outlines = face.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF draws outer contours anticlockwise, TrueType clockwise.
        outlines[name].draw(Cu2QuPen(pen, _OUTLINE_TOLERANCE, reverse_direction=True))
        glyphs[name] = pen.glyph()
        glyphs[name].recalcBounds(None)  # a simple glyph's box needs no other glyph
    # A TrueType glyph's left side bearing is its xMin (head flag bit 1, FontBuilder's default).
    metrics = {name: (face["hmtx"][name][0], glyphs[name].xMin if glyphs[name].numberOfContours else 0)
               for name in order}
    return _truetype_file(face, order, face.getBestCmap(), glyphs, metrics)


def _truetype_file(face: TTFont, order: list[str], cmap: Mapping[int, str], glyphs: Mapping[str, Glyph],
                   metrics: Mapping[str, tuple[int, int]]) -> bytes:
    """A TrueType file of `glyphs` (each with its box) with `face`'s names, extremes and vertical metrics."""
    from fontTools.fontBuilder import FontBuilder

    head, hhea = face["head"], face["hhea"]
    built = FontBuilder(head.unitsPerEm, isTTF=True)
    built.setupGlyphOrder(order)
    built.setupCharacterMap(cmap)
    # FontBuilder.setupGlyf reads every glyph's points (to refuse cubic curves): a glyph read from a file
    # and not yet decoded is written back as it was read, boxes and all.
    built.font["loca"], built.font["glyf"] = newTable("loca"), newTable("glyf")
    built.font["glyf"].glyphs, built.font["glyf"].glyphOrder = dict(glyphs), order
    built.setupHorizontalMetrics(metrics)
    built.font["hhea"] = hhea  # the whole face's extremes: they hold for every cut
    built.font["name"] = face["name"]
    built.font["OS/2"] = face["OS/2"]  # as the face has it: weights, vertical metrics, embedding rights
    # The whole face's box, not the cut's: fpdf2 copies it into the PDF, so it must not depend on the cut.
    built.updateHead(fontRevision=head.fontRevision, created=head.created, modified=head.modified,
                     macStyle=head.macStyle, lowestRecPPEM=head.lowestRecPPEM,
                     xMin=head.xMin, yMin=head.yMin, xMax=head.xMax, yMax=head.yMax)
    built.setupPost(italicAngle=face["post"].italicAngle,
                    underlinePosition=face["post"].underlinePosition,
                    underlineThickness=face["post"].underlineThickness)
    # Saved as set: recomputed, the extremes and counts would be the cut's. A poster's own counts
    # are set when it is drawn (_count_points).
    built.font.recalcBBoxes = False
    out = io.BytesIO()
    built.font.save(out)
    return out.getvalue()


def _recut(held: _HeldCut, text: str) -> bytes:
    """The cut of `held` to `text`'s glyphs (and .notdef and the space), as font_subset cuts the face.

    The glyphs are copied as they are stored, with the cut's metrics: no outline is decoded.
    """
    face = held.face
    characters = {ord(character) for character in set(text) | {" "}} & held.cmap.keys()
    wanted = {held.cmap[code] for code in characters} | {".notdef"}
    order = [name for name in face.getGlyphOrder() if name in wanted]
    glyphs = face["glyf"].glyphs  # face["glyf"][name] would decode the glyph
    return _truetype_file(face, order, {code: held.cmap[code] for code in characters},
                          {name: glyphs[name] for name in order}, {name: face["hmtx"][name] for name in order})


@dataclass(frozen=True)
class _HeldCut:
    """A build's cut of the face, read once by each process that draws posters."""

    face: TTFont  # its tables read, each glyph held as stored
    cmap: dict[int, str]  # kept: the face builds its best map anew each time it is asked
    characters: frozenset[str]  # those it can draw, and the space


def _held_cut(font_file: Path) -> _HeldCut:
    stat = font_file.stat()
    return _read_cut(str(font_file), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=1)
def _read_cut(font_file: str, size: int, mtime_ns: int) -> _HeldCut:
    """Read once a process for one build's cut (`size` and `mtime_ns` only key the cache), not per poster."""
    face = TTFont(font_file, lazy=True, recalcBBoxes=False)
    cmap = face.getBestCmap()
    held = _HeldCut(face, cmap, frozenset({chr(code) for code in cmap} | {" "}))
    face.getGlyphOrder()  # read now, as the tables: the cut is deleted with the build's work folder
    for tag in ("glyf", "head", "hhea", "hmtx", "name", "OS/2", "post"):
        face[tag]
    face.close()
    return held


def _count_points(face: TTFont, text: str) -> None:
    """Set 'maxp' to the largest glyph among those `text` draws (and .notdef), as the cut of it will hold."""
    glyf, cmap = face["glyf"], face.getBestCmap()
    names = {".notdef", *(cmap[ord(character)] for character in set(text) if ord(character) in cmap)}
    counts = [_points_and_contours(glyf.glyphs[name]) for name in names]  # glyf[name] would decode it
    face["maxp"].maxPoints = max(points for points, _ in counts)
    face["maxp"].maxContours = max(contours for _, contours in counts)


def _points_and_contours(glyph: Glyph) -> tuple[int, int]:
    """A simple glyph's counts, read from its header: fontTools would decode every point, and fpdf2 encode them again."""
    data = getattr(glyph, "data", None)
    if not data:  # decoded already, or an empty glyph
        return glyph.getMaxpValues() if glyph.numberOfContours > 0 else (0, 0)
    contours = int.from_bytes(data[:2], "big", signed=True)
    if contours <= 0:  # an empty glyph or a composite: cuts of the face hold no composites
        return 0, 0
    last_point = int.from_bytes(data[8 + 2 * contours:10 + 2 * contours], "big")  # endPtsOfContours[-1]
    return last_point + 1, contours


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
