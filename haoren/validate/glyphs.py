"""Validation's glyph check: every text a share card or poster draws must be in the CJK font."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from haoren.drawing.fonts import FontNotFound, FontSpec, find_cjk_font, missing_glyphs
from haoren.problems import Problem
from haoren.validate.fields import Text

# The fields drawn, by kind of file: card titles, the poster's texts (an honoree's name, headline,
# summary and honor titles) and the site's name and organizer, which every card or poster shows.
DRAWN_FIELDS: Mapping[str, re.Pattern[str]] = MappingProxyType({
    "story": re.compile(r"title"),
    "honoree": re.compile(r"name|headline|summary|honors\[\d+\]\.title"),
    "campaign": re.compile(r"title"),
    "topic": re.compile(r"title"),
    "settings": re.compile(r"name|organizer"),
})


def drawing_font(reported_as: str) -> tuple[FontSpec | None, list[Problem]]:
    """The font cards and posters are drawn with, or the one problem saying how to install it.

    The problem belongs to no content file; it is reported as line 1 of `reported_as` (the
    settings file, whose site name every card draws), under the field "font".
    """
    try:
        return find_cjk_font(), []
    except FontNotFound as missing:
        return None, [Problem(reported_as, 1, "font", str(missing))]


def glyph_problems(kind: str, path: str, texts: Iterable[Text], font: FontSpec) -> list[Problem]:
    """One problem for each drawn field of the file at `path` with characters the font cannot draw."""
    drawn = DRAWN_FIELDS.get(kind)
    if drawn is None:
        return []
    return [
        Problem(path, text.line, text.field, f'the font has no glyph for "{shown(characters)}"')
        for text in texts
        if drawn.fullmatch(text.field) and (characters := missing_glyphs(text.value, font))
    ]


def shown(characters: str) -> str:
    """The characters as an editor can find them: an invisible one (a zero-width space) as U+200B."""
    return "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in characters)
