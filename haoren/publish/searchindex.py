"""The search index: Pagefind (extended binary, Chinese segmentation) over the search records, as files.

One step with one explicit input, the records (haoren.render.search): the same records give the
same files, so the last index is kept in the cache under the records' fingerprint and reused by a
build whose published pages did not change. Pagefind has no incremental update: any change
re-indexes every record. The files are published like every other file (through publish's swap).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from haoren.render.search import EXCLUDED_SELECTORS, SearchRecord, records_fingerprint

CACHE_SUBFOLDER = "search-index"  # under .haoren-cache/: the last index, named by its key
COMPLETE = ".complete"  # written last: marks a kept index whole
INDEX_FOLDER = "pagefind"  # under the site root: /pagefind/pagefind.js, the index chunks, the WASM
BATCH = 200  # records in flight to the Pagefind process at a time
# Pagefind's ready-made interfaces: our own result list in theme/haoren/search.html replaces them.
UNUSED = frozenset({
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
})
# Languages of the settings' `script`, as Pagefind's language codes (its Chinese segmentation keys on "zh").
LANGUAGES = {"zh": "zh-cn", "zh-Hant": "zh-tw"}


class SearchIndexError(Exception):
    """Pagefind refused a record or could not write the index; the message says which."""


def index_files(records: Sequence[SearchRecord], script: str, work_dir: Path,
                cache_dir: Path | None = None) -> dict[str, Path]:
    """Index `records` with Pagefind into `work_dir` (or reuse the index kept in `cache_dir` for the
    same records); returns site path -> file for publishing."""
    language = LANGUAGES.get(script, "zh-cn")
    key = f"{records_fingerprint(records)}-{language}-{version('pagefind_bin_extended')}"
    kept = cache_dir / CACHE_SUBFOLDER / key if cache_dir else None
    if kept and (kept / COMPLETE).is_file():
        return _listing(kept)
    out = work_dir / INDEX_FOLDER
    try:
        # Its own thread and event loop: the caller may be inside one already (Playwright's, a server's).
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(asyncio.run, _write_index(records, language, out)).result()
    except (OSError, AssertionError, KeyError) as failed:  # the wrapper asserts on unexpected replies
        raise SearchIndexError(f"search index: Pagefind failed: {failed!r}") from None
    if kept:
        _keep(out, kept)
    return _listing(out)


def _listing(folder: Path) -> dict[str, Path]:
    return {
        f"{INDEX_FOLDER}/{path.relative_to(folder).as_posix()}": path
        for path in sorted(folder.rglob("*")) if path.is_file() and path.name not in UNUSED | {COMPLETE}
    }


def _keep(out: Path, kept: Path) -> None:
    """Keep this index for the next build (only the last one: an older index is never asked for again)."""
    try:
        for old in kept.parent.glob("*"):
            shutil.rmtree(old, ignore_errors=True)
        shutil.copytree(out, kept)
        (kept / COMPLETE).write_text("")
    except OSError:
        shutil.rmtree(kept, ignore_errors=True)  # a cache that cannot be written only costs time


async def _write_index(records: Sequence[SearchRecord], language: str, out: Path) -> None:
    config = IndexConfig(
        force_language=language,
        exclude_selectors=list(EXCLUDED_SELECTORS),
        output_path=str(out),
        write_playground=False,
    )
    async with PagefindIndex(config=config) as index:
        for start in range(0, len(records), BATCH):
            replies = await asyncio.gather(*(
                index.add_html_file(content=record.document(), url=record.url)
                for record in records[start:start + BATCH]
            ))
            for record, reply in zip(records[start:start + BATCH], replies):
                if reply.get("page_url") != record.url:
                    raise SearchIndexError(f"search index: Pagefind did not index {record.url}")
