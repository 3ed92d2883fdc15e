"""Campaign files: targets, the timeline and its order."""

from __future__ import annotations

from datetime import date

from haoren.schema import Target

from ..site_folder import CAMPAIGN, content, problems, replaced


def campaign(*replacements: tuple[str, str]) -> str:
    return replaced(CAMPAIGN, *replacements)


def test_a_valid_campaign_becomes_a_campaign_with_its_timeline(tmp_path):
    [result] = content(tmp_path, {"content/campaigns/kangyi.yml": CAMPAIGN}).campaigns
    assert (result.id, result.path, result.title) == ("kangyi", "content/campaigns/kangyi.yml", "抗击疫情最美志愿者评选")
    assert result.targets == (Target("最美志愿者", 200, "person"), Target("最佳志愿服务组织", 50, "organization"))
    timeline = result.timeline
    assert (timeline.nomination_start, timeline.notice_end, timeline.results_date) == (
        date(2020, 3, 20), date(2020, 5, 12), date(2020, 5, 20))
    assert timeline.notice_contact == "0536-8888888"


def test_required_fields_of_a_campaign(tmp_path):
    text = "title: 评选\ntargets: []\ntimeline:\n  nomination: {start: 2020-03-20}\n"
    assert problems(tmp_path, {"content/campaigns/a.yml": text}) == [
        "content/campaigns/a.yml:1: description: is required",
        "content/campaigns/a.yml:1: organizer: is required",
        "content/campaigns/a.yml:2: targets: has 0 entries; at least 1 needed",
        "content/campaigns/a.yml:4: timeline.nomination.end: is required",
        "content/campaigns/a.yml:4: timeline.notice: is required",
        "content/campaigns/a.yml:4: timeline.results: is required",
    ]


def test_targets_have_a_positive_count_a_kind_and_distinct_awards(tmp_path):
    text = campaign(("{award: 最美志愿者, count: 200, kind: person}", "{award: 最美志愿者, count: 0, kind: people}"),
                    ("{award: 最佳志愿服务组织, count: 50, kind: organization}", "{award: 最美志愿者, count: 5, kind: group}"))
    assert problems(tmp_path, {"content/campaigns/a.yml": text}) == [
        'content/campaigns/a.yml:5: targets[0].count: "0" is too small; at least 1',
        'content/campaigns/a.yml:5: targets[0].kind: "people" is not one of person, group, organization',
        'content/campaigns/a.yml:6: targets[1].award: "最美志愿者" is listed twice',
    ]


def test_the_timeline_runs_forward(tmp_path):
    text = campaign(("end: 2020-04-20}", "end: 2020-03-19}"), ("{date: 2020-05-20}", "{date: 2020-05-11}"))
    assert problems(tmp_path, {"content/campaigns/a.yml": text}) == [
        "content/campaigns/a.yml:8: timeline.nomination.end: 2020-03-19 is before timeline.nomination.start 2020-03-20",
        "content/campaigns/a.yml:10: timeline.results.date: 2020-05-11 is before timeline.notice.end 2020-05-12",
    ]


def test_timeline_dates_are_days_without_a_time(tmp_path):
    text = campaign(("start: 2020-05-06", "start: 2020-05-06 09:00"))
    assert problems(tmp_path, {"content/campaigns/a.yml": text}) == [
        'content/campaigns/a.yml:9: timeline.notice.start: "2020-05-06 09:00" is not a date (YYYY-MM-DD)',
    ]
