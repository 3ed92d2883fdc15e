"""Category, district and tag URLs are ASCII pinyin, stable, and unique within the site."""

from __future__ import annotations

from haoren.render.pages.urls import CATEGORY_SLUGS, SiteUrls, numbered_url, pinyin_slug, slug_map
from haoren.schema import CATEGORIES


def test_pinyin_slugs_are_ascii_and_keep_latin_words():
    assert pinyin_slug("潍城区") == "weichengqu"
    assert pinyin_slug("濰城區") == "weichengqu"  # Traditional reads the same
    assert pinyin_slug("COVID-19 防控") == "covid-19-fangkong"
    assert pinyin_slug("５Ａ级景区") == "5a-jijingqu"  # full-width letters are normalized first
    assert pinyin_slug("·") == ""


def test_every_category_has_a_fixed_slug():
    assert set(CATEGORY_SLUGS) == set(CATEGORIES)
    assert len(set(CATEGORY_SLUGS.values())) == len(CATEGORIES)


def test_names_that_read_alike_each_get_a_hashed_slug_whatever_the_order():
    slugs = slug_map(["志愿", "支援", "社区"])
    assert slugs["社区"] == "shequ"
    assert slugs["志愿"] != slugs["支援"]
    assert slugs["志愿"].startswith("zhiyuan-") and slugs["支援"].startswith("zhiyuan-")
    assert slug_map(["支援", "社区", "志愿"]) == slugs


def test_a_name_without_any_letter_still_gets_a_slug():
    assert slug_map(["★"])["★"].startswith("t-")


def test_site_urls_for_districts_categories_and_tags():
    urls = SiteUrls("https://haoren.example.cn", ["潍城区", "寿光市"], ["疫情防控"])
    assert urls.district("寿光市") == "/honor-roll/district/shouguangshi/"
    assert urls.category("孝老爱亲") == "/honor-roll/category/xiaolaoaiqin/"
    assert urls.tag("疫情防控") == "/tags/yiqingfangkong/"
    assert urls.href("/tags/") == "/tags/" and urls.absolute("/tags/") == "https://haoren.example.cn/tags/"


def test_page_one_is_the_list_itself():
    assert numbered_url("/stories/", 1) == "/stories/"
    assert numbered_url("/stories/", 2) == "/stories/page/2/"
