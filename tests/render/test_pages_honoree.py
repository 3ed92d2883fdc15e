"""Honoree pages: facts, honors from county to national, stars next to hours, members and volunteers."""

from __future__ import annotations

from pathlib import Path

from haoren.schema import Consent, Honor, Image, Volunteer

from ..factories import at, make_campaign, make_content, make_honoree, make_settings, make_story, volunteer
from ..pagetools import link_texts, pages_of, read, rows, texts

NOW = at("2022-01-01")
PHOTO = Image(Path("/site/honorees/li.jpg"), "李建国在社区值守")


def honoree_pages(*honorees, stories=(), campaigns=(), **settings):
    content = make_content(
        settings=make_settings(**settings), honorees=honorees, stories=stories, campaigns=campaigns
    )
    return pages_of(content, NOW)


def test_facts_line_of_a_person():
    person = make_honoree(
        "li", name="李建国", gender="男", ethnicity="汉族", birth="1958-03", political_status="中共党员",
        district="坊子区", locality="凤凰街道", affiliation="坊子区夕阳红志愿服务队队员",
    )
    page = honoree_pages(person, districts=("坊子区",))["/honorees/li/"]
    assert (page.title, page.kind, page.share.og_type) == ("李建国", "honoree", "profile")
    assert texts(page.content_html, "hr-facts") == [
        "男，汉族，1958年3月生，中共党员，坊子区凤凰街道，坊子区夕阳红志愿服务队队员"
    ]


def test_a_birth_year_alone_shows_only_the_year():
    page = honoree_pages(make_honoree("li", birth="1958"))["/honorees/li/"]
    assert texts(page.content_html, "hr-facts__birth") == ["1958年生"]


def test_the_photo_shows_only_with_consent_to_it():
    with_consent = make_honoree("a", photo=PHOTO, consent=Consent(publish=True, photo=True))
    without = make_honoree("b", photo=PHOTO, consent=Consent(publish=True, photo=False))
    pages = honoree_pages(with_consent, without)
    assert [e["attrs"]["alt"] for e in read(pages["/honorees/a/"].content_html) if e["tag"] == "img"] == [PHOTO.alt]
    assert [e for e in read(pages["/honorees/b/"].content_html) if e["tag"] == "img"] == []


def test_honors_run_from_county_to_national_with_links_to_rolls_and_campaigns():
    honors = (
        Honor("中国好人", "national", "2021-01"),
        Honor("最美志愿者", "city", "2020-05", campaign="kangyi", award="最美志愿者"),
        Honor("潍坊好人", "city", "2020-02"),
        Honor("山东好人", "province", "2020-Q3"),
        Honor("坊子好人", "county", "2019"),
        Honor("候选", "province", "2021", status="nominee"),
    )
    page = honoree_pages(make_honoree("li", *honors), campaigns=(make_campaign("kangyi"),))["/honorees/li/"]
    html = page.content_html
    assert texts(html, "hr-timeline__item") == [
        "2019年度 县级 坊子好人",
        "2020年2月 市级 潍坊好人",
        "2020年5月 市级 最美志愿者 抗击疫情最美志愿者评选",  # the award its title names is not repeated
        "2020年第三季度 省级 山东好人",
        "2021年度 省级 候选 候选",
        "2021年1月 全国 中国好人",
    ]
    found = link_texts(html)
    assert found["/honor-roll/2020-02/"] == "潍坊好人"
    assert found["/honor-roll/2020-Q3/"] == "山东好人"
    assert found["/campaigns/kangyi/"] == "抗击疫情最美志愿者评选"
    assert "/honor-roll/2021/" not in found  # a nominee is not on a roll


def test_a_deceased_honoree_is_shown_with_posthumous_honors():
    page = honoree_pages(make_honoree("wang", deceased=True, affiliation="某村党支部书记"))["/honorees/wang/"]
    html = page.content_html
    assert texts(html, "hr-label--deceased") == ["生前事迹"]
    assert texts(html, "hr-facts__affiliation") == ["生前系某村党支部书记"]
    assert texts(html, "hr-label--posthumous") == ["追授"]


def test_a_volunteer_shows_stars_next_to_hours_and_links_the_organization():
    org = make_honoree("chunyu", kind="organization", category=None, name="春雨义工", registered=True)
    person = make_honoree("liu", name="刘海涛", volunteer=Volunteer(650, "chunyu", since=2012))
    html = honoree_pages(org, person)["/honorees/liu/"].content_html
    assert texts(html, "hr-stars") == ["★★★ 650 小时"]
    assert link_texts(html)["/honorees/chunyu/"] == "春雨义工"
    assert texts(html, "hr-volunteer__since") == ["2012年起参加志愿服务"]


def test_an_organization_lists_its_volunteers_by_hours():
    org = make_honoree("chunyu", kind="organization", category=None, name="春雨义工", registered=False)
    people = [
        make_honoree("a", name="甲", volunteer=volunteer(120, "chunyu")),
        make_honoree("b", name="乙", volunteer=volunteer(1600, "chunyu")),
        make_honoree("c", name="丙", volunteer=volunteer(90)),
    ]
    html = honoree_pages(org, *people)["/honorees/chunyu/"].content_html
    assert rows(html) == [
        ["名次", "志愿者", "区县", "星级与服务时长"],
        ["1", "乙", "潍城区", "★★★★★ 1600 小时"],
        ["2", "甲", "潍城区", "★ 120 小时"],
    ]
    assert texts(html, "hr-honoree__registered") == ["未登记的志愿服务队"]


def test_a_group_lists_its_members():
    group = make_honoree("fuqi", kind="group", name="王氏夫妇", members=("王某", "张某"))
    html = honoree_pages(group)["/honorees/fuqi/"].content_html
    assert texts(html, "hr-honoree__members") == ["成员：王某、张某"]


def test_bio_is_rendered_and_stories_about_them_are_listed():
    person = make_honoree("li", bio="## 事迹\n\n他**坚持**献血。<script>x()</script>")
    stories = (make_story("a", "2020-01-01", honorees=("li",)), make_story("b", "2020-02-01"))
    html = honoree_pages(person, stories=stories)["/honorees/li/"].content_html
    assert "<strong>坚持</strong>" in html and "<script" not in html
    assert texts(html, "hr-card__title") == ["标题a"]


class RecordingDrawings:
    """Stands in for haoren.sharing.SharePlan: remembers what the pages asked to draw."""

    card_size = (1200, 630)

    def __init__(self) -> None:
        self.cards: dict[str, tuple[str, Path | None]] = {}
        self.posters: dict[str, dict] = {}

    def card(self, key, title, image):
        self.cards[key] = (title, image)
        return f"/cards/{key.strip('/').replace('/', '-') or 'site'}.jpg"  # named by page, in any order

    def poster(self, key, **fields):
        self.posters[key] = fields
        return f"/posters/{len(self.posters)}.png", f"/posters/{len(self.posters)}.pdf"


def drawn_pages(*honorees):
    drawings = RecordingDrawings()
    pages = pages_of(make_content(honorees=honorees), NOW, drawings=drawings)
    return pages, drawings


def test_the_poster_shows_the_highest_honor_and_is_dated_by_the_consent():
    honors = (
        Honor("潍坊好人", "city", "2021-06"),
        Honor("中国好人", "national", "2020-10"),
        Honor("山东好人", "province", "2021-Q2"),
        Honor("中国好人", "national", "2019-03"),
        Honor("候选", "national", "2021-11", status="nominee"),
    )
    li = make_honoree("li", *honors, name="李建国", photo=PHOTO,
                      consent=Consent(publish=True, photo=True, date=at("2021-07-01").date()))
    pages, drawings = drawn_pages(li)
    poster = drawings.posters["/honorees/li/"]
    assert poster["honor_line"] == "2020年10月 中国好人"
    assert poster["made"] == at("2021-07-01")
    assert poster["portrait"] == PHOTO.source
    assert poster["qr_url"] == "https://haoren.example.cn/honorees/li/"
    assert link_texts(pages["/honorees/li/"].content_html)["/posters/1.pdf"] == "PDF"
    assert texts(pages["/honorees/li/"].content_html, "hr-honoree__poster") == ["下载宣传海报（PNG / PDF）"]


def test_a_poster_never_shows_a_photo_without_consent_and_marks_nominees_and_posthumous_honors():
    nominee = make_honoree("a", Honor("潍坊好人", "city", "2021-03", status="nominee"), photo=PHOTO,
                           consent=Consent(publish=True, photo=False, date=at("2021-01-01").date()))
    late = make_honoree("b", Honor("潍坊好人", "city", "2020-02"), deceased=True)
    _, drawings = drawn_pages(nominee, late)
    assert drawings.posters["/honorees/a/"]["portrait"] is None
    assert drawings.posters["/honorees/a/"]["honor_line"] == "2021年3月 潍坊好人（候选）"
    assert drawings.posters["/honorees/b/"]["honor_line"] == "2020年2月 潍坊好人（追授）"


def test_the_share_card_names_the_honoree_and_the_deed_over_the_consented_photo():
    li = make_honoree("li", name="李建国", headline="六年志愿服务超千小时", photo=PHOTO,
                      consent=Consent(publish=True, photo=True))
    org = make_honoree("org", name="服务队", kind="organization", category=None)
    pages, drawings = drawn_pages(li, org)
    assert drawings.cards["/honorees/li/"] == ("李建国：六年志愿服务超千小时", PHOTO.source)
    assert drawings.cards["/honorees/org/"] == ("服务队：事迹标题", None)
    share = pages["/honorees/li/"].share
    assert (share.og_type, share.image_url, share.image_width, share.image_height) == (
        "profile", "https://haoren.example.cn/cards/honorees-li.jpg", 1200, 630)
    assert pages["/honorees/org/"].share.og_type == "website"
