"""Campaign pages: computed progress per award, the stage with its dates, and the 公示 notice while it runs."""

from __future__ import annotations

from haoren.schema import Honor

from ..factories import at, make_campaign, make_content, make_honoree, make_story
from ..pagetools import link_texts, pages_of, texts


def award(status: str, name: str = "最美志愿者", period: str = "2020-04") -> Honor:
    return Honor(name, "city", period, campaign="kangyi", award=name, status=status)


def campaign_pages(day: str):
    honorees = [make_honoree(f"w{n}", award("winner"), name=f"入选{n}") for n in range(3)] + [
        make_honoree("n1", award("nominee"), name="候选1"),
        make_honoree("org", award("winner", "最佳志愿服务组织"), name="春雨", kind="organization", category=None),
        make_honoree("other", Honor("潍坊好人", "city", "2020-04"), name="无关"),
    ]
    stories = (make_story("mingdan", "2020-05-26", campaign="kangyi", honorees=("w0",)),)
    return pages_of(make_content(campaigns=(make_campaign("kangyi"),), honorees=tuple(honorees), stories=stories),
                    at(day))


def test_once_the_results_are_out_the_page_counts_the_winners_and_those_with_stories():
    page = campaign_pages("2020-06-01")["/campaigns/kangyi/"]
    html = page.content_html
    assert (page.title, page.kind) == ("抗击疫情最美志愿者评选", "campaign")
    assert texts(html, "hr-results__item") == [
        "最美志愿者：共评出 200 名，本站收录 3 名，其中 1 名 有报道。",
        "最佳志愿服务组织：共评出 50 个，本站收录 1 个，其中 0 个 有报道。",
    ]
    assert texts(html, "hr-progress__count") == []  # no nomination bars once the results are out
    assert page.description.startswith("评选结果已发布，共评出最美志愿者200名、最佳志愿服务组织50个。")
    assert texts(html, "hr-stage") == ["已发布"]
    assert sorted(texts(html, "hr-card__title")) == ["候选1", "入选0", "入选1", "入选2", "春雨", "标题mingdan"]
    assert link_texts(html)["/honorees/org/"] == "春雨"


def test_during_the_notice_the_page_shows_how_to_object():
    html = campaign_pages("2020-05-12")["/campaigns/kangyi/"].content_html
    assert texts(html, "hr-stage") == ["公示中"]
    assert texts(html, "hr-notice__contact") == ["联系电话：0536-8888888"]
    assert texts(html, "hr-notice__address") == ["通讯地址：测试市文明办"]
    assert "公示时间：2020年5月10日至2020年5月16日" in texts(html, "hr-notice")[0]
    # before the results date every winner is still a proposed name
    assert texts(html, "hr-progress__count") == ["0 / 200", "0 / 50"]
    assert texts(html, "hr-progress__nominees") == ["候选 4", "候选 1"]
    assert page_description(day="2020-05-12").startswith("公示中：")
    assert texts(html, "hr-award__group") == ["公示名单（4）", "公示名单（1）"]


def page_description(day: str) -> str:
    return campaign_pages(day)["/campaigns/kangyi/"].description


def test_outside_the_notice_there_is_no_notice():
    for day in ("2020-04-10", "2020-05-20", "2020-06-01"):
        assert texts(campaign_pages(day)["/campaigns/kangyi/"].content_html, "hr-notice") == []


def test_the_current_stage_is_marked_on_the_timeline():
    html = campaign_pages("2020-04-10")["/campaigns/kangyi/"].content_html
    assert texts(html, "hr-stage") == ["征集中"]
    assert texts(html, "hr-steps__item--current") == ["推荐征集 2020年4月1日至2020年4月30日"]
    assert texts(html, "hr-steps__label") == ["推荐征集", "公示", "结果发布"]


def test_the_campaign_index_lists_each_with_its_stage_and_progress():
    page = campaign_pages("2020-06-01")["/campaigns/"]
    assert link_texts(page.content_html)["/campaigns/kangyi/"] == "抗击疫情最美志愿者评选"
    assert texts(page.content_html, "hr-progress__count") == ["最美志愿者 共评出 200 名", "最佳志愿服务组织 共评出 50 个"]
    during = campaign_pages("2020-05-12")["/campaigns/"]
    assert texts(during.content_html, "hr-progress__count") == ["最美志愿者 0 / 200", "最佳志愿服务组织 0 / 50"]
