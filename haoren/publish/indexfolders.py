"""One index folder: a group of search records indexed by Pagefind's own program, or the folder kept in
the cache for the same records when it is whole."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

from pagefind_bin_extended import get_executable

from haoren.cachefile import WHOLE, mark_used
from haoren.publish.manifest import names_under
from haoren.publish.pagefindfiles import UnexpectedIndex, stabilize
from haoren.publish.searchrecords import records_ideographs, write_records
from haoren.render.search import EXCLUDED_SELECTORS, SearchRecord, records_fingerprint

COMPLETE = WHOLE  # written last: lists the files of a kept index, which is used and pruned as one
RECORDS = ".records"  # in each language's cache folder: the records Pagefind reads, as HTML files
LOCK = ".lock"  # one build at a time writes a language's records and index
ENTRY = "pagefind-entry.json"
IDEOGRAPHS = "ideographs.txt"  # in each index folder, unpublished: its records' ideographs (characters_list)
# Part of each index's key: an index kept by an older layout (without IDEOGRAPHS) is made again.
INDEX_LAYOUT = "2"
INDEX_FOLDER = "pagefind"  # under each edition's root: pagefind.js, the index chunks, the WASM
# Pagefind's ready-made interfaces: our own result list in theme/haoren/search.html replaces them. Its
# web worker too: search.js asks Pagefind to search on the page's thread (noWorker).
UNUSED = frozenset({
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js",
})


class SearchIndexError(Exception):
    """Pagefind refused a record or could not write the index; the message says which."""


def index_key(records: Sequence[SearchRecord], language: str) -> str:
    """The name the index of `records` is kept under: their fingerprint, the language, Pagefind's version
    and the layout of the folder."""
    return f"{records_fingerprint(records)}-{language}-{version('pagefind_bin_extended')}-{INDEX_LAYOUT}"


def indexed_in_work(records: Sequence[SearchRecord], language: str, work_dir: Path) -> dict[str, Path]:
    """The index of `records` made in `work_dir` (no cache): name -> file."""
    out = work_dir / INDEX_FOLDER
    try:
        write_records(records, work_dir / "pages")
    except OSError as failed:
        raise SearchIndexError(f"search index: cannot write the records: {failed!r}") from None
    _index(records, language, work_dir / "pages", out)
    return _listing(out)


def indexed_in_cache(records: Sequence[SearchRecord], language: str, base: Path, key: str) -> dict[str, Path]:
    """The index of `records` kept under `base/key`: reused when whole, else made there from the records' files."""
    return kept_listing(base / key) or made_in_cache(records, language, base, key)


def made_in_cache(records: Sequence[SearchRecord], language: str, base: Path, key: str) -> dict[str, Path]:
    """The index of `records` made under `base/key` from the records' files, replacing the last one there."""
    kept = base / key
    pages = base / RECORDS
    write_records(records, pages)
    building = base / f".building-{key}"
    shutil.rmtree(building, ignore_errors=True)
    _index(records, language, pages, building)
    listing = _listing(building)
    (building / COMPLETE).write_text(json.dumps(sorted(listing)), encoding="utf-8")
    for old in base.iterdir():  # only the last index per language (an older one is never asked for)
        if not old.name.startswith(".") or old.name.startswith(".building-") and old != building:
            shutil.rmtree(old, ignore_errors=True)  # and what a killed build left
    os.rename(building, kept)
    return {name: kept / name for name in listing}


@contextlib.contextmanager
def locked(base: Path) -> Iterator[None]:
    """Wait for any other build writing this language's records and index (they share the folder)."""
    base.mkdir(parents=True, exist_ok=True)
    with open(base / LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _index(records: Sequence[SearchRecord], language: str, pages: Path, out: Path) -> None:
    """Pagefind's index of the records' files in `pages`, written into `out` with stable file names."""
    try:
        _write_index(records, language, pages, out)
        stabilize(out)
        (out / IDEOGRAPHS).write_text(records_ideographs(pages), encoding="utf-8")
    except (OSError, KeyError, ValueError, UnexpectedIndex) as failed:
        raise SearchIndexError(f"search index: Pagefind failed: {failed!r}") from None


def _listing(folder: Path) -> dict[str, Path]:
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in UNUSED | {COMPLETE, IDEOGRAPHS}
    }


def kept_listing(kept: Path) -> dict[str, Path] | None:
    """The kept index if it is whole (every file its list names is there), stamped as used; else None."""
    try:
        names = json.loads((kept / COMPLETE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = {name: kept / name for name in names if name.rsplit("/", 1)[-1] not in UNUSED}
    # Its folders' listings, not a status call a file: a shard has a thousand files, and a kept one
    # is checked in every build.
    try:
        whole = files.keys() | {IDEOGRAPHS} <= names_under(kept)
    except OSError:
        whole = False
    if not whole:
        return None  # a file removed since: index again
    # Each folder is pruned by its list alone (publish/cacheprune.py). The records beside the index are
    # stamped with it: left unstamped while the index was kept, an old shard's were pruned three builds
    # after it was made (at 10,000 stories, 12,000 files: pruning took 2.3 s of the third build after a
    # cold one, where it takes 0.3 s), and the shard's next edit wrote every record of it again.
    mark_used(kept / COMPLETE, kept.parent / RECORDS / WHOLE)
    return files


def listed_ideographs(listing: Mapping[str, Path]) -> str | None:
    """The ideographs kept beside the index whose files are `listing` (written by _index)."""
    try:
        return (listing[ENTRY].parent / IDEOGRAPHS).read_text(encoding="utf-8")
    except (KeyError, OSError):
        return None


def _write_index(records: Sequence[SearchRecord], language: str, pages: Path, out: Path) -> None:
    """The records' files in `pages`, indexed by Pagefind's own program into `out`.

    The program, not the Python wrapper: the wrapper polls for each reply after a 0.1 s sleep (260 s
    of waiting for 2,600 records) and stops the service while it may still be writing files.
    """
    command = [str(get_executable()), "--site", str(pages), "--output-path", str(out),
               "--force-language", language, "--silent",
               *(flag for selector in EXCLUDED_SELECTORS for flag in ("--exclude-selectors", selector))]
    ran = subprocess.run(command, capture_output=True, text=True, check=False)
    if ran.returncode != 0:
        said = (ran.stderr or ran.stdout).strip().splitlines()
        raise SearchIndexError(f"search index: Pagefind failed (exit {ran.returncode}): {said[-1] if said else ''}")
    counted = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"][language]["page_count"]
    if counted != len(records):
        raise SearchIndexError(f"search index: Pagefind indexed {counted} of {len(records)} pages")
