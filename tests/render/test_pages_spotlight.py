"""志愿者风采: spotlight stories only, volunteers by service hours, and the volunteer organizations."""

from __future__ import annotations

from ..factories import at, make_content, make_honoree, make_story, volunteer
from ..pagetools import link_texts, pages_of, rows, texts

NOW = at("2020-12-31")


def spotlight_pages(stories=(), honorees=()):
    return pages_of(make_content(stories=tuple(stories), honorees=tuple(honorees)), NOW)


def test_spotlight_shows_spotlight_stories_volunteers_by_hours_and_organizations():
    honorees = [
        make_honoree("org", name="春雨义工", kind="organization", category=None),
        make_honoree("a", name="甲", volunteer=volunteer(320, "org")),
        make_honoree("b", name="乙", volunteer=volunteer(1200)),
        make_honoree("c", name="丙"),
    ]
    stories = [make_story("news", "2020-03-01"), make_story("s1", "2020-03-02", kind="spotlight")]
    html = spotlight_pages(stories, honorees)["/spotlight/"].content_html
    assert texts(html, "hr-card__title") == ["标题s1"]
    assert rows(html)[1:] == [["1", "乙", "潍城区", "★★★★ 1200 小时"], ["2", "甲", "潍城区", "★★ 320 小时"]]
    assert link_texts(html)["/honorees/org/"] == "春雨义工"
    assert texts(html, "hr-count") == ["志愿者 1 名"]


def test_the_full_volunteer_list_paginates_and_keeps_counting_ranks():
    honorees = [make_honoree(f"v{n:02d}", name=f"志{n:02d}", volunteer=volunteer(1000 - n)) for n in range(25)]
    pages = spotlight_pages(honorees=honorees)
    assert "/spotlight/volunteers/" in link_texts(pages["/spotlight/"].content_html)
    second = rows(pages["/spotlight/volunteers/page/2/"].content_html)
    assert second[1] == ["21", "志20", "潍城区", "★★★ 980 小时"]
    assert len(second) == 1 + 5
