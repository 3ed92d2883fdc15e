"""A page of a converted edition: the page rendered with that edition's links, its texts converted."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from haoren.render.editions import Edition, alternates
from haoren.render.pages import GeneratedPage, ShareInfo
from haoren.render.pages.render import Renderer
from haoren.render.pages.sharemeta import with_site_card


def edition_pages(
    pages: Iterable[GeneratedPage], edition: Edition, editions: Sequence[Edition]
) -> list[GeneratedPage]:
    """The pages as `edition` publishes them, each knowing its edition and its twins in the others.

    A converted edition's 404 page is `/zh-hant/404.html`: a server serves it for a missing address
    under the edition's prefix (README, "Serving the site").
    """
    return [
        edition_page(page, edition).replaced(edition=edition.code,
                                             alternates=tuple(alternates(page.url, editions).items()))
        for page in pages
    ]


def finished_page(r: Renderer, page: GeneratedPage) -> GeneratedPage:
    """`page` as r's edition publishes it: the site's card where it has none of its own, its texts in the
    edition's script, knowing its twins. A page that knows its edition is finished already."""
    if page.edition:
        return page
    return edition_pages([with_site_card(r, page)], r.edition, r.context.editions)[0]


def edition_page(page: GeneratedPage, edition: Edition) -> GeneratedPage:
    """`page` (rendered with this edition's links) under the edition's URL, its texts converted."""
    if not edition.converted:
        return page
    convert = edition.convert
    return dataclasses.replace(
        page, url=edition.url(page.url), title=convert(page.title), description=convert(page.description),
        content_html=convert(page.content_html), share=_converted_share(page.share, convert),
    )


def _converted_share(share: ShareInfo, convert: Callable[[str], str]) -> ShareInfo:
    return dataclasses.replace(
        share, image_alt=convert(share.image_alt) if share.image_alt else share.image_alt,
        json_ld=tuple(_converted_json(item, convert) for item in share.json_ld),
    )


def _converted_json(value: Any, convert: Callable[[str], str]) -> Any:
    """JSON-LD with its texts converted; URLs are ASCII and come through unchanged."""
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, Mapping):
        return {key: _converted_json(item, convert) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_converted_json(item, convert) for item in value]
    return value
