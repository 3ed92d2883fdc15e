"""Pinyin ids: the ASCII id a Chinese (or otherwise unusable) name would have, for slugs and file-name hints."""

from __future__ import annotations

import re
import unicodedata

from haoren.schema import ID_MAX_LENGTH

_NOT_ID = re.compile(r"[^a-z0-9]+")


def pinyin_id(name: str) -> str:
    """`潍城区` -> `weichengqu`, `COVID-19 防控` -> `covid-19-fangkong`: ASCII that survives WeChat.

    Han syllables run together; anything else is kept as its own word. Empty when nothing is left.
    """
    # Imported on first use: its dictionaries take a quarter of a second to load, which a build that
    # finds nothing changed (and names nothing) should not pay.
    from pypinyin import lazy_pinyin

    normalized = unicodedata.normalize("NFKC", name)
    spoken = "".join(lazy_pinyin(normalized, errors=lambda chunk: f" {chunk} "))
    return _NOT_ID.sub("-", spoken.lower()).strip("-")[:ID_MAX_LENGTH].strip("-")
