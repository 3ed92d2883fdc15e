"""A large site's search index in shards: which records go into which shard, the list of shards the search
page reads, and the one copy of Pagefind's script and WebAssembly the shards share.

A story's shard is its year, everything else (honorees, campaigns, topics, hand-written pages) is in one
undated shard, so editing a record changes its own shard only. Pagefind's time and memory grow with a
shard's records (about 3 ms and 0.45 MB each for a story), so a shard of more than SHARD_RECORDS is cut:
a year into parts of equal months (`2021-01/`, `2021-05/`, `2021-09/`), the undated shard's honorees
into shards of consecutive years by their latest honor (`honorees-2019-2020/`). Where a record goes
depends only on its own date, on how many records its year has (an honoree's: the years up to its own)
and on whether its year is the newest, so an edit re-indexes one shard (two when a record changes
shard), and a year crossing a size re-cuts that year alone (for honorees, the later years too). The
newest year's stories are cut finer (NEWEST_RECORDS), since they are the ones most edited; the first
story of a new year re-cuts the year before once, into the older years' parts.

Each shard is a whole Pagefind index in its own folder (`/pagefind/2020/`, `/pagefind/undated/`); the
search page (search.js) loads Pagefind's script once from `/pagefind/pagefind.js` and opens one
instance per shard it asks, in the list's order. Beside the list, the ideographs each shard's records
hold (characters_list): after two shards without a hit, the page skips the shards that lack a character
of the query, which no result of theirs could then show.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from haoren.render.search import SearchRecord

UNDATED = "undated"  # the shard of every record without a shard year
HONOREES = "honorees"  # the shards of honorees by their latest honor's year, when the undated shard is cut
# At most this many records in a shard: one story edit re-indexes this many, and a query with no hit
# opens every shard, so neither is small for free. At 10,000 stories Pagefind took 3.1 s and 0.4 GB for
# a shard of 823 stories (a year cut in four); at 1,500, 4.4 s and 0.5 GB for 1,074 (cut in three),
# which kept a cold build's processes together above 1.5 GB while cards and posters were drawn.
SHARD_RECORDS = 1000
# The newest year's stories in shards of at most about this many: most edits are of new stories (written,
# corrected, published on schedule), and each re-indexes its shard. At 10,000 stories Pagefind took
# 1.7-1.8 s for a month of 270 stories against 4.3 s for the quarter of 823 it was in (one busy hour).
# The older years keep SHARD_RECORDS: at 10,000 stories a search with no hit whose characters the shards
# have opens 25 shards (17 before), where shards of 300 throughout would be about 40.
NEWEST_RECORDS = 300


# The characters a shard is ruled out by: CJK ideographs. They have no case (search.js compares a query and
# a result's text in lower case) and no other form Pagefind or the page would fold them into.
_IDEOGRAPHS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U000323af]")


def is_shared(name: str) -> bool:
    """Pagefind's script and WebAssembly are the same in every shard: published once, beside the shards."""
    return name == "pagefind.js" or name.startswith("wasm.") and "/" not in name


def group_records(records: Sequence[SearchRecord], most: int = SHARD_RECORDS,
                  newest: int = NEWEST_RECORDS) -> dict[str, tuple[SearchRecord, ...]]:
    """Shard name -> its records (in the records' order): the undated shard first, then the honorees'
    shards and the stories' shards, each newest first. No shard has more than `most` records (the
    newest year's stories: `newest`, if fewer) unless one month of a year has."""
    undated = [record for record in records if not record.shard]
    # Above `most`, the undated honorees go by the year of their latest honor; the rest stay undated.
    people = Counter(record.month[:4] for record in undated if record.month) if len(undated) > most else Counter()
    run_of = {year: f"{HONOREES}-{years[0]}" + (f"-{years[-1]}" if len(years) > 1 else "")
              for years in _consecutive_years(people, most) for year in years}
    kept: list[SearchRecord] = []
    runs: dict[str, list[SearchRecord]] = {}
    stories: dict[str, list[SearchRecord]] = {}
    for record in records:
        if record.shard:
            stories.setdefault(record.shard, []).append(record)
        elif record.month[:4] in run_of:
            runs.setdefault(run_of[record.month[:4]], []).append(record)
        else:
            kept.append(record)
    groups: dict[str, Sequence[SearchRecord]] = {UNDATED: kept} if kept else {}
    for name in sorted(runs, reverse=True):
        groups.update(_by_months(name, runs[name], most))
    newest_year = max(stories, default="")
    for year in sorted(stories, reverse=True):
        groups.update(_by_months(year, stories[year], min(most, newest) if year == newest_year else most))
    return {name: tuple(group) for name, group in groups.items()}


def _consecutive_years(counts: Mapping[str, int], most: int) -> list[list[str]]:
    """The years, oldest first, gathered into runs of at most `most` records: a year joins the run before
    it while the run has room, so the office's next year never changes how the older years are run."""
    runs: list[list[str]] = []
    size = 0
    for year in sorted(counts):
        if runs and size + counts[year] <= most:
            runs[-1].append(year)
            size += counts[year]
        else:
            runs.append([year])
            size = counts[year]
    return runs


def _by_months(name: str, group: Sequence[SearchRecord], most: int) -> dict[str, Sequence[SearchRecord]]:
    """`group` as one shard, or above `most` records cut into parts of equal months (2, 3, 4, 6 or 12, the
    fewest that leave each part at most `most` on average), named by their first month, newest first."""
    if len(group) <= most:
        return {name: group}
    wanted = -(-len(group) // most)
    parts = next((n for n in (2, 3, 4, 6) if n >= wanted), 12)
    span = 12 // parts
    cut: dict[int, list[SearchRecord]] = {}
    for record in group:
        cut.setdefault((_month(record.month) - 1) // span, []).append(record)
    return {f"{name}-{part * span + 1:02d}": cut[part] for part in sorted(cut, reverse=True)}


def _month(month: str) -> int:
    """1-12 from "2021-03" (January for a record without one)."""
    return int(month[5:7]) if month[5:7].isdigit() and 1 <= int(month[5:7]) <= 12 else 1


def shards_list(groups: Mapping[str, Sequence[SearchRecord]]) -> bytes:
    """The search page's list of shards, in the order it asks them: each shard's folder (relative to the
    list), and the year and kind filter values its records have (a filter skips shards without its value)."""
    shards = [{
        "path": f"{name}/",
        "years": sorted({record.year for record in group if record.year}, reverse=True),
        "kinds": sorted({record.kind for record in group}),
    } for name, group in groups.items()]
    return json.dumps(shards, ensure_ascii=False, separators=(",", ":")).encode()


def shared_entry(entry_file: Path) -> bytes:
    """A shard's `pagefind-entry.json`, pointing Pagefind at the WebAssembly shared by all shards.

    Pagefind fetches `<shard>/wasm.<name>.pagefind`, naming it from the entry's `wasm` field ("unknown"
    when null): a name that leaves the shard's folder (`unknown/../../wasm.unknown`) makes the browser
    fetch the one shared copy, cached after the first shard, instead of 67 KB more per shard it opens.
    """
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for about in entry["languages"].values():
        name = about.get("wasm") or "unknown"
        about["wasm"] = f"{name}/../../wasm.{name}"
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


def ideographs(text: str) -> str:
    """The CJK ideographs of `text`, each once, in code point order."""
    # The distinct characters first: a shard's records are about a megabyte, and matching each of its
    # characters took twice as long as making the set.
    return "".join(sorted(character for character in set(text) if _IDEOGRAPHS.match(character)))


def characters_list(characters: Mapping[str, str]) -> bytes:
    """The search page's list of the ideographs each shard's records hold (shard name -> ideographs).

    All the shards' ideographs once, in order, and for each shard's folder a bitmap over them (base64,
    the first character in the first byte's high bit): a few hundred bytes a shard where its characters
    would take kilobytes. search.js asks for it only after two shards without a hit.
    """
    every = ideographs("".join(characters.values()))
    position = {character: index for index, character in enumerate(every)}
    shards = {}
    for name, held in characters.items():
        bits = bytearray((len(every) + 7) // 8)
        for character in held:
            bits[position[character] >> 3] |= 0x80 >> (position[character] & 7)
        shards[f"{name}/"] = base64.b64encode(bytes(bits)).decode("ascii")
    listed = {"characters": every, "shards": shards}
    return json.dumps(listed, ensure_ascii=False, separators=(",", ":")).encode()
