"""YAML syntax errors in plain words, at the line the editor got wrong, with the fix.

libyaml names the line where it gave up, often the one after the mistake, in parser words
("could not find expected ':'"). Editors' usual mistakes are recognizable from the text around that
line: a missing colon, a full-width colon (全角冒号), a tab, a value holding ": ", a quote or bracket
never closed, a git merge conflict left in the file.
"""

from __future__ import annotations

import re

# A field name as editors write it, possibly as the first key of a list item ("- title").
_KEY = r"^(?P<indent>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_FULL_WIDTH_COLON = re.compile(_KEY + r"[ ]*：[ ]*(?P<value>.*)$")
_KEY_VALUE = re.compile(_KEY + r":[ ]+(?P<value>.*)$")
_BARE_WORDS = re.compile(_KEY + r"[ ]+(?P<value>[^:]*)$")
_LEADING_TAB = re.compile(r"^[ ]*\t")
_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)")


def explain(problem: str, context: str | None, lines: list[str], line: int, context_line: int | None
            ) -> tuple[int, str] | None:
    """(0-based line, message) for a libyaml error, or None when it is none of the known mistakes.

    `line` is where libyaml stopped, `context_line` where the construct it was reading began.
    """
    for number, text in enumerate(lines):
        if _CONFLICT.match(text):
            return number, (f'{_shown(text)} is a git merge conflict marker; keep the lines you want from both '
                            "sides and delete the marker lines")
    last = len(lines) - 1
    stop = min(line, last)
    start = max(0, min(context_line if context_line is not None else stop, stop - 1))
    for number in range(start, stop + 1):
        found = _tab(lines[number]) or _full_width_colon(lines[number])
        if found:
            return number, found
    if problem == "could not find expected ':'" and context_line is not None:
        return context_line, _missing_colon(lines[min(context_line, last)])
    if problem == "mapping values are not allowed in this context":
        match = _KEY_VALUE.match(lines[stop])
        if match and ": " in match["value"] + " ":
            fixed = match["value"].replace('"', '\\"')
            return stop, (f'the value of {match["key"]} holds ": ", which YAML reads as a new field; put the value '
                          f'in quotes: {match["key"]}: "{fixed}"')
        above = [text for text in lines[:stop] if text.strip() and not text.lstrip().startswith("#")]
        if above and _indent(lines[stop]) > _indent(above[-1]):
            return stop, (f"{_shown(lines[stop].strip())} is indented further than the line above; "
                          "fields of one mapping start in the same column")
        return stop, 'this line has a ":" where no new field can start; check its indentation against the lines above'
    if problem == "did not find expected key" and lines[stop].lstrip().startswith("-"):
        return stop, ("a list item where a field name is expected; indent it under its field, "
                      "two spaces further than the field name")
    if context and context.startswith("while scanning a quoted scalar") and context_line is not None:
        return context_line, "a quote opened on this line is never closed; end the value with the same quote mark"
    if context and context.startswith("while parsing a flow") and context_line is not None:
        closing = "]" if "sequence" in context else "}"
        return context_line, (f'a list or mapping opened on this line is never closed; close it with "{closing}" '
                              "and separate its items with an ASCII comma and a space")
    return None


def _tab(text: str) -> str | None:
    if not _LEADING_TAB.match(text):
        return None
    fixed = text.expandtabs(2)
    return f"a tab before {_shown(text.lstrip())}; YAML indents with spaces only: write {_shown(fixed)}"


def _full_width_colon(text: str) -> str | None:
    match = _FULL_WIDTH_COLON.match(text)
    if not match:
        return None
    fixed = f'{match["indent"]}{match["key"]}: {match["value"]}'.strip()
    return f'full-width colon "：" (全角冒号) after {match["key"]}; write an ASCII colon and a space: {_shown(fixed)}'


def _missing_colon(text: str) -> str:
    match = _BARE_WORDS.match(text)
    if match:
        fixed = f'{match["indent"]}{match["key"]}: {match["value"]}'.strip()
        return f'no ":" after the field name {match["key"]}; write {_shown(fixed)}'
    return f'{_shown(text.strip())} is not a "name: value" line; write the field name, a colon and a space, then the value'


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _shown(text: str) -> str:
    return f'"{text.rstrip()}"'
