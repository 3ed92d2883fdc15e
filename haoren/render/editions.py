"""Editions of the site: the site's own script and the converted 繁體 one, with their URLs and conversion."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import opencc

from haoren.schema import Settings
from haoren.validate.traditional import TRADITIONAL, override_finder

SIMPLIFIED = "zh-Hans"
# Each edition's own URL space; files (images, cards, posters, scripts, search index) are shared.
PREFIXES = {SIMPLIFIED: "", TRADITIONAL: "/zh-hant"}
SWITCH_LABELS = {SIMPLIFIED: "简", TRADITIONAL: "繁"}
NAMES = {SIMPLIFIED: "简体中文", TRADITIONAL: "繁體中文"}
MEMO_LENGTH = 512  # texts up to this long are converted once per Converter (one build)
SHARED_SECTIONS = ("/media/", "/cards/", "/posters/", "/assets/", "/pagefind/")
# A site-absolute link in editors' sanitized Markdown (nh3 writes every attribute in double quotes).
_SITE_LINK = re.compile(r'(<a\s[^>]*?href=")(/[^"]*)"')


class Converter:
    """Simplified -> Traditional: the override phrases exactly as written, OpenCC's characters elsewhere.

    Overrides are cut out before OpenCC sees the text, so its phrase matching cannot swallow the
    start of a name ("在于河街道" must not become 在於…); the validator checks names the same way.
    """

    def __init__(self, conversion: str, overrides: Iterable[tuple[str, str]] = ()):
        self._opencc = opencc.OpenCC(conversion)
        self._overrides = dict(overrides)
        self._find = override_finder(self._overrides)
        # Names, titles and labels recur on many pages (lists, cards, JSON-LD): each is converted once a build.
        self._memo: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if len(text) > MEMO_LENGTH:  # a page's HTML: converted once anyway, not worth keeping
            return self._converted(text)
        converted = self._memo.get(text)
        if converted is None:
            converted = self._memo[text] = self._converted(text)
        return converted

    def _converted(self, text: str) -> str:
        parts, position = [], 0
        for start, end, phrase in self._find(text):
            parts += [self._opencc.convert(text[position:start]), self._overrides[phrase]]
            position = end
        parts.append(self._opencc.convert(text[position:]))
        return "".join(parts)


def _unchanged(text: str) -> str:
    return text


@dataclass(frozen=True)
class Edition:
    """One edition: its BCP 47 code, its URL prefix, and how the site's text becomes its text."""

    code: str  # "zh-Hans" or "zh-Hant"
    prefix: str = ""  # "" for the site's own edition, "/zh-hant" for the converted one
    convert: Callable[[str], str] = _unchanged

    @property
    def converted(self) -> bool:
        return self.convert is not _unchanged

    def url(self, url: str) -> str:
        """A site URL as this edition has it: pages under its prefix, shared files where they are."""
        if not url.startswith("/") or url.startswith(SHARED_SECTIONS) or url.startswith(self.prefix + "/"):
            return url
        return self.prefix + url if self.prefix else url


def own_edition(settings: Settings) -> Edition:
    """The edition written by the editors, at the site root."""
    return Edition(TRADITIONAL if settings.script == TRADITIONAL else SIMPLIFIED)


def site_editions(settings: Settings, overrides: Iterable[tuple[str, str]] = ()) -> tuple[Edition, ...]:
    """The site's own edition first, then the 繁體 one when the settings list it for a Simplified site."""
    own = own_edition(settings)
    if own.code == SIMPLIFIED and TRADITIONAL in settings.editions:
        return own, Edition(TRADITIONAL, PREFIXES[TRADITIONAL], Converter(settings.conversion, overrides))
    return (own,)


def alternates(url: str, editions: Sequence[Edition]) -> dict[str, str]:
    """The same page in every edition by code, for hreflang and the 简/繁 switch; one edition has none."""
    if len(editions) < 2:
        return {}
    return {edition.code: edition.url(url) for edition in editions}


def edition_links(body_html: str, edition: Edition) -> str:
    """Editors' site-absolute links (`/about/`) in sanitized Markdown, pointed at this edition's page."""
    if not edition.prefix or 'href="/' not in body_html:
        return body_html
    return _SITE_LINK.sub(lambda m: f'{m.group(1)}{edition.url(m.group(2))}"', body_html)
