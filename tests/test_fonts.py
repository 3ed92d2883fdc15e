"""The CJK font: found where Debian puts it, named when missing, and every glyph checked."""

from __future__ import annotations

import pytest

from haoren.fonts import FontNotFound, find_cjk_font, missing_glyphs


@pytest.fixture(scope="module")
def font():
    return find_cjk_font()


def test_the_font_is_noto_sans_cjk_sc_from_debian(font):
    assert font.sized(40).getname() == ("Noto Sans CJK SC", "Bold")


def test_a_missing_font_names_the_debian_package(tmp_path):
    with pytest.raises(FontNotFound, match="apt-get install fonts-noto-cjk"):
        find_cjk_font([tmp_path / "NotoSansCJK-Bold.ttc"])


def test_rare_characters_the_font_has_pass(font):
    assert missing_glyphs("𠮷野家 龘 〇", font) == ""
    assert missing_glyphs("好人\U0001f9ff😀\U0001f9ff", font) == "\U0001f9ff😀"
