"""The 繁體 edition at validation: OpenCC's own character table, the overrides file, and names it cannot decide."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable

import ahocorasick_rs
import opencc

from haoren.load.documents import Document
from haoren.problems import Problem
from haoren.validate.entry import Entry
from haoren.validate.fields import Reading, line_at

OVERRIDES_PATH = "content/editions/zh-Hant.yml"
TRADITIONAL = "zh-Hant"
# Where a converter fails: names of people, groups, units and places. Other texts convert unchecked.
NAME_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "honoree": ("name", "members", "affiliation", "locality"),
    "story": ("author",),
    "campaign": ("organizer",),
    "settings": ("organizer", "undertaker"),
})
_OPENCC_DATA = Path(opencc.__file__).resolve().parent / "clib"


@cache
def traditional_candidates() -> Mapping[str, tuple[str, ...]]:
    """Every Simplified character OpenCC converts, with its Traditional candidates as STCharacters lists them.

    The package ships the table compiled (STCharacters.ocd2); its own opencc_dict tool turns it
    back into STCharacters.txt, `范<TAB>範 范`, in a few milliseconds.
    """
    with tempfile.TemporaryDirectory(prefix="haoren-opencc-") as work:
        text_file = Path(work) / "STCharacters.txt"
        subprocess.run(
            [str(_OPENCC_DATA / "bin" / "opencc_dict"), "-i", str(_OPENCC_DATA / "share" / "opencc" /
             "STCharacters.ocd2"), "-o", str(text_file), "-f", "ocd2", "-t", "text"],
            check=True, capture_output=True, timeout=60,
        )
        lines = text_file.read_text(encoding="utf-8").splitlines()
    table = {}
    for line in lines:
        simplified, _, forms = line.partition("\t")
        if simplified and forms:
            table[simplified] = tuple(forms.split())
    return MappingProxyType(table)


def several_forms(character: str) -> tuple[str, ...]:
    """The Traditional forms of a character a converter must guess between; () when there is one."""
    forms = traditional_candidates().get(character, ())
    return forms if len(forms) > 1 else ()


def override_finder(phrases: Iterable[str]) -> Callable[[str], list[tuple[int, int, str]]]:
    """A function giving where the override phrases are in a text: (start, end, phrase), left to right;
    where two overlap, the one starting first, and of those the longer name, wins."""
    ordered = sorted(set(phrases))
    if not ordered:
        return lambda text: []
    # Aho-Corasick finds them in one pass: a regex of 3,000 names (a site's honorees, each an override)
    # tried each at every character of every page took longer than converting the pages.
    matcher = ahocorasick_rs.AhoCorasick(ordered, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return lambda text: [(start, end, ordered[index]) for index, start, end in matcher.find_matches_as_indexes(text)]


def read_overrides(doc: Document, reading: Reading) -> dict[str, Any]:
    """content/editions/zh-Hant.yml: `Simplified phrase: Traditional phrase`, each kept with its line."""
    if Path(doc.rel).name != f"{TRADITIONAL}.yml":
        reading.report(1, "file", f"only {OVERRIDES_PATH} is read: an edition's file is named by its script")
        return {}
    if not isinstance(doc.data, dict):
        reading.report(1, "file", "must hold a mapping of names, Simplified: Traditional (范明: 范明)")
        return {}
    pairs = []
    for simplified, traditional in doc.data.items():
        line = doc.data.line_of(simplified)
        if not isinstance(traditional, str) or not traditional.strip():
            reading.report(line, simplified, "needs its Traditional form as text, like 范明: 范明")
        elif not simplified.strip():
            reading.report(line, "overrides", "a phrase to override cannot be empty")
        else:
            pairs.append((simplified, traditional, line))
    return {"overrides": tuple(pairs)}


def edition_problems(entries: Sequence[Entry]) -> list[Problem]:
    """With the 繁體 edition on: overrides that are not the same name, and names no override decides."""
    settings = next((entry.values for entry in entries if entry.doc.kind == "settings"), {})
    if TRADITIONAL not in settings.get("editions", ()) or settings.get("script", "zh") == TRADITIONAL:
        return []
    convert = opencc.OpenCC(settings.get("conversion", "s2t")).convert
    overrides = [pair for entry in entries if entry.doc.kind == "edition"
                 for pair in entry.values.get("overrides", ())]
    problems = [
        Problem(OVERRIDES_PATH, line, simplified, message)
        for simplified, traditional, line in overrides
        if (message := _not_the_same_name(simplified, traditional, convert))
    ]
    find = override_finder(simplified for simplified, _, _ in overrides)
    for entry in entries:
        faulty = {problem.field for problem in entry.reading.problems}  # one problem at a time per field
        for name, line, text in _name_texts(entry):
            unsure = None if name in faulty else _undecided(text, find)
            if unsure:
                problems.append(Problem(entry.doc.rel, line, name, _undecided_message(text, unsure)))
    return problems


def _name_texts(entry: Entry) -> Iterable[tuple[str, int, str]]:
    """(field, line, text) of each name field of the entry that holds valid text."""
    data = entry.doc.data
    for key in NAME_FIELDS.get(entry.doc.kind, ()):
        value = entry.values.get(key)
        if isinstance(value, str):
            yield key, line_at(data, key), value
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield f"{key}[{index}]", line_at(data, key, index), item


def _undecided(text: str, find: Callable[[str], list[tuple[int, int, str]]]) -> list[str]:
    """The characters of `text` with several Traditional forms that no override phrase covers, in order."""
    covered: set[int] = set()
    for start, end, _ in find(text):
        covered.update(range(start, end))
    found = [c for i, c in enumerate(text) if i not in covered and several_forms(c)]
    return list(dict.fromkeys(found))


def _undecided_message(text: str, characters: list[str]) -> str:
    forms = "; ".join(", ".join(several_forms(c)) for c in characters)
    if len(characters) == 1:
        which = f"{characters[0]}, which has more than one Traditional form ({forms})"
    else:
        which = f"{'、'.join(characters)}, which have more than one Traditional form ({forms})"
    return f'"{text}" has {which}; add the name to {OVERRIDES_PATH}'


def _not_the_same_name(simplified: str, traditional: str, convert: Callable[[str], str]) -> str | None:
    """Why `traditional` is not `simplified` written in Traditional characters, or None when it is."""
    if len(simplified) != len(traditional):
        return (f'"{traditional}" has {len(traditional)} characters and "{simplified}" {len(simplified)}: '
                "an override changes characters, never words")
    for s, t in zip(simplified, traditional):
        if t != s and t not in traditional_candidates().get(s, ()) and t != convert(s):
            return f'"{t}" in "{traditional}" is not a Traditional form of "{s}"'
    return None
