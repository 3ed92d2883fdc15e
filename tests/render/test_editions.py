"""Conversion for the 繁體 edition: OpenCC's characters, the editors' overrides first, never vocabulary."""

from __future__ import annotations

from haoren.render.editions import Converter, Edition, edition_links, site_editions

from ..factories import make_settings


def test_characters_are_converted_with_opencc_s2t():
    convert = Converter("s2t")
    assert convert("潍坊好人网：志愿者的头发") == "濰坊好人網：志願者的頭髮"
    assert convert("") == ""
    assert convert("<a href=\"/stories/x/\">x</a>") == "<a href=\"/stories/x/\">x</a>"  # markup is ASCII


def test_words_are_never_rewritten_whatever_the_setting():
    # s2twp would say 軟體 and 計程車: vocabulary, which official names must never get.
    for conversion in ("s2t", "s2tw", "s2hk"):
        assert Converter(conversion)("软件和出租车") == "軟件和出租車"


def test_the_regional_setting_changes_only_the_glyph_standard():
    assert Converter("s2t")("助人为乐") == "助人爲樂"
    assert Converter("s2tw")("助人为乐") == "助人為樂"


def test_overrides_win_over_opencc_even_where_its_phrases_would_take_the_first_character():
    plain = Converter("s2t")
    assert plain("范明在于河街道") == "範明在於河街道"  # the guesses the overrides are for
    fixed = Converter("s2t", [("范明", "范明"), ("于河街道", "于河街道")])
    assert fixed("范明在于河街道做志愿者") == "范明在于河街道做志願者"


def test_the_longer_override_wins():
    fixed = Converter("s2t", [("钟", "鐘"), ("钟丽", "鍾麗")])
    assert fixed("钟丽敲钟") == "鍾麗敲鐘"


def test_where_two_overrides_overlap_the_one_starting_first_wins_even_if_shorter():
    fixed = Converter("s2t", [("范于", "范于"), ("于河街道办", "於河街道辦")])
    assert fixed("范于河街道办") == "范于河街道辦"  # 范于 starts first; 河街道办 is OpenCC's


def test_every_one_of_thousands_of_overrides_is_kept_as_written():
    # A large site: each of its 3,000 honorees' names an override, many on one list page.
    names = [f"于{chr(0x4E00 + index)}{chr(0x4E00 + index // 7)}" for index in range(3000)]
    fixed = Converter("s2t", [(name, name) for name in names])
    page = "<li>志愿者".join(names[::3]) + "发"
    converted = fixed(page)
    assert converted.count("<li>志願者") == 999 and converted.endswith("發")
    assert all(name in converted for name in names[::3])


def test_only_a_simplified_site_listing_zh_hant_gets_a_second_edition():
    assert [e.code for e in site_editions(make_settings())] == ["zh-Hans"]
    both = site_editions(make_settings(editions=("zh-Hans", "zh-Hant")))
    assert [(e.code, e.prefix, e.converted) for e in both] == [("zh-Hans", "", False), ("zh-Hant", "/zh-hant", True)]
    traditional_site = site_editions(make_settings(script="zh-Hant", editions=("zh-Hant",)))
    assert [(e.code, e.converted) for e in traditional_site] == [("zh-Hant", False)]


def test_edition_urls_put_pages_under_the_prefix_and_leave_shared_files_alone():
    hant = Edition("zh-Hant", "/zh-hant", Converter("s2t"))
    assert hant.url("/") == "/zh-hant/"
    assert hant.url("/stories/x/") == "/zh-hant/stories/x/"
    assert hant.url("/zh-hant/stories/x/") == "/zh-hant/stories/x/"
    assert hant.url("/media/a-480.jpg") == "/media/a-480.jpg"
    assert hant.url("/cards/abc.jpg") == "/cards/abc.jpg"
    assert hant.url("https://example.cn/") == "https://example.cn/"
    body = '<p><a href="/about/#纠错">纠错</a> <a href="https://x.cn/">x</a> <a href="/posters/p.pdf">p</a></p>'
    assert edition_links(body, hant) == (
        '<p><a href="/zh-hant/about/#纠错">纠错</a> <a href="https://x.cn/">x</a> <a href="/posters/p.pdf">p</a></p>')
