"""Wrapping Chinese text for drawing: ICU line breaks, cached widths, balanced lines, an ellipsis when cut."""

from __future__ import annotations

from functools import lru_cache

from icu4py.breakers import CharacterBreaker, LineBreaker, WordBreaker
from PIL import ImageFont

ELLIPSIS = "…"
# Dropped before an ellipsis: "，…" reads as a typo.
_TRAILING_PUNCTUATION = "，、。；：,.;: "
# ICU's line breaking rules for zh hold for Simplified and Traditional text alike.
_BREAK_LOCALE = "zh"


def wrap_title(text: str, font: ImageFont.FreeTypeFont, max_width: int, max_lines: int) -> list[str]:
    """Break `text` into at most `max_lines` lines no wider than `max_width`, ending in "…" if cut.

    Breaks fall where Unicode line breaking (UAX #14, by ICU) allows one AND between words (ICU's
    dictionary word breaks for Chinese): never inside 提供 or 志愿者, a Latin word or a number, no
    closing punctuation at a line start, no opening at an end.
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
        pieces = [unit] if _width(font, unit.rstrip()) <= max_width else _narrower_pieces(unit, font, max_width)
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
    """Unbreakable pieces of `text`, each with the spaces that follow it: whole words, never half of one.

    ICU's Chinese dictionary splits finely (志愿|者, 疫|情, 李|建国): a word of one Han character is
    kept with the word before it, so 志愿者, 疫情 and 22万 stay whole (and 的 never starts a line),
    or, at the start or after punctuation, with the word after it (李建国, “红马甲”).
    """
    allowed = _offsets(LineBreaker(text, _BREAK_LOCALE))
    starts, glued, position = set(), set(), 0
    for word in WordBreaker(text, _BREAK_LOCALE):
        if not _is_single_han(word):
            starts.add(position)
        elif position == 0 or not (_is_han(text[position - 1]) or text[position - 1].isalnum()):
            starts.add(position)
            glued.add(position + 1)
        position += len(word)
    starts -= glued
    return tuple(_split_at(text, allowed & starts))


def _offsets(pieces) -> set[int]:
    """The offsets where each piece of a break iterator ends (break opportunities), 0 excluded."""
    found, position = set(), 0
    for piece in pieces:
        position += len(piece)
        found.add(position)
    return found


def _is_single_han(word: str) -> bool:
    return len(word) == 1 and _is_han(word)


def _is_han(character: str) -> bool:
    return "\u3400" <= character <= "\u9fff"


def _narrower_pieces(unit: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """A unit wider than a line: its dictionary words where each fits, else its line-break pieces,
    else its characters."""
    allowed = _offsets(LineBreaker(unit, _BREAK_LOCALE))
    word_ends = _offsets(WordBreaker(unit, _BREAK_LOCALE)) & allowed
    pieces: list[str] = []
    for word in _split_at(unit, word_ends):
        if _width(font, word.rstrip()) <= max_width:
            pieces.append(word)
            continue
        for piece in LineBreaker(word, _BREAK_LOCALE):
            pieces.extend([piece] if _width(font, piece.rstrip()) <= max_width else _graphemes(piece))
    return pieces


def _split_at(text: str, offsets: set[int]) -> list[str]:
    """`text` cut at `offsets` (and its end), empty pieces left out."""
    pieces, begin = [], 0
    for cut in sorted(offsets | {len(text)}):
        if cut > begin:
            pieces.append(text[begin:cut])
            begin = cut
    return pieces


def _graphemes(unit: str) -> list[str]:
    """A unit wider than a whole line is the only thing split, by user-perceived character."""
    return list(CharacterBreaker(unit, _BREAK_LOCALE))


@lru_cache(maxsize=1 << 16)
def _width(font: ImageFont.FreeTypeFont, piece: str) -> float:
    """Advance width of `piece`; Han characters recur from title to title, so this is mostly a lookup."""
    return font.getlength(piece)


def _before_ellipsis(units: list[str]) -> str:
    return "".join(units).rstrip(_TRAILING_PUNCTUATION)
