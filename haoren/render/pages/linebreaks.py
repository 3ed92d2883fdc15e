"""Chinese line breaking in page HTML: dates and numbers with their units kept on one line."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

# Measure words and units that follow a number in our texts ("1620小时", "22万余名", "阅读约 1 分钟"),
# in both scripts: the 繁體 edition's pages are converted before their lines are kept together.
_UNITS = (
    "小时|小時|分钟|分鐘|人次|公里|千克|平方米|米|斤|名|个|個|位|支|人|天|年|月|日|岁|歲|元|次|户|戶|家|条|條|件|篇|期|"
    "项|項|所|座|辆|輛|台|臺|届|屆|份|张|張|本|批|组|組|队|隊|周|週|倍|%|％"
)
# A date (2020年12月18日, 2020年12月, 12月18日), or a number with 千/万/亿, 余/多 and a unit after it.
# Each starts with a digit, written once in front: the regex engine then skips to the next digit.
_TOGETHER = re.compile(
    r"\d(?:\d{3}年\d{1,2}月(?:\d{1,2}日)?|\d?月\d{1,2}日"
    rf"|[\d,.]*(?:\s?[千万亿萬億])?[余多餘]?\s?(?:{_UNITS})|[\d,.]*\s?[千万亿萬億][余多餘]?)"
)
# Text inside these is left alone: code, scripts, the QR codes' SVG, form fields.
_SKIPPED = ("script", "style", "svg", "pre", "code", "textarea", "title")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>|<!--.*?-->", re.S)
NOWRAP = '<span class="hr-nowrap">{}</span>'
# _TAG's matches as one group, for re.split to return each tag whole between the texts around it. A
# tag ends at its first ">" either way; matched greedily, the regex engine gets there in one step.
_PIECES = re.compile(r"(</?[a-zA-Z][a-zA-Z0-9-]*[^>]*>|<!--.*?-->)", re.S)
# A tag of a skipped element, opening or closing (a name that goes on is another element: <svg-icon>).
_SKIPPED_TAG = re.compile(rf"</?(?:{'|'.join(_SKIPPED)})(?![a-zA-Z0-9-])", re.I)
_JOINT = "\0"  # in no match: _TOGETHER matches digits, units, separators and spaces


def keep_together(html: str) -> str:
    """`html` with each date and number-with-unit of its text in a `hr-nowrap` span (CSS: nowrap).

    The text between tags is changed only where it matches; tags, attributes, comments and the
    text of skipped elements pass through byte for byte.
    """
    # A page's body has some 170 tags and its digits are nearly all theirs (SVG paths, dates, sizes):
    # a Python step per tag, or a search of the whole HTML, cost half a millisecond a page. So the
    # HTML is split in one pass and its texts searched at once, joined by a character no match holds.
    pieces = _PIECES.split(html)
    runs = _text_runs(html, pieces)
    texts = [text for run in runs for text in pieces[run]]
    if _JOINT in html:
        texts = [_TOGETHER.sub(_in_span, text) for text in texts]
    else:
        texts = _TOGETHER.sub(_in_span, _JOINT.join(texts)).split(_JOINT)
    done = 0
    for run in runs:
        count = len(range(len(pieces))[run])
        pieces[run] = texts[done:done + count]
        done += count
    return "".join(pieces)


def _text_runs(html: str, pieces: list[str]) -> list[slice]:
    """The texts of `pieces` (texts and tags by turns) outside the skipped elements, as runs of them."""
    # Where each piece starts; a skipped element's tag is a piece (odd: a tag) starting where it is found.
    starts = [0, *accumulate(map(len, pieces))]
    marks = []
    for found in _SKIPPED_TAG.finditer(html):
        index = bisect_right(starts, found.start()) - 1
        if index % 2 and starts[index] == found.start():
            marks.append(index)
    runs: list[slice] = []
    skipping: list[str] = []
    start = 0
    for mark in [*marks, len(pieces)]:
        if not skipping:
            runs.append(slice(start, mark, 2))
        if mark < len(pieces):
            tag = _TAG.fullmatch(pieces[mark])
            name = tag.group(2).lower()
            if not tag.group(3):  # <svg/> opens nothing
                if tag.group(1):
                    if skipping and skipping[-1] == name:
                        skipping.pop()
                else:
                    skipping.append(name)
        start = mark + 1
    return runs


def _in_span(match: re.Match[str]) -> str:
    return NOWRAP.format(match.group(0))
