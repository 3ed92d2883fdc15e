"""The Markdown cost guard: texts Python-Markdown would spend seconds on are refused, with their line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Python-Markdown rescans the rest of a block at every '[' and every backtick (measured: 200
# "![a…" of 200 characters in one block took 1 s, 60,000 backticks 48 s) and the rest of the
# document for every unclosed tag-like `<` (2,000 `<http://x`, one per paragraph: 1.3 s);
# nested lists and quotes cost about the cube of their depth (400 levels: 1.2 s; 2,000 hit
# RecursionError). Balanced links, code and tags are linear. Within the limits below the
# measured worst case is well under a second for one text.
MAX_CHARACTERS = 100_000
BRACKET_BUDGET = 4_000_000  # sum over blocks of '[' count times block length (about 0.4 s)
BACKTICK_BUDGET = 4_000_000  # sum over blocks of the squared backtick count (2,000 in one block)
MAX_UNCLOSED = 300
MAX_INDENT = 64  # columns of leading whitespace: 16 list levels at four spaces
MAX_QUOTE_DEPTH = 16
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_UNCLOSED_TAG = re.compile(r"<(?=[A-Za-z/!?])[^<>]*(?:(?=<)|\Z)")
_QUOTE_MARKS = re.compile(r"[ \t]*((?:>[ \t]*)+)")


@dataclass(frozen=True)
class CostlyMarkdown:
    """A reason to refuse a text before parsing it; `line` is 0-based within the text."""

    line: int
    message: str


def find_costly_markdown(text: str) -> list[CostlyMarkdown]:
    """Every reason the text could take Python-Markdown more than a fraction of a second."""
    if len(text) > MAX_CHARACTERS:
        return [CostlyMarkdown(0, f"is {len(text):,} characters long; split it, at most {MAX_CHARACTERS:,}")]
    found: list[CostlyMarkdown] = []
    brackets = backticks = 0
    for start_line, block in _iter_blocks(text):
        brackets += block.count("[") * len(block)
        backticks += block.count("`") ** 2
        if brackets > BRACKET_BUDGET:
            found.append(CostlyMarkdown(start_line, "has too many '[' for the Markdown parser: "
                                                    "close the brackets or write them as \\["))
            break
        if backticks > BACKTICK_BUDGET:
            found.append(CostlyMarkdown(start_line, "has too many '`' for the Markdown parser: "
                                                    "close the code spans or write them as \\`"))
            break
    unclosed = _UNCLOSED_TAG.findall(text) if "<" in text else ()
    if len(unclosed) > MAX_UNCLOSED:
        found.append(CostlyMarkdown(0, f"has {len(unclosed):,} '<' without a closing '>' "
                                       f"(at most {MAX_UNCLOSED}): close the tags or write '<' as &lt;"))
    for line, row in enumerate(text.split("\n")):
        expanded = row.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        quotes = _QUOTE_MARKS.match(row)
        depth = quotes.group(1).count(">") if quotes else 0
        if indent > MAX_INDENT or depth > MAX_QUOTE_DEPTH:
            found.append(CostlyMarkdown(line, f"nests too deep (indent {indent}, quote depth {depth}); "
                                              f"at most {MAX_INDENT} columns and {MAX_QUOTE_DEPTH} '>'"))
            break
    return found


def _iter_blocks(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each blank-line-separated block."""
    position, line = 0, 0
    for separator in _BLANK_LINE.finditer(text):
        block = text[position:separator.start()]
        yield line, block
        line += block.count("\n") + separator.group().count("\n")
        position = separator.end()
    yield line, text[position:]
