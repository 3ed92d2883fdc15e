"""The site model decides the lifecycle once and derives every list the pages show."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from haoren.model.site import build_site, campaign_stage, count_stars, period_keys
from haoren.schema import Consent, Honor

from ..factories import at, make_campaign, make_content, make_honoree, make_story, make_topic, volunteer

NOW = at("2020-06-01")


def slugs(stories):
    return [s.slug for s in stories]


def test_drafts_and_scheduled_stories_are_not_published():
    content = make_content(
        stories=(
            make_story("old", "2020-01-01"),
            make_story("draft", "2020-02-01", draft=True),
            make_story("later", "2020-07-01"),
        )
    )
    site = build_site(content, NOW)
    assert slugs(site.stories) == ["old"]
    assert set(site.story_by_slug) == {"old"}


def test_a_scheduled_story_appears_once_the_clock_reaches_its_date():
    content = make_content(stories=(make_story("later", "2020-07-01"),))
    assert slugs(build_site(content, at("2020-07-01")).stories) == ["later"]


def test_withdrawn_honoree_is_dropped_from_stories_rolls_and_campaigns():
    withdrawn = make_honoree(
        "gone",
        Honor("潍坊好人", "city", "2020-02", campaign="kangyi", award="最美志愿者"),
        consent=Consent(publish=False),
    )
    kept = make_honoree("kept", Honor("潍坊好人", "city", "2020-02", campaign="kangyi", award="最美志愿者"))
    content = make_content(
        honorees=(withdrawn, kept),
        stories=(make_story("s", honorees=("gone", "kept")),),
        campaigns=(make_campaign(),),
    )
    site = build_site(content, NOW)
    assert [h.id for h in site.honorees] == ["kept"]
    assert site.story_by_slug["s"].honorees == ("kept",)
    assert "gone" not in site.stories_about
    assert all(e.honoree.id == "kept" for roll in site.rolls for e in roll.entries)
    award = site.campaign_by_id["kangyi"].awards[0]
    assert [h.id for h in award.winners] == ["kept"]


def test_an_honoree_appears_only_on_or_after_the_consent_date():
    later = make_honoree("later", Honor("潍坊好人", "city", "2020-02", campaign="kangyi", award="最美志愿者"),
                         consent=Consent(publish=True, date=date(2020, 6, 1)))
    content = make_content(honorees=(later,), stories=(make_story("s", honorees=("later",)),),
                           campaigns=(make_campaign(),))
    before = build_site(content, at("2020-05-31"))
    assert before.honorees == () and before.rolls == () and before.story_by_slug["s"].honorees == ()
    assert before.campaign_by_id["kangyi"].awards[0].winners == ()
    on_the_day = build_site(content, at("2020-06-01"))
    assert [h.id for h in on_the_day.honorees] == ["later"]
    assert [e.honoree.id for e in on_the_day.rolls[0].entries] == ["later"]


def test_month_honors_roll_up_into_quarter_and_year_newest_first():
    site = build_site(make_content(honorees=(make_honoree("a", Honor("潍坊好人", "city", "2020-02")),)), NOW)
    assert [r.period for r in site.rolls] == ["2020-02", "2020-Q1", "2020"]
    assert period_keys("2020-11") == ("2020-11", "2020-Q4", "2020")
    assert period_keys("2021-Q2") == ("2021-Q2", "2021")


def test_nominees_are_on_the_campaign_but_not_on_honor_rolls():
    nominee = make_honoree(
        "n", Honor("最美志愿者", "city", "2020-05", campaign="kangyi", award="最美志愿者", status="nominee")
    )
    site = build_site(make_content(honorees=(nominee,), campaigns=(make_campaign(),)), NOW)
    assert site.rolls == ()
    award = site.campaign_by_id["kangyi"].awards[0]
    assert (len(award.winners), [h.id for h in award.nominees], award.target) == (0, ["n"], 200)


def test_roll_lists_national_honors_before_city_ones():
    a = make_honoree("a", Honor("潍坊好人", "city", "2020"))
    b = make_honoree("b", Honor("中国好人", "national", "2020"))
    site = build_site(make_content(honorees=(a, b)), NOW)
    assert [e.honoree.id for e in site.rolls[0].entries] == ["b", "a"]


@pytest.mark.parametrize(
    ("day", "stage"),
    [
        (date(2020, 3, 31), "未开始"),
        (date(2020, 4, 1), "征集中"),
        (date(2020, 5, 5), "评审中"),
        (date(2020, 5, 10), "公示中"),
        (date(2020, 5, 16), "公示中"),
        (date(2020, 5, 17), "公示期满"),
        (date(2020, 5, 25), "已发布"),
    ],
)
def test_campaign_stage_follows_the_build_date(day, stage):
    assert campaign_stage(make_campaign(), day) == stage


def test_stars_are_derived_from_hours():
    thresholds = (100, 300, 600, 1000, 1500)
    assert [count_stars(h, thresholds) for h in (0, 99, 100, 650, 1500, 9000)] == [0, 0, 1, 3, 5, 5]
    site = build_site(make_content(honorees=(make_honoree("v", volunteer=volunteer(650, "org")),)), NOW)
    assert site.stars["v"] == 3


def test_related_ranks_shared_honorees_then_topics_then_tags_then_recency():
    stories = (
        make_story("me", "2020-03-01", honorees=("h",), topics=("t",), tags=("x",)),
        make_story("by-tag", "2020-05-01", tags=("x",)),
        make_story("by-topic", "2020-02-01", topics=("t",)),
        make_story("by-honoree", "2020-01-01", honorees=("h",)),
        make_story("unrelated", "2020-05-02"),
    )
    site = build_site(make_content(stories=stories, honorees=(make_honoree("h"),), topics=(make_topic("t"),)), NOW)
    assert slugs(site.related["me"]) == ["by-honoree", "by-topic", "by-tag"]


def test_neighbours_are_older_and_newer_published_stories():
    stories = (make_story("a", "2020-01-01"), make_story("b", "2020-02-01", draft=True), make_story("c", "2020-03-01"))
    site = build_site(make_content(stories=stories), NOW)
    older, newer = site.neighbours["c"]
    assert (older.slug, newer) == ("a", None)


def test_topic_lists_pinned_stories_first_and_drops_unpublished_pins():
    stories = (
        make_story("new", "2020-05-01", topics=("t",)),
        make_story("old", "2020-01-01", topics=("t",)),
        make_story("hidden", "2020-01-02", topics=("t",), draft=True),
    )
    topic = make_topic("t", pinned=("hidden", "old"))
    site = build_site(make_content(stories=stories, topics=(topic,)), NOW)
    assert slugs(site.stories_in_topic["t"]) == ["old", "new"]
    assert site.topic_by_id["t"].pinned == ("old",)


def test_the_model_cannot_be_mutated():
    site = build_site(make_content(stories=(make_story("a"),)), NOW)
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.stories = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        site.story_by_slug["b"] = site.stories[0]  # type: ignore[index]


def test_campaign_winners_stay_nominees_until_the_results_date():
    winner = make_honoree("w", Honor("最美志愿者", "city", "2020-05", campaign="kangyi", award="最美志愿者"))
    content = make_content(honorees=(winner,), campaigns=(make_campaign(),))
    before = build_site(content, at("2020-05-12"))  # 公示中: the list is only proposed
    award = before.campaign_by_id["kangyi"].awards[0]
    assert ([h.id for h in award.winners], [h.id for h in award.nominees]) == ([], ["w"])
    assert before.rolls == ()
    assert before.honoree_by_id["w"].honors[0].status == "nominee"
    after = build_site(content, at("2020-05-25"))
    assert [h.id for h in after.campaign_by_id["kangyi"].awards[0].winners] == ["w"]
    assert [r.period for r in after.rolls] == ["2020-05", "2020-Q2", "2020"]


def test_honors_of_a_period_that_has_not_begun_are_not_shown():
    honoree = make_honoree("a", Honor("潍坊好人", "city", "2020-02"), Honor("山东好人", "province", "2020-Q3"))
    site = build_site(make_content(honorees=(honoree,)), at("2020-06-30"))
    assert [h.period for h in site.honoree_by_id["a"].honors] == ["2020-02"]
    assert "2020-Q3" not in [r.period for r in site.rolls]


def test_an_honoree_appears_only_once_a_first_honor_is_due():
    # Before any honor's period begins, the page would be an empty 所获荣誉 list, published
    # months before the person was honored (and, in the sample, before consent was given).
    honoree = make_honoree("a", Honor("潍坊好人", "city", "2020-11"))
    story = make_story("s", "2020-03-01", honorees=("a",))
    before = build_site(make_content(honorees=(honoree,), stories=(story,)), at("2020-10-31"))
    assert "a" not in before.honoree_by_id
    assert before.story_by_slug["s"].honorees == ()
    after = build_site(make_content(honorees=(honoree,), stories=(story,)), at("2020-11-01"))
    assert [h.id for h in after.honorees] == ["a"]
