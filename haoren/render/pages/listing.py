"""Paginated lists (20 a page): all stories, a month, a tag, a topic, a category or district of honorees."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from haoren.render.pages import GeneratedPage, ShareInfo
from haoren.render.pages.memo import kept_page
from haoren.render.pages.render import Renderer
from haoren.render.pages.urls import PER_PAGE, numbered_url
from haoren.schema import Story

Item = TypeVar("Item")
WINDOW = 2  # page numbers shown either side of the current one


@dataclass(frozen=True)
class Pager:
    """Where one page sits in its list; the template draws the links from it."""

    number: int
    count: int
    first_url: str
    per_page: int = PER_PAGE

    @property
    def first_rank(self) -> int:
        """The 1-based position in the whole list of this page's first item."""
        return (self.number - 1) * self.per_page + 1

    def url(self, number: int) -> str:
        return numbered_url(self.first_url, number)

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    @property
    def shown(self) -> list[int | None]:
        """Page numbers to link, None where a gap is: 1 … 4 5 [6] 7 8 … 500."""
        near = range(max(1, self.number - WINDOW), min(self.count, self.number + WINDOW) + 1)
        numbers = sorted({1, self.count, *near})
        shown: list[int | None] = []
        for number in numbers:
            if shown and number - (shown[-1] or 0) > 1:
                shown.append(None)
            shown.append(number)
        return shown


def paginate(
    items: Sequence[Item], first_url: str, per_page: int = PER_PAGE
) -> Iterator[tuple[Pager, Sequence[Item]]]:
    """Always at least one page, so an empty list still has its URL."""
    count = max(1, -(-len(items) // per_page))
    for number in range(1, count + 1):
        yield Pager(number, count, first_url, per_page), items[(number - 1) * per_page: number * per_page]


def numbered_title(r: Renderer, title: str, pager: Pager) -> str:
    return title if pager.number == 1 else title + r.label(f"（第{pager.number}页）")


def newest_date(stories: Sequence[Story]) -> datetime | None:
    return max((s.updated or s.date for s in stories), default=None)


def list_pages(
    r: Renderer, items: Sequence[Item], *, first_url: str, title: str, description: str, template: str,
    kind: str = "list", lastmod: Callable[[Sequence[Item]], datetime | None] = newest_date,
    share: Callable[[str, str, Sequence[Item]], ShareInfo] | None = None, **values: object,
) -> Iterator[GeneratedPage]:
    """One GeneratedPage per 20 items; templates show an intro only where `pager.number == 1`.

    `share(url, title, items)` gives each page its share metadata.
    """
    for pager, chunk in paginate(items, first_url):
        url, numbered = pager.url(pager.number), numbered_title(r, title, pager)
        fields = dict(url=url, title=numbered, description=description, kind=kind, lastmod=lastmod(chunk),
                      share=share(url, numbered, chunk) if share else None, items=tuple(chunk), pager=pager, **values)
        # By the page's own inputs: an edit makes again only the pages that show what it changed.
        yield kept_page(r, template, tuple(sorted(fields.items())),
                        functools.partial(r.page, template, **fields))
