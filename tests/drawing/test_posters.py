"""Honoree posters: a vector A4 PDF with real text, a PNG to share, a QR code a phone can read, each drawn once."""

from __future__ import annotations

import ctypes
import io
import re
import zlib
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from fontTools.pens.areaPen import AreaPen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from PIL import Image

from haoren.clock import SHANGHAI
from haoren.drawing import posters
from haoren.drawing.fonts import GlyphCheckFailed, GlyphFailure, GlyphMissing
from haoren.drawing.posters import PosterJob, draw_poster, draw_posters
from haoren.drawing.qrcodes import qr_modules

PAGE_URL = "https://wenming.example.gov.cn/honorees/liu-haitao/"


@pytest.fixture
def draws(monkeypatch):
    """The names on the posters drawn in this process."""
    drawn: list[str] = []
    real = posters.draw_poster

    def counting(out_png, out_pdf, **fields):
        drawn.append(fields["name"])
        real(out_png, out_pdf, **fields)

    monkeypatch.setattr(posters, "draw_poster", counting)
    return drawn


def poster_job(key: str, **changes) -> PosterJob:
    fields = dict(
        key=key,
        name="刘海涛",
        honor_line="2020年2月 潍坊好人",
        headline="危急时刻跳入冰河勇救落水儿童",
        summary="2020年1月12日下午，刘海涛发现一名儿童落入冰窟，毫不犹豫跳入河中将孩子托举上岸。",
        portrait=None,
        qr_url=f"https://wenming.example.gov.cn{key}",
        organizer="潍坊市精神文明建设委员会办公室",
        site_name="潍坊文明网",
        made=datetime(2020, 3, 1, tzinfo=SHANGHAI),
    )
    fields.update(changes)
    return PosterJob(**fields)


def poster_fields(font, **changes):
    fields = dict(
        name="刘海涛",
        honor_line="2020年2月 潍坊好人",
        headline="危急时刻跳入冰河勇救落水儿童",
        summary="2020年1月12日下午，刘海涛发现一名儿童落入冰窟，毫不犹豫跳入河中将孩子托举上岸。" * 4,
        portrait=None,
        qr_url=PAGE_URL,
        organizer="潍坊市精神文明建设委员会办公室",
        site_name="潍坊文明网",
        font=font,
        made=datetime(2020, 3, 1, tzinfo=SHANGHAI),
    )
    fields.update(changes)
    return fields


def test_poster_pdf_is_a4_with_real_text_in_an_embedded_font_subset(tmp_path, font):
    portrait = tmp_path / "portrait.jpg"
    Image.new("RGB", (900, 1200), (60, 120, 80)).save(portrait)
    png, pdf = tmp_path / "poster.png", tmp_path / "poster.pdf"
    draw_poster(png, pdf, **poster_fields(font, portrait=portrait))
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    assert len(document) == 1
    assert page.get_size() == pytest.approx((595.28, 841.89), abs=0.5)  # A4 in points
    text = page.get_textpage().get_text_range()
    for line in ("刘海涛", "危急时刻跳入冰河勇救落水儿童", "扫码阅读事迹", "主办单位：潍坊市精神文明建设委员会办公室"):
        assert line in text
    data = pdf.read_bytes()
    # One embedded font, a subset (its name carries the six-letter subset tag), not the 17 MB face.
    assert re.findall(rb"/BaseFont /([A-Z]{6})\+", data)
    assert len(data) < 200_000
    # The only picture is the portrait: the text, band and QR code are vector shapes.
    kinds = [obj.type for obj in page.get_objects(max_depth=1)]
    assert kinds.count(pdfium_c.FPDF_PAGEOBJ_IMAGE) == 1
    assert kinds.count(pdfium_c.FPDF_PAGEOBJ_TEXT) >= 6


def embedded_font(pdf: Path) -> TTFont:
    """The font program the PDF's text is drawn with, as a viewer or a printer reads it."""
    document = pdfium.PdfDocument(pdf)
    programs = set()
    for obj in document[0].get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            handle = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            size = ctypes.c_size_t()
            pdfium_c.FPDFFont_GetFontData(handle, None, 0, ctypes.byref(size))
            data = (ctypes.c_uint8 * size.value)()
            pdfium_c.FPDFFont_GetFontData(handle, data, size.value, ctypes.byref(size))
            programs.add(bytes(data))
    assert len(programs) == 1
    return TTFont(io.BytesIO(programs.pop()))


def test_poster_pdf_draws_each_character_with_the_faces_own_outline(tmp_path, font):
    """The embedded cut is TrueType (quadratic) converted from the face's CFF outlines: no shape may move."""
    pdf = tmp_path / "poster.pdf"
    fields = poster_fields(font)
    draw_poster(tmp_path / "poster.png", pdf, **fields)
    cut = embedded_font(pdf)
    assert "glyf" in cut
    drawn = set("".join(str(fields[name]) for name in ("name", "honor_line", "headline", "summary", "organizer")))
    assert drawn <= {chr(code) for code in cut.getBestCmap()}
    face = TTFont(str(font.path), fontNumber=font.index, lazy=True)
    face_names, face_glyphs, face_advances = face.getBestCmap(), face.getGlyphSet(), face["hmtx"]
    cut_glyphs = cut.getGlyphSet()
    for code, name in cut.getBestCmap().items():
        bounds, area = BoundsPen(face_glyphs), AreaPen(face_glyphs)
        face_glyphs[face_names[code]].draw(bounds)
        face_glyphs[face_names[code]].draw(area)
        cut_bounds, cut_area = BoundsPen(cut_glyphs), AreaPen(cut_glyphs)
        cut_glyphs[name].draw(cut_bounds)
        cut_glyphs[name].draw(cut_area)
        assert cut["hmtx"][name][0] == face_advances[face_names[code]][0], chr(code)
        if bounds.bounds is None:  # a space
            assert cut_bounds.bounds is None
            continue
        assert cut_bounds.bounds == pytest.approx(bounds.bounds, abs=2), chr(code)  # font units of 1000 an em
        assert abs(cut_area.value) == pytest.approx(abs(area.value), rel=0.01), chr(code)


def test_poster_pdf_font_counts_fit_its_own_glyphs(tmp_path, font):
    """Rasterizers size their buffers from 'maxp': the cut's counts are those of its largest glyph."""
    pdf = tmp_path / "poster.pdf"
    draw_poster(tmp_path / "poster.png", pdf, **poster_fields(font, name="龘", headline="鬱鬱蔥蔥"))
    cut = embedded_font(pdf)
    kept = cut["maxp"].maxPoints, cut["maxp"].maxContours
    cut["maxp"].recalc(cut)
    assert kept == (cut["maxp"].maxPoints, cut["maxp"].maxContours)


def test_poster_png_is_the_size_people_share(tmp_path, font):
    png = tmp_path / "poster.png"
    draw_poster(png, tmp_path / "poster.pdf", **poster_fields(font))
    with Image.open(png) as im:
        assert im.format == "PNG"
        assert im.width == posters.SHARE_WIDTH
        assert abs(im.height / im.width - 297 / 210) < 0.01  # the A4 proportions of the print


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG file's chunks in order, as (type, data)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        chunks.append((data[at + 4:at + 8], data[at + 8:at + 8 + length]))
        at += 12 + length
    return chunks


def test_poster_png_holds_the_picture_and_nothing_else(tmp_path, font):
    """No text, time or EXIF chunk: an 8-bit RGB image, its rows stored unfiltered (POSTER_STYLE)."""
    png = tmp_path / "poster.png"
    draw_poster(png, tmp_path / "poster.pdf", **poster_fields(font))
    chunks = png_chunks(png.read_bytes())
    assert [kind for kind, _ in chunks if kind != b"IDAT"] == [b"IHDR", b"IEND"]
    header = chunks[0][1]
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    assert (width, header[8], header[9]) == (posters.SHARE_WIDTH, 8, 2)  # bit depth 8, colour type 2: RGB
    rows = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    assert len(rows) == height * (1 + width * 3)
    assert {rows[row * (1 + width * 3)] for row in range(height)} == {0}  # filter type 0 on every row


def test_share_png_keeps_every_pixel():
    # An odd width and colour noise: a row cut one byte off would shift every pixel after it.
    picture = Image.merge("RGB", [Image.effect_noise((301, 97), sigma) for sigma in (30, 60, 90)])
    picture.paste((183, 28, 28), (0, 0, 150, 40))
    for given in (picture, picture.convert("RGBA")):
        with Image.open(io.BytesIO(posters.share_png(given))) as back:
            assert back.mode == "RGB"
            assert back.tobytes() == picture.tobytes()


def test_poster_qr_code_opens_the_page_in_the_png_and_in_print(tmp_path, font):
    png, pdf = tmp_path / "poster.png", tmp_path / "poster.pdf"
    draw_poster(png, pdf, **poster_fields(font))
    with Image.open(png) as im:
        assert [r.text for r in zxingcpp.read_barcodes(im)] == [PAGE_URL]
    printed = pdfium.PdfDocument(pdf)[0].render(scale=300 / 72).to_pil()  # a 300 dpi print
    assert [r.text for r in zxingcpp.read_barcodes(printed)] == [PAGE_URL]


def test_poster_pdf_is_the_same_on_every_build(tmp_path, font):
    draw_poster(tmp_path / "a.png", tmp_path / "a.pdf", **poster_fields(font))
    draw_poster(tmp_path / "b.png", tmp_path / "b.pdf", **poster_fields(font))
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_a_poster_given_its_pages_code_is_byte_identical_to_one_that_makes_its_own(tmp_path, font):
    """The pipeline hands a poster the code QrCodes made for its page; nothing printed may change."""
    draw_poster(tmp_path / "own.png", tmp_path / "own.pdf", **poster_fields(font))
    draw_poster(tmp_path / "given.png", tmp_path / "given.pdf", **poster_fields(font), qr=qr_modules(PAGE_URL))
    assert (tmp_path / "given.pdf").read_bytes() == (tmp_path / "own.pdf").read_bytes()
    assert (tmp_path / "given.png").read_bytes() == (tmp_path / "own.png").read_bytes()


def test_poster_names_every_field_the_font_cannot_draw(tmp_path, font):
    with pytest.raises(GlyphMissing) as raised:
        draw_poster(
            tmp_path / "p.png",
            tmp_path / "p.pdf",
            **poster_fields(font, name="刘\U0001f9ff", summary="好人😀好事"),
        )
    assert raised.value.missing == {"name": "\U0001f9ff", "summary": "😀"}
    assert not (tmp_path / "p.png").exists()
    assert not Path(tmp_path / "p.pdf").exists()


def test_every_honoree_gets_a_png_and_a_pdf_under_the_output_folder(tmp_path, font):
    jobs = [poster_job("/honorees/liu/"), poster_job("/honorees/wang/", name="王秀英")]
    made = draw_posters(jobs, tmp_path / "site", tmp_path / "cache", font)
    assert set(made) == {"/honorees/liu/", "/honorees/wang/"}
    for files in made.values():
        assert re.fullmatch(r"posters/[0-9a-f]{16}\.png", files.png)
        assert files.pdf == files.png[: -len(".png")] + ".pdf"
        with Image.open(tmp_path / "site" / files.png) as im:
            assert im.width == posters.SHARE_WIDTH
        assert (tmp_path / "site" / files.pdf).read_bytes().startswith(b"%PDF")
    with Image.open(tmp_path / "site" / made["/honorees/wang/"].png) as im:
        assert [r.text for r in zxingcpp.read_barcodes(im)] == [
            "https://wenming.example.gov.cn/honorees/wang/"
        ]


def test_a_second_build_draws_no_poster(tmp_path, font, draws):
    jobs = [poster_job("/honorees/liu/"), poster_job("/honorees/wang/", name="王秀英")]
    first = draw_posters(jobs, tmp_path / "site1", tmp_path / "cache", font)
    assert len(draws) == 2
    second = draw_posters(jobs, tmp_path / "site2", tmp_path / "cache", font)
    assert len(draws) == 2
    assert second == first
    for files in second.values():
        for name in (files.png, files.pdf):
            assert (tmp_path / "site2" / name).read_bytes() == (tmp_path / "site1" / name).read_bytes()


def test_changing_a_summary_redraws_exactly_that_poster(tmp_path, font, draws):
    jobs = [poster_job("/honorees/liu/"), poster_job("/honorees/wang/", name="王秀英")]
    first = draw_posters(jobs, tmp_path / "site1", tmp_path / "cache", font)
    draws.clear()
    jobs[1] = poster_job("/honorees/wang/", name="王秀英", summary="二十年如一日照顾瘫痪的婆婆，邻里称赞。")
    second = draw_posters(jobs, tmp_path / "site2", tmp_path / "cache", font)
    assert draws == ["王秀英"]
    assert second["/honorees/liu/"] == first["/honorees/liu/"]
    assert second["/honorees/wang/"] != first["/honorees/wang/"]


def test_every_poster_glyph_failure_is_reported_before_anything_is_drawn(tmp_path, font, draws):
    jobs = [
        poster_job("/honorees/liu/", name="刘\U0001f9ff"),
        poster_job("/honorees/wang/"),
        poster_job("/honorees/zhao/", headline="好人😀", organizer="文明办😀"),
    ]
    with pytest.raises(GlyphCheckFailed) as raised:
        draw_posters(jobs, tmp_path / "site", tmp_path / "cache", font)
    assert raised.value.failures == (
        GlyphFailure("/honorees/liu/", "name", "\U0001f9ff"),
        GlyphFailure("/honorees/zhao/", "headline", "😀"),
        GlyphFailure("/honorees/zhao/", "organizer", "😀"),
    )
    assert draws == []
    assert not (tmp_path / "site").exists()


def test_a_poster_drawn_among_others_is_byte_identical_to_one_drawn_alone(tmp_path, font):
    """The batch shares one cut of the font; each PDF must still embed only its own glyphs."""
    jobs = [poster_job("/honorees/liu/"), poster_job("/honorees/wang/", name="王秀英", headline="三十年如一日照顾瘫痪邻居")]
    made = draw_posters(jobs, tmp_path / "site", tmp_path / "cache", font)
    alone = tmp_path / "alone"
    job = jobs[1]
    draw_poster(alone / "p.png", alone / "p.pdf", name=job.name, honor_line=job.honor_line, headline=job.headline,
                summary=job.summary, portrait=job.portrait, qr_url=job.qr_url, organizer=job.organizer,
                site_name=job.site_name, font=font, made=job.made)
    batch = tmp_path / "site" / made["/honorees/wang/"].pdf
    assert batch.read_bytes() == (alone / "p.pdf").read_bytes()
    assert "三十年如一日照顾瘫痪邻居" in pdfium.PdfDocument(batch)[0].get_textpage().get_text_range()
