"""Honor rolls: one page per month, quarter and year, their index, and honorees by category and district."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import groupby

from haoren.model.site import HonorRoll, RollEntry
from haoren.render.pages import GeneratedPage, sharemeta
from haoren.render.pages.honoree import honorees_lastmod
from haoren.render.pages.listing import list_pages
from haoren.render.pages.memo import kept_page
from haoren.render.pages.render import Renderer
from haoren.render.pages.urls import honoree_url, roll_url
from haoren.schema import Honor, Honoree

INDEX_URL = "/honor-roll/"
HEAD_UNITS = (("person", "位好人"), ("group", "个集体"), ("organization", "个组织"))


@dataclass(frozen=True)
class RollCard:
    """One honoree's card in a group of a roll: every honor of that group on one card, each label once."""

    honoree: Honoree
    labels: tuple[str, ...]  # "潍坊好人", "抗击疫情最美志愿者" (an award the title names is not repeated)
    posthumous: bool


RollGroups = list[tuple[str, list[tuple[str, list[RollCard]]]]]  # [(level, [(category, cards)])]


def roll_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    # The index first, as topic_pages: the header's tabs show it, and the preview walks this generator.
    yield r.page(
        "roll_index.html",
        url=INDEX_URL, title=r.label("光荣榜"), kind="list",
        description=r.label("{}历期光荣榜，及按类别、区县分列的好人").format(site.settings.name),
        lastmod=honorees_lastmod(r, site.honorees),
        years=_by_year(site.rolls),
        categories=[(c, len(hs)) for c, hs in site.honorees_by_category.items()],
        districts=[(d, len(hs)) for d, hs in site.honorees_by_district.items()],
    )
    for roll in site.rolls:
        # Kept by the roll (its period, its entries and their honorees) and what making it reads: an
        # edit makes again only the rolls that show what it changed (at 10,000 stories, about 70 rolls
        # made again took 0.5 s of every edit, each edition's).
        yield kept_page(r, "roll.html", roll, partial(_roll_page, r, roll))
    for category, honorees in site.honorees_by_category.items():
        yield from _honoree_list(r, honorees, r.urls.category(category), r.label(f"{category}好人"))
    for district, honorees in site.honorees_by_district.items():
        yield from _honoree_list(r, honorees, r.urls.district(district), district + r.label("好人"))


def _roll_page(r: Renderer, roll: HonorRoll) -> GeneratedPage:
    label = r.period_label(roll.period)
    honorees = list({e.honoree.id: e.honoree for e in roll.entries}.values())
    url, title = roll_url(roll.period), r.label(f"{label}光荣榜")
    description = r.label(f"{label}光荣榜：{head_count(honorees)}获得荣誉")
    groups = group_entries(r, roll.entries)
    card = sharemeta.card(r, url, title, None)
    listed = [(c.honoree.name, honoree_url(c.honoree.id))
              for _, categories in groups for _, cards in categories for c in cards]
    json_ld = (
        sharemeta.collection_page(r, url, title, description, listed),
        sharemeta.breadcrumbs(r, "roll", url, title),
    )
    return r.page(
        "roll.html",
        url=url, title=title, kind="roll", description=description,
        lastmod=_entries_lastmod(r, roll.entries), roll=roll, groups=groups,
        share=sharemeta.share_info(card, "website", json_ld),
        share_bar=sharemeta.share_bar(r, url, title, description, card),
    )


def group_entries(r: Renderer, entries: Sequence[RollEntry]) -> RollGroups:
    """[(level label, [(category, cards)])], in the model's order: national first, then category.

    An honoree with several honors in one group (a family that is 最美家庭 and 潍坊好人) gets one card.
    """
    return [
        (r.level_label(level), [
            (r.label(category or "其他"), roll_cards(in_category))
            for category, in_category in groupby(in_level, key=lambda e: e.honoree.category)
        ])
        for level, in_level in groupby(entries, key=lambda e: e.honor.level)
    ]


def roll_cards(entries: Iterable[RollEntry]) -> list[RollCard]:
    """One card per honoree, in the order each first appears."""
    by_id: dict[str, list[RollEntry]] = {}
    for entry in entries:
        by_id.setdefault(entry.honoree.id, []).append(entry)
    return [
        RollCard(
            honoree=same[0].honoree,
            labels=tuple(dict.fromkeys(honor_label(e.honor) for e in same)),
            posthumous=bool(same[0].honoree.deceased) and any(e.honor.status == "winner" for e in same),
        )
        for same in by_id.values()
    ]


def honor_label(honor: Honor) -> str:
    """`抗击疫情最美志愿者`, not `抗击疫情最美志愿者 · 最美志愿者`: an award is added only where the title lacks it."""
    if not honor.award or honor.award in honor.title:
        return honor.title
    return f"{honor.title}\u00a0· {honor.award}"  # the separator stays with what precedes it


def head_count(honorees: Iterable[Honoree]) -> str:
    """`12位好人、1个集体、3个组织`: people are counted in 位, groups and organizations in 个."""
    counts = Counter(h.kind for h in honorees)
    parts = [f"{counts[kind]}{unit}" for kind, unit in HEAD_UNITS if counts[kind]]
    return "、".join(parts) or "0位好人"


def _honoree_list(
    r: Renderer, honorees: Sequence[Honoree], first_url: str, title: str
) -> Iterator[GeneratedPage]:
    return list_pages(
        r, honorees, first_url=first_url, title=title, template="honoree_list.html",
        description=r.label(f"{title}：共{head_count(honorees)}"),
        lastmod=partial(honorees_lastmod, r),
    )


def _entries_lastmod(r: Renderer, entries: Sequence[RollEntry]) -> datetime | None:
    return honorees_lastmod(r, (e.honoree for e in entries))


def _by_year(rolls: Sequence[HonorRoll]) -> list[dict]:
    """Per year, newest first: the year's own roll, its quarters and its months."""
    years: dict[str, dict] = {}
    for roll in rolls:  # newest first already
        year = years.setdefault(
            roll.period[:4], {"year": roll.period[:4], "whole": None, "quarters": [], "months": []}
        )
        if len(roll.period) == 4:
            year["whole"] = roll
        else:
            year["quarters" if "-Q" in roll.period else "months"].append(roll)
    return list(years.values())
