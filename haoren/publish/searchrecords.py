"""The records Pagefind reads, as HTML files in one folder, each written again only when its record changed."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from haoren.cachefile import mark_used
from haoren.render.search import SearchRecord, record_digest


def write_records(records: Sequence[SearchRecord], pages: Path) -> None:
    """`pages` holds exactly the records as HTML files, each named by its record's URL.

    What was written is listed beside the folder (`<pages>.json`: each file's record digest, size and
    modification time). A file whose record and file are as listed is left alone without making its
    document: after an edit, re-indexing a shard of a thousand stories cut and wrote a thousand
    documents (about a second) where one had changed. A file not listed, or changed since, is
    compared by its bytes, as before the list.
    """
    listing = pages.with_name(f"{pages.name}.json")  # beside, not in: Pagefind reads the whole folder
    listed = _read_listing(listing)
    wanted = {_file_name(record): record for record in records}
    if pages.is_dir():
        for path in list(pages.rglob("*")):
            if path.is_file() and path.relative_to(pages).as_posix() not in wanted:
                path.unlink()
    written: dict[str, list[object]] = {}
    unchanged = []
    for name, record in wanted.items():
        path = pages / name
        digest = record_digest(record)
        if listed.get(name) == [digest, *_stat(path)]:
            unchanged.append(path)
            written[name] = listed[name]
            continue
        data = record.document().encode("utf-8")
        try:
            same = path.read_bytes() == data
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
            same = False
        if same:
            unchanged.append(path)
        else:
            path.write_bytes(data)
        written[name] = [digest, *_stat(path)]
    if written != listed:
        partial = listing.with_name(f"{listing.name}.tmp")
        partial.write_text(json.dumps(written, separators=(",", ":")), encoding="utf-8")
        os.replace(partial, listing)  # after the files: a list never names a file not yet written
    mark_used(listing, *unchanged)  # pruning keeps what the last builds used


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
