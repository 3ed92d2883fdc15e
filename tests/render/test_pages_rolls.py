"""Honor rolls list exactly their period's winners, national first, by category; and category and district lists."""

from __future__ import annotations

from haoren.schema import Honor

from ..factories import at, make_content, make_honoree
from ..pagetools import links, pages_of, texts

NOW = at("2021-01-01")


def roll_pages(*honorees):
    return pages_of(make_content(honorees=honorees), NOW)


def test_a_month_roll_shows_its_honorees_and_no_others():
    pages = roll_pages(
        make_honoree("feb", Honor("潍坊好人", "city", "2020-02"), name="二月"),
        make_honoree("mar", Honor("潍坊好人", "city", "2020-03"), name="三月"),
        make_honoree("nominee", Honor("潍坊好人", "city", "2020-02", status="nominee"), name="候选人"),
    )
    page = pages["/honor-roll/2020-02/"]
    assert (page.title, page.kind) == ("2020年2月光荣榜", "roll")
    assert texts(page.content_html, "hr-card__title") == ["二月"]
    assert sorted(texts(pages["/honor-roll/2020-Q1/"].content_html, "hr-card__title")) == ["三月", "二月"]
    assert sorted(texts(pages["/honor-roll/2020/"].content_html, "hr-card__title")) == ["三月", "二月"]
    assert pages["/honor-roll/2020-Q1/"].title == "2020年第一季度光荣榜"
    assert pages["/honor-roll/2020/"].title == "2020年度光荣榜"


def test_a_roll_is_grouped_by_level_national_first_then_by_category():
    pages = roll_pages(
        make_honoree("a", Honor("潍坊好人", "city", "2020-02"), name="市级助人", category="助人为乐"),
        make_honoree("b", Honor("中国好人", "national", "2020-02"), name="全国志愿", category="志愿服务"),
        make_honoree("c", Honor("潍坊好人", "city", "2020-02"), name="市级见义", category="见义勇为"),
        make_honoree("d", Honor("潍坊好人", "city", "2020-02"), name="市级组织", kind="organization", category=None),
    )
    html = pages["/honor-roll/2020-02/"].content_html
    assert texts(html, "hr-section__title") == ["全国", "市级"]
    assert texts(html, "hr-roll__category") == ["志愿服务", "助人为乐", "见义勇为", "其他"]
    assert texts(html, "hr-card__title") == ["全国志愿", "市级助人", "市级见义", "市级组织"]


def test_the_index_links_every_period_and_the_category_and_district_lists():
    pages = roll_pages(
        make_honoree("a", Honor("潍坊好人", "city", "2020-02"), district="寒亭区", category="孝老爱亲"),
        make_honoree("b", Honor("山东好人", "province", "2019-Q4")),
    )
    hrefs = links(pages["/honor-roll/"].content_html)
    for url in ("/honor-roll/2020-02/", "/honor-roll/2020-Q1/", "/honor-roll/2020/", "/honor-roll/2019-Q4/",
                "/honor-roll/2019/", "/honor-roll/category/xiaolaoaiqin/", "/honor-roll/district/hantingqu/"):
        assert url in hrefs and url in pages


def test_category_and_district_lists_paginate_twenty_a_page():
    honorees = [make_honoree(f"h{n:02d}", name=f"人{n:02d}", district="坊子区") for n in range(25)]
    pages = roll_pages(*honorees)
    first, second = pages["/honor-roll/district/fangziqu/"], pages["/honor-roll/district/fangziqu/page/2/"]
    assert first.title == "坊子区好人"
    assert len(texts(first.content_html, "hr-card__title")) == 20
    assert texts(second.content_html, "hr-card__title") == [f"人{n}" for n in range(20, 25)]
    assert len(texts(pages["/honor-roll/category/zhiyuanfuwu/"].content_html, "hr-card__title")) == 20


def test_a_posthumous_honor_says_so_on_the_roll():
    pages = roll_pages(make_honoree("w", Honor("潍坊好人", "city", "2020-02"), deceased=True))
    assert texts(pages["/honor-roll/2020-02/"].content_html, "hr-label--posthumous") == ["追授"]


def test_an_honoree_appears_once_in_a_group_with_each_honor_named_once():
    """/honor-roll/2020/ showed "孝老爱亲之星 · 孝老爱亲之星" and one family in two adjacent cards."""
    pages = roll_pages(
        make_honoree("star", Honor("孝老爱亲之星", "city", "2020-11", campaign="c", award="孝老爱亲之星"),
                     name="王桂英", category="孝老爱亲"),
        make_honoree("family", Honor("最美家庭", "city", "2020-11", campaign="c", award="最美家庭"),
                     Honor("潍坊好人", "city", "2020-11"), name="郑德明家庭", kind="group", members=("郑德明", "李秀英"),
                     category="孝老爱亲"),
        make_honoree("kangyi", Honor("抗击疫情最美志愿者", "city", "2020-05", campaign="c", award="最美志愿者"),
                     Honor("潍坊好人", "city", "2020-05", campaign="c", award="潍坊好人之星"),
                     name="刘海涛", category="志愿服务"),
    )
    html = pages["/honor-roll/2020/"].content_html
    assert texts(html, "hr-card__title") == ["王桂英", "郑德明家庭", "刘海涛"]
    assert texts(html, "hr-card__honor") == ["孝老爱亲之星", "最美家庭、潍坊好人", "抗击疫情最美志愿者、潍坊好人 · 潍坊好人之星"]


def test_roll_descriptions_count_people_groups_and_organizations_apart():
    """Not "16位（个）": 位 for people, 个 for groups and organizations."""
    pages = roll_pages(
        make_honoree("a", Honor("潍坊好人", "city", "2020-02"), name="甲"),
        make_honoree("b", Honor("潍坊好人", "city", "2020-02"), name="乙"),
        make_honoree("g", Honor("潍坊好人", "city", "2020-02"), name="一家", kind="group", members=("丙", "丁")),
        make_honoree("o", Honor("潍坊好人", "city", "2020-02"), name="服务队", kind="organization", category=None),
    )
    assert pages["/honor-roll/2020-02/"].description == "2020年2月光荣榜：2位好人、1个集体、1个组织获得荣誉"
    assert pages["/honor-roll/category/zhiyuanfuwu/"].description == "志愿服务好人：共2位好人、1个集体"
