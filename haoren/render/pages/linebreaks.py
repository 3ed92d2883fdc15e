"""Chinese line breaking in page HTML: dates and numbers with their units kept on one line."""

from __future__ import annotations

import re

# Measure words and units that follow a number in our texts ("1620小时", "22万余名", "阅读约 1 分钟"),
# in both scripts: the 繁體 edition's pages are converted before their lines are kept together.
_UNITS = (
    "小时|小時|分钟|分鐘|人次|公里|千克|平方米|米|斤|名|个|個|位|支|人|天|年|月|日|岁|歲|元|次|户|戶|家|条|條|件|篇|期|"
    "项|項|所|座|辆|輛|台|臺|届|屆|份|张|張|本|批|组|組|队|隊|周|週|倍|%|％"
)
# A date (2020年12月18日, 2020年12月, 12月18日), or a number with 千/万/亿, 余/多 and a unit after it.
_TOGETHER = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日"
    rf"|\d[\d,.]*(?:\s?[千万亿萬億])?[余多餘]?\s?(?:{_UNITS})|\d[\d,.]*\s?[千万亿萬億][余多餘]?"
)
# Text inside these is left alone: code, scripts, the QR codes' SVG, form fields.
_SKIPPED = ("script", "style", "svg", "pre", "code", "textarea", "title")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>|<!--.*?-->", re.S)
NOWRAP = '<span class="hr-nowrap">{}</span>'


def keep_together(html: str) -> str:
    """`html` with each date and number-with-unit of its text in a `hr-nowrap` span (CSS: nowrap).

    The text between tags is changed only where it matches; tags, attributes, comments and the
    text of skipped elements pass through byte for byte.
    """
    pieces: list[str] = []
    skipping: list[str] = []
    position = 0
    for tag in _TAG.finditer(html):
        pieces.append(_wrapped(html[position:tag.start()]) if not skipping else html[position:tag.start()])
        pieces.append(tag.group(0))
        position = tag.end()
        name = (tag.group(2) or "").lower()
        if name in _SKIPPED and not tag.group(3):
            if tag.group(1):
                if skipping and skipping[-1] == name:
                    skipping.pop()
            else:
                skipping.append(name)
    rest = html[position:]
    pieces.append(_wrapped(rest) if not skipping else rest)
    return "".join(pieces)


def _wrapped(text: str) -> str:
    return _TOGETHER.sub(lambda match: NOWRAP.format(match.group(0)), text) if text else text
