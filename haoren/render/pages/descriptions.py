"""Meta and share descriptions cut from longer texts: whole sentences or clauses, then an ellipsis."""

from __future__ import annotations

DESCRIPTION_LIMIT = 120  # characters: what WeChat, QQ and search results show of a description
ELLIPSIS = "…"
_SENTENCE_ENDS = "。！？!?"
_CLAUSE_ENDS = "，；：、,;:"
# A cut shorter than this much of the limit drops too much: a clause end is taken instead.
_SHORTEST_SHARE = 0.4


def excerpt(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` on one line; if longer than `limit`, cut after the last sentence (else clause) that fits, with "…".

    A text with no sentence or clause end in reach is cut at `limit` characters: a word may then
    be split, but never a surrogate pair or a line of Markdown (the input is plain text).
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS) + 1]
    for ends in (_SENTENCE_ENDS, _CLAUSE_ENDS):
        cut = max(head.rfind(mark) for mark in ends)
        if cut >= limit * _SHORTEST_SHARE:
            return head[:cut].rstrip() + ELLIPSIS
    return head[:-1].rstrip() + ELLIPSIS

