"""Wrapping Chinese text for drawing: ICU line breaks, cached widths, balanced lines, an ellipsis when cut."""

from __future__ import annotations

from functools import lru_cache

from icu4py.breakers import CharacterBreaker, LineBreaker
from PIL import ImageFont

ELLIPSIS = "…"
# Dropped before an ellipsis: "，…" reads as a typo.
_TRAILING_PUNCTUATION = "，、。；：,.;: "
# ICU's line breaking rules for zh hold for Simplified and Traditional text alike.
_BREAK_LOCALE = "zh"


def wrap_title(text: str, font: ImageFont.FreeTypeFont, max_width: int, max_lines: int) -> list[str]:
    """Break `text` into at most `max_lines` lines no wider than `max_width`, ending in "…" if cut.

    Breaks follow Unicode line breaking (UAX #14, by ICU): between Han characters, never inside
    a Latin word or a number, no closing punctuation at a line start, no opening at an end.
    """
    return wrap_text(text, font, max_width, max_lines)[0]


def wrap_text(
    text: str, font: ImageFont.FreeTypeFont, max_width: int, max_lines: int
) -> tuple[list[str], bool]:
    """Like wrap_title, and also says whether the text had to be cut."""
    lines = _fill_lines(_break_units(" ".join(text.split())), font, max_width, max_lines)
    if len(lines) <= max_lines:
        return ["".join(line).rstrip() for line in lines], False
    kept = lines[:max_lines]
    last = kept[-1]
    while last and font.getlength(_before_ellipsis(last) + ELLIPSIS) > max_width:
        last.pop()
    return ["".join(line).rstrip() for line in kept[:-1]] + [_before_ellipsis(last) + ELLIPSIS], True


def balance_lines(text: str, font: ImageFont.FreeTypeFont, max_width: int, count: int) -> list[str]:
    """Wrap `text` into `count` lines of even length, so no line is left with one or two characters."""
    units = _break_units(" ".join(text.split()))
    narrowest, widest = max_width // 3, max_width
    while narrowest < widest:
        middle = (narrowest + widest) // 2
        if len(_fill_lines(units, font, middle, count)) > count:
            narrowest = middle + 1
        else:
            widest = middle
    return wrap_text(text, font, widest, count)[0]


def _fill_lines(
    units: tuple[str, ...], font: ImageFont.FreeTypeFont, max_width: int, max_lines: int
) -> list[list[str]]:
    """Greedy line filling; stops at one line more than `max_lines`, which is enough to know it is cut.

    A line's width is the sum of its units' widths: the font kerns only inside a word, and each
    unit boundary is a break opportunity, between words or ideographs. Trailing spaces of a
    line's last unit do not count.
    """
    lines: list[list[str]] = []
    current: list[str] = []
    current_width = 0.0
    for unit in units:
        pieces = [unit] if _width(font, unit.rstrip()) <= max_width else _graphemes(unit)
        for piece in pieces:
            if current and current_width + _width(font, piece.rstrip()) > max_width:
                lines.append(current)
                if len(lines) > max_lines:
                    return lines
                current, current_width = [], 0.0
            current.append(piece)
            current_width += _width(font, piece)
    if current:
        lines.append(current)
    return lines


@lru_cache(maxsize=1024)
def _break_units(text: str) -> tuple[str, ...]:
    """Unbreakable pieces of `text`, each with the spaces that follow it."""
    return tuple(LineBreaker(text, _BREAK_LOCALE))


def _graphemes(unit: str) -> list[str]:
    """A unit wider than a whole line is the only thing split, by user-perceived character."""
    return list(CharacterBreaker(unit, _BREAK_LOCALE))


@lru_cache(maxsize=1 << 16)
def _width(font: ImageFont.FreeTypeFont, piece: str) -> float:
    """Advance width of `piece`; Han characters recur from title to title, so this is mostly a lookup."""
    return font.getlength(piece)


def _before_ellipsis(units: list[str]) -> str:
    return "".join(units).rstrip(_TRAILING_PUNCTUATION)
