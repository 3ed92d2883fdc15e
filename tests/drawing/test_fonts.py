"""The CJK font: found where Debian puts it, named when missing, and every glyph checked."""

from __future__ import annotations

import io

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from haoren.drawing.fonts import FontNotFound, find_cjk_font, load_font, missing_glyphs


def test_the_font_is_noto_sans_cjk_sc_from_debian(font):
    assert font.sized(40).getname() == ("Noto Sans CJK SC", "Bold")


def test_a_missing_font_names_the_debian_package(tmp_path):
    with pytest.raises(FontNotFound, match="apt-get install fonts-noto-cjk"):
        find_cjk_font([tmp_path / "NotoSansCJK-Bold.ttc"])


def test_rare_characters_the_font_has_pass(font):
    assert missing_glyphs("𠮷野家 龘 〇", font) == ""
    assert missing_glyphs("好人\U0001f9ff😀\U0001f9ff", font) == "\U0001f9ff😀"


def test_the_font_is_read_once_per_process_and_again_when_its_file_changes(tmp_path):
    assert find_cjk_font() is find_cjk_font()  # validation and drawing share the 0.1-0.3 s character map
    copy = tmp_path / "font.otf"
    copy.write_bytes(font_file_with_one_face())
    first = load_font(copy)
    assert load_font(copy) is first
    assert first.codepoints == {ord("好")}
    copy.write_bytes(font_file_with_one_face() + b"\0")  # an upgraded package: another size and time
    assert load_font(copy) is not first


def test_a_pinned_font_names_drawings_as_the_file_was_and_the_next_pin_sees_an_upgrade(tmp_path):
    copy = tmp_path / "font.otf"
    copy.write_bytes(font_file_with_one_face())
    font = load_font(copy)
    pinned = font.pinned()
    assert pinned.identity() == font.identity() and pinned.pinned() is pinned
    copy.write_bytes(font_file_with_one_face() + b"\0")  # upgraded during a build: the next build's
    assert pinned.identity() != font.identity() == font.pinned().identity()


def font_file_with_one_face() -> bytes:
    """A tiny TrueType font that draws only "好" (as a box): enough to be loaded and measured."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "hao"])
    builder.setupCharacterMap({ord("好"): "hao"})
    pen = TTGlyphPen(None)
    for point in ((100, 0), (100, 800), (900, 800), (900, 0)):
        (pen.moveTo if point == (100, 0) else pen.lineTo)(point)
    pen.closePath()
    box = pen.glyph()
    builder.setupGlyf({".notdef": box, "hao": box})
    builder.setupHorizontalMetrics({".notdef": (1000, 100), "hao": (1000, 100)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "Haoren Test", "styleName": "Bold"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()
