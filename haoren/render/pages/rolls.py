"""Honor rolls: one page per month, quarter and year, their index, and honorees by category and district."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import partial
from itertools import groupby

from haoren.model.site import HonorRoll, RollEntry
from haoren.render.pages import GeneratedPage, sharemeta
from haoren.render.pages.honoree import honorees_lastmod
from haoren.render.pages.listing import list_pages
from haoren.render.pages.render import Renderer
from haoren.render.pages.urls import honoree_url, roll_url
from haoren.schema import Honoree

INDEX_URL = "/honor-roll/"
RollGroups = list[tuple[str, list[tuple[str, list[RollEntry]]]]]  # [(level, [(category, entries)])]


def roll_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    for roll in site.rolls:
        label = r.period_label(roll.period)
        count = len({e.honoree.id for e in roll.entries})
        url, title = roll_url(roll.period), r.label(f"{label}光荣榜")
        description = r.label(f"{label}获得荣誉的{count}位（个）好人与组织")
        groups = group_entries(r, roll.entries)
        card = sharemeta.card(r, url, title, None)
        listed = [(e.honoree.name, honoree_url(e.honoree.id))
                  for _, categories in groups for _, entries in categories for e in entries]
        json_ld = (
            sharemeta.collection_page(r, url, title, description, listed),
            sharemeta.breadcrumbs(r, "roll", url, title),
        )
        yield r.page(
            "roll.html",
            url=url, title=title, kind="roll", description=description,
            lastmod=_entries_lastmod(r, roll.entries), roll=roll, groups=groups,
            share=sharemeta.share_info(card, "website", json_ld),
            share_bar=sharemeta.share_bar(r, url, title, description, card),
        )
    yield r.page(
        "roll_index.html",
        url=INDEX_URL, title=r.label("光荣榜"), kind="list",
        description=r.label("{}历期光荣榜，及按类别、区县分列的好人").format(site.settings.name),
        lastmod=honorees_lastmod(r, site.honorees),
        years=_by_year(site.rolls),
        categories=[(c, len(hs)) for c, hs in site.honorees_by_category.items()],
        districts=[(d, len(hs)) for d, hs in site.honorees_by_district.items()],
    )
    for category, honorees in site.honorees_by_category.items():
        yield from _honoree_list(r, honorees, r.urls.category(category), r.label(f"{category}好人"))
    for district, honorees in site.honorees_by_district.items():
        yield from _honoree_list(r, honorees, r.urls.district(district), district + r.label("好人"))


def group_entries(r: Renderer, entries: Sequence[RollEntry]) -> RollGroups:
    """[(level label, [(category, entries)])], in the model's order: national first, then category."""
    return [
        (r.level_label(level), [
            (r.label(category or "其他"), list(in_category))
            for category, in_category in groupby(in_level, key=lambda e: e.honoree.category)
        ])
        for level, in_level in groupby(entries, key=lambda e: e.honor.level)
    ]


def _honoree_list(
    r: Renderer, honorees: Sequence[Honoree], first_url: str, title: str
) -> Iterator[GeneratedPage]:
    return list_pages(
        r, honorees, first_url=first_url, title=title, template="honoree_list.html",
        description=title + r.label(f"：共{len(honorees)}位（个）"),
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
