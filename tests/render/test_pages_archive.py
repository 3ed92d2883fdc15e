"""The archive by year and month, and the tag pages, list every published story 20 a page."""

from __future__ import annotations

from ..factories import at, make_content, make_story
from ..pagetools import link_texts, pages_of, texts

NOW = at("2021-12-31")


def archive_pages(*stories):
    return pages_of(make_content(stories=stories), NOW)


def test_archive_index_year_and_month_pages():
    pages = archive_pages(
        make_story("a", "2020-03-01"), make_story("b", "2020-03-15"), make_story("c", "2020-11-02"),
        make_story("d", "2021-01-05"),
    )
    index = pages["/archive/"].content_html
    assert texts(index, "hr-section__title") == ["2021年 1", "2020年 3"]
    assert link_texts(index)["/archive/2020/03/"] == "3月"
    year = pages["/archive/2020/"]
    assert year.title == "2020年文章"
    assert link_texts(year.content_html)["/archive/2020/11/"] == "2020年11月"
    month = pages["/archive/2020/03/"]
    assert (month.title, texts(month.content_html, "hr-card__title")) == ("2020年3月文章", ["标题b", "标题a"])
    assert "/archive/2020/04/" not in pages


def test_a_busy_month_paginates():
    pages = archive_pages(*(make_story(f"s{n:02d}", f"2020-03-{n % 28 + 1:02d}") for n in range(30)))
    assert len(texts(pages["/archive/2020/03/page/2/"].content_html, "hr-card__title")) == 10


def test_tag_index_and_tag_pages():
    pages = archive_pages(
        make_story("a", "2020-03-01", tags=("社区", "助残")), make_story("b", "2020-03-02", tags=("社区",)),
    )
    index = pages["/tags/"].content_html
    assert link_texts(index) == {"/tags/shequ/": "社区", "/tags/zhucan/": "助残"}
    assert texts(index, "hr-count") == ["2", "1"]  # the most used first
    tag = pages["/tags/shequ/"]
    assert (tag.title, texts(tag.content_html, "hr-card__title")) == ("标签：社区", ["标题b", "标题a"])
