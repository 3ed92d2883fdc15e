"""The search indexes: Pagefind (extended binary, Chinese segmentation) over the search records, as files.

Each edition has its own index beside its pages (`/pagefind/`, `/zh-hant/pagefind/`), made from that
edition's records (haoren.render.search) alone. The same records give the same files, byte for byte
(publish.pagefindfiles), so the last index of each edition is kept in the cache under the records'
fingerprint and reused by a build whose published pages did not change. Pagefind has no incremental
update: any change re-indexes every record of that edition. The files are published like every other
file (through publish's swap).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from pagefind_bin_extended import get_executable

from haoren.drawing.drawcache import mark_used
from haoren.model.site import Site
from haoren.publish.pagefindfiles import UnexpectedIndex, stabilize
from haoren.render.editions import Edition
from haoren.render.pages import GeneratedPage
from haoren.render.search import EXCLUDED_SELECTORS, SearchRecord, query_map, records_fingerprint, search_records

CACHE_SUBFOLDER = "search-index"  # under .haoren-cache/: the last index of each language, named by its key
COMPLETE = ".complete"  # written last: lists the files of a kept index, so marks it whole
INDEX_FOLDER = "pagefind"  # under each edition's root: pagefind.js, the index chunks, the WASM
QUERY_MAP = "query-map.json"  # in a converted edition's index folder: Simplified -> its characters
# Pagefind's ready-made interfaces: our own result list in theme/haoren/search.html replaces them. Its
# web worker too: search.js asks Pagefind to search on the page's thread (noWorker).
UNUSED = frozenset({
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js",
})
# Editions (and the settings' `script`) as Pagefind's language codes (its Chinese segmentation keys on "zh").
LANGUAGES = {"zh-Hans": "zh-cn", "zh": "zh-cn", "zh-Hant": "zh-tw"}


class SearchIndexError(Exception):
    """Pagefind refused a record or could not write the index; the message says which."""


def search_files(site: Site, pages: Sequence[GeneratedPage], editions: Sequence[Edition], work_dir: Path,
                 cache_dir: Path | None = None) -> dict[str, Path | bytes]:
    """Every edition's index of its own published pages, under its own prefix; site path -> file."""
    files: dict[str, Path | bytes] = {}
    own: tuple[SearchRecord, ...] = ()
    for edition in editions:
        records = search_records(site, pages, edition)
        folder = f"{edition.prefix.strip('/')}/{INDEX_FOLDER}".lstrip("/")
        files.update(index_files(records, edition.code, work_dir / edition.code, cache_dir, folder=folder))
        if not edition.converted:
            own = records
        else:  # a query typed in Simplified is converted before it is looked up (search.js)
            table = query_map(own, edition.convert)
            files[f"{folder}/{QUERY_MAP}"] = json.dumps(table, ensure_ascii=False, sort_keys=True,
                                                        separators=(",", ":")).encode()
    return files


def index_files(records: Sequence[SearchRecord], language_of: str, work_dir: Path,
                cache_dir: Path | None = None, *, folder: str = INDEX_FOLDER) -> dict[str, Path]:
    """Index `records` with Pagefind into `work_dir` (or reuse the index kept in `cache_dir` for the
    same records); returns site path (under `folder`) -> file for publishing."""
    language = LANGUAGES.get(language_of, "zh-cn")
    key = f"{records_fingerprint(records)}-{language}-{version('pagefind_bin_extended')}"
    kept = cache_dir / CACHE_SUBFOLDER / language / key if cache_dir else None
    if kept and (reused := _kept_listing(kept)) is not None:
        return {f"{folder}/{name}": path for name, path in reused.items()}
    out = work_dir / INDEX_FOLDER
    try:
        _write_index(records, language, out)
        stabilize(out)
    except (OSError, KeyError, ValueError, UnexpectedIndex) as failed:
        raise SearchIndexError(f"search index: Pagefind failed: {failed!r}") from None
    listing = _listing(out)
    if kept:
        _keep(out, listing, kept)
    return {f"{folder}/{name}": path for name, path in listing.items()}


def _listing(folder: Path) -> dict[str, Path]:
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*")) if path.is_file() and path.name not in UNUSED | {COMPLETE}
    }


def _kept_listing(kept: Path) -> dict[str, Path] | None:
    """The kept index if it is whole (every file its list names is there), stamped as used; else None."""
    try:
        names = json.loads((kept / COMPLETE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = {name: kept / name for name in names if name.rsplit("/", 1)[-1] not in UNUSED}
    if not all(path.is_file() for path in files.values()):
        return None  # pruned in part: index again
    mark_used(kept / COMPLETE, *files.values())  # pruning keeps what the last builds used
    return files


def _keep(out: Path, listing: dict[str, Path], kept: Path) -> None:
    """Keep this index for the next build (only the last one per language: an older one is never asked for)."""
    try:
        for old in kept.parent.glob("*"):
            shutil.rmtree(old, ignore_errors=True)
        kept.mkdir(parents=True)
        for name, path in listing.items():
            (kept / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, kept / name)
        (kept / COMPLETE).write_text(json.dumps(sorted(listing)), encoding="utf-8")
    except OSError:
        shutil.rmtree(kept, ignore_errors=True)  # a cache that cannot be written only costs time


def _write_index(records: Sequence[SearchRecord], language: str, out: Path) -> None:
    """The records as HTML files in a folder, indexed by Pagefind's own program into `out`.

    The program, not the Python wrapper: the wrapper polls for each reply after a 0.1 s sleep (260 s
    of waiting for 2,600 records) and stops the service while it may still be writing files.
    """
    pages = out.parent / "pages"
    for record in records:
        path = pages / (record.url.strip("/") + "/index.html" if record.url.endswith("/") else record.url.strip("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record.document(), encoding="utf-8")
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
