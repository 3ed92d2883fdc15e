"""What each published page says about editions: <html lang>, hreflang links, the 简/繁 switch, per-edition frame."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from haoren.render.editions import NAMES, SWITCH_LABELS, Edition, own_edition
from haoren.render.pages import GeneratedPage
from haoren.schema import Settings

# og:locale of the 繁體 edition by the conversion it was made with.
TRADITIONAL_LOCALES = {"s2t": "zh_TW", "s2tw": "zh_TW", "s2hk": "zh_HK"}


def page_edition(page: GeneratedPage, settings: Settings) -> str:
    """The page's edition code; pages made without one belong to the site's own edition."""
    return page.edition or own_edition(settings).code


def edition_meta(page: GeneratedPage, settings: Settings) -> dict[str, Any]:
    """Front matter for the theme: the page's language, and the switch to its twin in each other edition."""
    path = urlsplit(settings.base_url).path.rstrip("/")  # a site served under a path
    code = page_edition(page, settings)
    switch = [
        {"code": other, "label": SWITCH_LABELS.get(other, other), "title": NAMES.get(other, other),
         "href": path + url, "current": other == code}
        for other, url in page.alternates
    ]
    return {"lang": code, "edition": code, "switch": switch}


# Material's bundle would fetch sitemap.xml beside the href of every `link[rel=alternate]` (its language
# selector); theme/assets/javascripts/alternates.js keeps it from looking (see there).
HREFLANG_REL = "alternate"


def hreflang_html(page: GeneratedPage, base_url: str) -> str:
    """`<link rel="alternate" hreflang>` for every edition of the page, and x-default for the site's own."""
    if not page.alternates:
        return ""
    base = base_url.rstrip("/")
    links = [*page.alternates, ("x-default", page.alternates[0][1])]
    return "".join(
        f'\n<link rel="{HREFLANG_REL}" hreflang="{html.escape(code)}" href="{html.escape(base + url)}">'
        for code, url in links
    )


def og_locale(page: GeneratedPage, settings: Settings, own: str) -> str:
    if page_edition(page, settings) == own_edition(settings).code:
        return own
    return TRADITIONAL_LOCALES.get(settings.conversion, "zh_TW")


def edition_config(
    frame: Mapping[str, Any], pages: Iterable[GeneratedPage], sections: Sequence[str],
    editions: Sequence[Edition], base_url: str,
) -> dict[str, dict[str, Any]]:
    """The header, tabs and footer of each converted edition: `frame` (the site's own) converted, and its
    section tabs linking within the edition, titled as its pages are."""
    path = urlsplit(base_url).path.rstrip("/")
    by_url = {page.url: page for page in pages}
    configs = {}
    for edition in editions:
        if not edition.converted:
            continue
        convert = edition.convert
        nav = [
            {"title": convert(frame["labels"]["home"]) if url == "/" else by_url[edition.url(url)].title,
             "url": path + edition.url(url), "path": edition.url(url), "section": url != "/"}
            for url in sections if edition.url(url) in by_url
        ]
        qr = frame.get("wechat_qr")
        correction = frame.get("correction")
        if correction and correction.startswith(path + "/"):  # a page of the site: the edition's own
            correction = path + edition.url(correction[len(path):])
        configs[edition.code] = {
            **{key: _converted(frame.get(key), convert) for key in
               ("labels", "organizer", "undertaker", "contact", "lines", "icp", "police")},
            "icp_link": frame.get("icp_link"),
            "correction": convert(correction) if correction else correction,
            "feeds": edition.prefix.strip("/") + "/",
            "wechat_qr": {**qr, "alt": convert(str(qr["alt"]))} if qr else None,
            "site_name": convert(frame["site_name"]),
            "nav": nav,
            "home": path + edition.url("/"),
        }
    return configs


def _converted(value: Any, convert) -> Any:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, Mapping):
        return {key: _converted(item, convert) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_converted(item, convert) for item in value]
    return value
