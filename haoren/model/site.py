"""The frozen site model: lifecycle decided once, and every derived index the pages need."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from haoren.model.related import Rankings, RelatedStories
from haoren.schema import (
    CATEGORIES,
    LEVELS,
    Campaign,
    Content,
    Honor,
    Honoree,
    Page,
    Redirect,
    Settings,
    Story,
    Topic,
)



@dataclass(frozen=True)
class RollEntry:
    """One honor of one published honoree, as listed on an honor roll."""

    honoree: Honoree
    honor: Honor


@dataclass(frozen=True)
class HonorRoll:
    """The honors of one month, quarter or year; a month's honors also count in its quarter and year."""

    period: str  # "2020-02", "2020-Q1" or "2020"
    entries: tuple[RollEntry, ...]  # national first, then by category and name


@dataclass(frozen=True)
class AwardProgress:
    award: str
    kind: str
    target: int
    winners: tuple[Honoree, ...]
    nominees: tuple[Honoree, ...]


@dataclass(frozen=True)
class CampaignView:
    campaign: Campaign
    stage: str  # 未开始 / 征集中 / 评审中 / 公示中 / 公示期满 / 已发布
    awards: tuple[AwardProgress, ...]
    stories: tuple[Story, ...]


@dataclass(frozen=True)
class Site:
    """Built once by `build_site`, never mutated; every output reads only published items from here."""

    settings: Settings
    now: datetime
    stories: tuple[Story, ...]  # published only, newest first
    honorees: tuple[Honoree, ...]  # published only (consent.publish true), sorted by id
    campaigns: tuple[CampaignView, ...]
    topics: tuple[Topic, ...]
    pages: tuple[Page, ...]
    redirects: tuple[Redirect, ...]
    rolls: tuple[HonorRoll, ...]  # every period that has honors, newest first
    story_by_slug: Mapping[str, Story]
    honoree_by_id: Mapping[str, Honoree]
    topic_by_id: Mapping[str, Topic]
    campaign_by_id: Mapping[str, CampaignView]
    stories_about: Mapping[str, tuple[Story, ...]]
    stories_in_topic: Mapping[str, tuple[Story, ...]]  # pinned first, then newest
    stories_by_tag: Mapping[str, tuple[Story, ...]]
    related: RelatedStories  # slug -> its related stories, ranked when first asked
    neighbours: Mapping[str, tuple[Story | None, Story | None]]  # (older, newer)
    stars: Mapping[str, int]
    volunteers_of: Mapping[str, tuple[Honoree, ...]]
    honorees_by_category: Mapping[str, tuple[Honoree, ...]]
    honorees_by_district: Mapping[str, tuple[Honoree, ...]]
    archive: tuple[tuple[int, tuple[tuple[int, tuple[Story, ...]], ...]], ...]


def is_story_published(story: Story, now: datetime) -> bool:
    """A story is public unless it is a draft or scheduled after the build clock."""
    return not story.draft and story.date <= now


def is_honoree_published(honoree: Honoree, now: datetime) -> bool:
    """An honoree is public with consent, from the day consent was given (never before it), and from
    the start of the first honor's period: before any honor is due there is nobody to honor yet."""
    consent = honoree.consent
    if not consent.publish or consent.date is not None and now.date() < consent.date:
        return False
    return any(period_start(h.period) <= now.date() for h in honoree.honors)


def build_site(content: Content, now: datetime, kept_rankings: Callable[[str], Rankings | None] | None = None) -> Site:
    """Decide the lifecycle once and derive every index; the result is the only input of rendering.

    `kept_rankings` gives an earlier build's related-story rankings by their key (model.rankingcache).
    """
    results = {c.id: c.timeline.results_date for c in content.campaigns}
    honorees = tuple(
        sorted(
            (_with_current_honors(h, results, now.date()) for h in content.honorees if is_honoree_published(h, now)),
            key=lambda h: h.id,
        )
    )
    honoree_by_id = {h.id: h for h in honorees}
    stories = tuple(
        sorted(
            (
                _without_withdrawn(s, honoree_by_id)
                for s in content.stories
                if is_story_published(s, now)
            ),
            key=lambda s: (s.date, s.slug),
            reverse=True,
        )
    )
    story_by_slug = {s.slug: s for s in stories}
    topics = tuple(
        dataclasses.replace(t, pinned=tuple(p for p in t.pinned if p in story_by_slug))
        for t in sorted(content.topics, key=lambda t: t.id)
    )
    campaigns = tuple(
        _view_campaign(c, honorees, stories, now.date())
        for c in sorted(content.campaigns, key=lambda c: c.id)
    )
    return Site(
        settings=content.settings,
        now=now,
        stories=stories,
        honorees=honorees,
        campaigns=campaigns,
        topics=topics,
        pages=tuple(sorted(content.pages, key=lambda p: p.url)),
        redirects=content.redirects,
        rolls=_collect_rolls(honorees),
        story_by_slug=_frozen(story_by_slug),
        honoree_by_id=_frozen(honoree_by_id),
        topic_by_id=_frozen({t.id: t for t in topics}),
        campaign_by_id=_frozen({v.campaign.id: v for v in campaigns}),
        stories_about=_index(stories, lambda s: s.honorees),
        stories_in_topic=_frozen({t.id: _topic_order(t, stories) for t in topics}),
        stories_by_tag=_index(stories, lambda s: s.tags),
        related=RelatedStories(stories, kept_rankings),
        neighbours=_frozen(_neighbours(stories)),
        stars=_frozen(
            {
                h.id: count_stars(h.volunteer.hours, content.settings.star_thresholds)
                for h in honorees
                if h.volunteer
            }
        ),
        volunteers_of=_frozen(_volunteers_by_organization(honorees)),
        honorees_by_category=_group(honorees, lambda h: h.category, CATEGORIES),
        honorees_by_district=_group(honorees, lambda h: h.district, content.settings.districts),
        archive=_archive(stories),
    )


def count_stars(hours: int, thresholds: tuple[int, ...]) -> int:
    """Stars are derived from service hours, never typed: one per threshold reached."""
    return sum(1 for t in thresholds if hours >= t)


def campaign_stage(campaign: Campaign, today: date) -> str:
    """The public stage of a campaign on the build clock's date."""
    t = campaign.timeline
    if today >= t.results_date:
        return "已发布"
    if today > t.notice_end:
        return "公示期满"
    if today >= t.notice_start:
        return "公示中"
    if today > t.nomination_end:
        return "评审中"
    if today >= t.nomination_start:
        return "征集中"
    return "未开始"


def period_keys(period: str) -> tuple[str, ...]:
    """The rolls an honor appears on: a month also counts in its quarter and year."""
    if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
        year, month = period[:4], int(period[5:])
        return (period, f"{year}-Q{(month - 1) // 3 + 1}", year)
    if "-Q" in period:
        return (period, period[:4])
    return (period,)


def period_start(period: str) -> date:
    """The first day of a month, quarter or year period."""
    year = int(period[:4])
    if "-Q" in period:
        return date(year, (int(period[6:]) - 1) * 3 + 1, 1)
    if len(period) == 7:
        return date(year, int(period[5:]), 1)
    return date(year, 1, 1)


def _with_current_honors(honoree: Honoree, results: Mapping[str, date], today: date) -> Honoree:
    """Honors as the public may see them today.

    An honor whose period has not begun is not shown yet, and a campaign's winner stays a
    nominee until the campaign's results date: until then the list is only proposed (公示).
    """
    honors = []
    for honor in honoree.honors:
        if period_start(honor.period) > today:
            continue
        if honor.campaign and honor.status == "winner" and today < results.get(honor.campaign, today):
            honor = dataclasses.replace(honor, status="nominee")
        honors.append(honor)
    honors = tuple(honors)
    return honoree if honors == honoree.honors else dataclasses.replace(honoree, honors=honors)


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


def _without_withdrawn(story: Story, honoree_by_id: Mapping[str, Honoree]) -> Story:
    kept = tuple(h for h in story.honorees if h in honoree_by_id)
    return story if kept == story.honorees else dataclasses.replace(story, honorees=kept)


def _index(stories: tuple[Story, ...], keys) -> Mapping[str, tuple[Story, ...]]:
    found: dict[str, list[Story]] = defaultdict(list)
    for story in stories:  # already newest first, so every list is too
        for key in dict.fromkeys(keys(story)):
            found[key].append(story)
    return _frozen({k: tuple(v) for k, v in sorted(found.items())})


def _group(honorees, key, order) -> Mapping[str, tuple[Honoree, ...]]:
    found: dict[str, list[Honoree]] = defaultdict(list)
    for h in honorees:
        if key(h):
            found[key(h)].append(h)
    rank = {name: i for i, name in enumerate(order)}
    return _frozen({k: tuple(found[k]) for k in sorted(found, key=lambda k: (rank.get(k, len(rank)), k))})


def _topic_order(topic: Topic, stories: tuple[Story, ...]) -> tuple[Story, ...]:
    members = [s for s in stories if topic.id in s.topics]
    by_slug = {s.slug: s for s in members}
    pinned = [by_slug[p] for p in topic.pinned if p in by_slug]
    pinned_slugs = set(topic.pinned)
    return tuple(pinned + [s for s in members if s.slug not in pinned_slugs])


def _neighbours(stories: tuple[Story, ...]) -> dict[str, tuple[Story | None, Story | None]]:
    result = {}
    for i, s in enumerate(stories):
        newer = stories[i - 1] if i > 0 else None
        older = stories[i + 1] if i + 1 < len(stories) else None
        result[s.slug] = (older, newer)
    return result


def _volunteers_by_organization(honorees: tuple[Honoree, ...]) -> dict[str, tuple[Honoree, ...]]:
    found: dict[str, list[Honoree]] = defaultdict(list)
    for h in honorees:
        if h.volunteer and h.volunteer.organization:
            found[h.volunteer.organization].append(h)
    return {
        org: tuple(sorted(members, key=lambda h: (-h.volunteer.hours, h.id)))
        for org, members in sorted(found.items())
    }


def _collect_rolls(honorees: tuple[Honoree, ...]) -> tuple[HonorRoll, ...]:
    """Winners only: a nominee is not yet honored."""
    found: dict[str, list[RollEntry]] = defaultdict(list)
    for h in honorees:
        for honor in h.honors:
            if honor.status != "winner":
                continue
            for key in period_keys(honor.period):
                found[key].append(RollEntry(h, honor))
    level_rank = {level: i for i, level in enumerate(reversed(LEVELS))}
    category_rank = {c: i for i, c in enumerate(CATEGORIES)}

    def order(e: RollEntry):
        return (
            level_rank.get(e.honor.level, 99),
            category_rank.get(e.honoree.category or "", 99),
            e.honoree.name,
            e.honoree.id,
            e.honor.period,
            e.honor.title,
        )

    return tuple(
        HonorRoll(period, tuple(sorted(entries, key=order)))
        for period, entries in sorted(found.items(), key=lambda kv: _period_sort_key(kv[0]), reverse=True)
    )


def _period_sort_key(period: str) -> tuple[int, int, int]:
    """Newest first when reversed: within a year, months, then quarters, then the year itself."""
    year = int(period[:4])
    if len(period) == 4:
        return (year, 0, 0)
    if "-Q" in period:
        return (year, 1, int(period[6:]))
    return (year, 2, int(period[5:]))


def _view_campaign(
    campaign: Campaign, honorees: tuple[Honoree, ...], stories: tuple[Story, ...], today: date
) -> CampaignView:
    awards = []
    for target in campaign.targets:
        winners, nominees = [], []
        for h in honorees:
            for honor in h.honors:
                if honor.campaign == campaign.id and honor.award == target.award:
                    (winners if honor.status == "winner" else nominees).append(h)
                    break
        awards.append(AwardProgress(target.award, target.kind, target.count, tuple(winners), tuple(nominees)))
    return CampaignView(
        campaign=campaign,
        stage=campaign_stage(campaign, today),
        awards=tuple(awards),
        stories=tuple(s for s in stories if s.campaign == campaign.id),
    )


def _archive(stories: tuple[Story, ...]):
    years: dict[int, dict[int, list[Story]]] = defaultdict(lambda: defaultdict(list))
    for s in stories:
        years[s.date.year][s.date.month].append(s)
    return tuple(
        (year, tuple((month, tuple(items)) for month, items in sorted(months.items(), reverse=True)))
        for year, months in sorted(years.items(), reverse=True)
    )
