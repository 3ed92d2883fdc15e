"""A large site's search index in shards: which records go into which shard, the list of shards the search
page reads, and the one copy of Pagefind's script and WebAssembly the shards share.

A story's shard is its year, everything else (honorees, campaigns, topics, hand-written pages) is in one
undated shard, so editing a record changes its own shard only. Each shard is a whole Pagefind index in
its own folder (`/pagefind/2020/`, `/pagefind/undated/`); the search page (search.js) loads Pagefind's
script once from `/pagefind/pagefind.js` and opens one instance per shard it asks, in the list's order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from haoren.render.search import SearchRecord

UNDATED = "undated"  # the shard of every record without a shard year


def is_shared(name: str) -> bool:
    """Pagefind's script and WebAssembly are the same in every shard: published once, beside the shards."""
    return name == "pagefind.js" or name.startswith("wasm.") and "/" not in name


def group_records(records: Sequence[SearchRecord]) -> dict[str, tuple[SearchRecord, ...]]:
    """Shard name -> its records (in the records' order): the undated shard first, then the years newest first."""
    groups: dict[str, list[SearchRecord]] = {}
    for record in records:
        groups.setdefault(record.shard or UNDATED, []).append(record)
    years = sorted((name for name in groups if name != UNDATED), reverse=True)
    return {name: tuple(groups[name]) for name in ([UNDATED] if UNDATED in groups else []) + years}


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
