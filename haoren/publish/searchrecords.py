"""The records Pagefind reads, as HTML files in one folder, each written again only when its record changed."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Sequence
from pathlib import Path

from haoren.cachefile import WHOLE, mark_used
from haoren.publish.manifest import names_under
from haoren.publish.searchshards import ideographs
from haoren.render.search import SearchRecord, record_digest


def write_records(records: Sequence[SearchRecord], pages: Path) -> None:
    """`pages` holds exactly the records as HTML files, each named by its record's URL.

    What was written is listed in the folder (`cachefile.WHOLE`: each file's record digest, size and
    modification time). A file whose record and file are as listed is left alone without making its
    document: after an edit, re-indexing a shard of a thousand stories cut and wrote a thousand
    documents (about a second) where one had changed. A file not listed, or changed since, is
    compared by its bytes, as before the list. The list also makes the folder one item of the cache,
    stamped and pruned by the list alone (publish/cacheprune.py); Pagefind reads only the HTML files.
    """
    listing = pages / WHOLE
    listed = _read_listing(listing)
    wanted = {_file_name(record): record for record in records}
    try:
        present = names_under(pages)
    except OSError:  # not made yet
        present = set()
    for name in present - wanted.keys() - {WHOLE}:
        (pages / name).unlink()
    written: dict[str, list[object]] = {}
    for name, record in wanted.items():
        path = pages / name
        digest = record_digest(record)
        if listed.get(name) == [digest, *_stat(path)]:
            written[name] = listed[name]
            continue
        data = record.document().encode("utf-8")
        try:
            same = path.read_bytes() == data
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
            same = False
        if not same:
            path.write_bytes(data)
        written[name] = [digest, *_stat(path)]
    if written != listed:
        pages.mkdir(parents=True, exist_ok=True)
        partial = listing.with_name(f"{listing.name}.tmp")
        partial.write_text(json.dumps(written, separators=(",", ":")), encoding="utf-8")
        os.replace(partial, listing)  # after the files: a list never names a file not yet written
    else:
        mark_used(listing)  # pruning keeps what the last builds used


def records_ideographs(pages: Path) -> str:
    """The ideographs of the records' files in `pages`, character references decoded: all that Pagefind
    can index and show of them, and then some (tags, attributes)."""
    return ideographs("".join(html.unescape((pages / name).read_text(encoding="utf-8"))
                              for name in sorted(names_under(pages) - {WHOLE})))


def _file_name(record: SearchRecord) -> str:
    return record.url.strip("/") + "/index.html" if record.url.endswith("/") else record.url.strip("/")


def _read_listing(listing: Path) -> dict[str, list[object]]:
    """The last write's list; empty when it is missing or damaged (every file is then compared)."""
    try:
        loaded = json.loads(listing.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _stat(path: Path) -> list[int]:
    """The file's size and modification time ([] when it is not there): a file changed since is written again."""
    try:
        status = path.stat()
    except OSError:
        return []
    return [status.st_size, status.st_mtime_ns]
