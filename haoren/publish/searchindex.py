"""The search indexes: Pagefind (extended binary, Chinese segmentation) over the search records, as files.

Each edition has its own index beside its pages (`/pagefind/`, `/zh-hant/pagefind/`), made from that
edition's records (haoren.render.search) alone. The same records give the same files, byte for byte
(publish.pagefindfiles), so the last index of each edition is kept in the cache under the records'
fingerprint and reused by a build whose published pages did not change. Pagefind has no incremental
update: any change re-indexes every record of that edition. What a change costs besides Pagefind's own
run is kept small: the records stay in the cache as files and only the changed ones are written again,
and Pagefind writes the new index inside the cache, where it is kept by a rename, not copied. The files
are published like every other file (through publish's swap, as hard links to the cache).

A large site's index is split into shards (publish.searchshards; above render.pages.search's
SEARCH_SHARD_ABOVE published items, each of at most about SHARD_RECORDS): each shard is indexed and
kept on its own, so an edit re-indexes only the shard of the records it changed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

from pagefind_bin_extended import get_executable

from haoren.cachefile import WHOLE, keep_only, mark_used, read_kept
from haoren.model.site import Site
from haoren.publish.manifest import names_under
from haoren.publish.pagefindfiles import UnexpectedIndex, stabilize
from haoren.publish.searchrecords import records_ideographs, write_records
from haoren.publish.searchshards import (NEWEST_RECORDS, SHARD_RECORDS, characters_list, group_records,
                                         is_shared, shards_list, shared_entry)
from haoren.render.editions import Edition
from haoren.render.pages import GeneratedPage
from haoren.render.pages.search import (CHARACTERS_LIST, SEARCH_SHARD_ABOVE, SEARCH_URL, SHARDS_LIST,
                                        shards_search)
from haoren.render.search import (EXCLUDED_SELECTORS, SearchedCharacters, SearchedDigests, SearchedValues,
                                  SearchRecord, query_map, records_fingerprint, search_records)

CACHE_SUBFOLDER = "search-index"  # under .haoren-cache/: the last index of each language, named by its key
COMPLETE = WHOLE  # written last: lists the files of a kept index, which is used and pruned as one
# Beside the languages' folders, each the only pickle of its folder (cachefile.keep_only): the kept
# render.search.SearchedDigests, and SearchedCharacters (only with a converted edition: its query map).
SEARCHED = "searched/digests.pickle"
CHARACTERS = "characters/characters.pickle"
RECORDS = ".records"  # in each language's cache folder: the records Pagefind reads, as HTML files
SHARDS = ".shards"  # in each language's cache folder: a sharded index's shards, each kept as a language's is
LOCK = ".lock"  # one build at a time writes a language's records and index
ENTRY = "pagefind-entry.json"
IDEOGRAPHS = "ideographs.txt"  # in each index folder, unpublished: its records' ideographs (characters_list)
# Part of each index's key: an index kept by an older layout (without IDEOGRAPHS) is made again.
INDEX_LAYOUT = "2"
INDEX_FOLDER = "pagefind"  # under each edition's root: pagefind.js, the index chunks, the WASM
SEARCH_SCRIPT = "assets/javascripts/search.js"  # in the site's theme folder (MkDocs' custom_dir)
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


class SearchIndexes:
    """Each edition's index of its own published pages, under its own prefix, made as soon as that
    edition's pages are (`add`); `files` gives them all, site path -> file. Above `shard_above`
    published items (render.pages.search.shards_search) each edition's index is in shards; the search
    page and the site's `theme_dir` copy of search.js must then know them."""

    def __init__(self, site: Site, editions: Sequence[Edition], work_dir: Path, cache_dir: Path | None = None, *,
                 shard_above: int | None = None, theme_dir: Path | None = None):
        self._site, self._work_dir, self._cache_dir, self._theme_dir = site, work_dir, cache_dir, theme_dir
        self._index_cache = cache_dir / CACHE_SUBFOLDER if cache_dir is not None else None
        self._digests = SearchedDigests(_kept_values(self._index_cache, SEARCHED))
        self._characters = (SearchedCharacters(_kept_values(self._index_cache, CHARACTERS))
                            if any(edition.converted for edition in editions) else None)
        self._sharded = shards_search(site, shard_above)
        self._above = SEARCH_SHARD_ABOVE if shard_above is None else shard_above
        self._own: tuple[SearchRecord, ...] = ()
        self._files: dict[str, Path | bytes] = {}
        self._records: dict[str, tuple[SearchRecord, ...]] = {}  # by edition, from `kept` for `add`

    def kept(self, edition: Edition, pages: Sequence[GeneratedPage]) -> bool:
        """True when the cache holds an index of `edition`'s records among `pages` (a build after an
        upgrade of Haoren, whose pages read the same): `add` then runs no Pagefind. A guess for
        planning only: `add` indexes whatever it does not find whole."""
        if self._cache_dir is None:
            return False
        records = self._records[edition.code] = search_records(self._site, pages, edition, self._digests)
        language = LANGUAGES.get(edition.code, "zh-cn")
        base = self._cache_dir / CACHE_SUBFOLDER / language
        groups = ({base / SHARDS / name: group for name, group in group_records(records).items()}
                  if self._sharded else {base: records})
        return all((folder / _key(group, language) / COMPLETE).is_file() for folder, group in groups.items())

    def add(self, edition: Edition, pages: Sequence[GeneratedPage],
            kept_files: Callable[[dict[str, Path | bytes]], None] | None = None) -> None:
        """Index `edition`'s published pages among `pages`. The site's own edition comes first: a
        converted edition's query map is made of its records. `kept_files` is given the files of the
        shards kept whole as soon as they are known, before Pagefind runs on the others (never when the
        index is not in shards, see sharded_index_files)."""
        if self._sharded:
            _require_shards_asked(pages, (edition,), self._above, self._theme_dir)
        records = self._records.pop(edition.code, None) or search_records(self._site, pages, edition, self._digests)
        folder = f"{edition.prefix.strip('/')}/{INDEX_FOLDER}".lstrip("/")
        work_dir = self._work_dir / edition.code
        if self._sharded:
            self._files.update(sharded_index_files(records, edition.code, work_dir, self._cache_dir,
                                                   folder=folder, kept_files=kept_files))
        else:
            self._files.update(index_files(records, edition.code, work_dir, self._cache_dir, folder=folder))
        if not edition.converted:
            self._own = records
        else:  # a query typed in Simplified is converted before it is looked up (search.js)
            table = query_map(self._own, edition.convert, self._characters)
            self._files[f"{folder}/{QUERY_MAP}"] = json.dumps(table, ensure_ascii=False, sort_keys=True,
                                                              separators=(",", ":")).encode()

    def files(self) -> dict[str, Path | bytes]:
        """The files of the editions added; what they searched is kept for the next build."""
        _keep_values(self._index_cache, SEARCHED, self._digests)
        _keep_values(self._index_cache, CHARACTERS, self._characters)
        return dict(self._files)


def _kept_values(folder: Path | None, name: str) -> dict[bytes, str] | None:
    """The values the last build kept in `folder/name` (None: none, or not readable)."""
    kept = read_kept(folder / name) if folder is not None else None
    return kept if isinstance(kept, dict) else None


def _keep_values(folder: Path | None, name: str, values: SearchedValues | None) -> None:
    """Keep the values this build used, for the next: written only when they changed."""
    if folder is None or values is None:
        return
    if values.changed:
        keep_only(folder / name, values.used)
    else:
        mark_used(folder / name)


def _require_shards_asked(pages: Sequence[GeneratedPage], editions: Sequence[Edition], above: int,
                          theme_dir: Path | None) -> None:
    """A site's own copy of search.html or search.js older than the shards would ask for an index that
    is not there: every search would fail. Refuse to publish them, and say which file to update."""
    needs = f"the search index is in shards (more than {above} published items) and"
    for edition in editions:
        page = next((p for p in pages if p.url == edition.url(SEARCH_URL)), None)
        if page is not None and "data-shards=" not in page.content_html:
            raise SearchIndexError(
                f"theme/haoren/search.html: {needs} this search page does not ask for them (no data-shards); "
                "copy theme/haoren/search.html from Haoren's sample site")
    script = theme_dir / SEARCH_SCRIPT if theme_dir is not None else None
    # The script reads the page's data-shards attribute: a copy that never names it cannot ask the shards.
    if script is not None and script.is_file() and "data-shards" not in script.read_text(errors="replace"):
        raise SearchIndexError(
            f"theme/{SEARCH_SCRIPT}: {needs} this script does not know them; copy theme/{SEARCH_SCRIPT} from "
            "Haoren's sample site")


def sharded_index_files(records: Sequence[SearchRecord], language_of: str, work_dir: Path,
                        cache_dir: Path | None = None, *, folder: str = INDEX_FOLDER,
                        shard_records: int = SHARD_RECORDS, newest_records: int = NEWEST_RECORDS,
                        kept_files: Callable[[dict[str, Path | bytes]], None] | None = None,
                        ) -> dict[str, Path | bytes]:
    """`records` indexed in shards of at most about `shard_records` (the newest year's stories:
    `newest_records`), each under `folder/<shard>/`, with the shards list and the files the shards
    share in `folder`; a shard whose records are those of a kept shard is not indexed again.
    `kept_files` is given the kept shards' files (the same objects as in the result) before Pagefind
    runs on the others."""
    language = LANGUAGES.get(language_of, "zh-cn")
    groups = group_records(records, shard_records, newest_records)
    listings: dict[str, dict[str, Path]] = {}
    if cache_dir is not None:
        base = cache_dir / CACHE_SUBFOLDER / language
        try:
            with _locked(base):
                keys = {name: _key(group, language) for name, group in groups.items()}
                # The kept shards first: after an edit, Pagefind's run on the changed one is all that is left.
                kept = {name: _kept_listing(base / SHARDS / name / keys[name]) for name in groups}
                if kept_files is not None:
                    kept_files(_published(folder, groups, {name: found for name, found in kept.items()
                                                           if found}))
                listings = {name: kept[name] or _made_in_cache(group, language, base / SHARDS / name,
                                                               keys[name])
                            for name, group in groups.items()}
                for old in (base / SHARDS).iterdir():  # a year with no records left
                    if old.name not in groups:
                        shutil.rmtree(old, ignore_errors=True)
        except OSError:
            listings = {}  # a cache that cannot be written only costs time: index in the work folder
    if not listings:
        for name, group in groups.items():
            listings[name] = _indexed_in_work(group, language, work_dir / name)
    files = _published(folder, groups, listings)
    held = {name: _ideographs(listing) for name, listing in listings.items()}
    if None not in held.values():  # a file lost since it was checked: the page asks every shard, as before
        files[f"{folder}/{CHARACTERS_LIST}"] = characters_list(held)
    return files


def _ideographs(listing: Mapping[str, Path]) -> str | None:
    """The ideographs kept beside the index whose files are `listing` (written by _index)."""
    try:
        return (listing[ENTRY].parent / IDEOGRAPHS).read_text(encoding="utf-8")
    except (KeyError, OSError):
        return None


def _published(folder: str, groups: Mapping[str, Sequence[SearchRecord]],
               listings: Mapping[str, Mapping[str, Path]]) -> dict[str, Path | bytes]:
    """The shards' files by their site path: each shard's own, the shards list, and those they share once."""
    files: dict[str, Path | bytes] = {f"{folder}/{SHARDS_LIST}": shards_list(groups)}
    for name, listing in listings.items():
        for path_name, path in listing.items():
            if is_shared(path_name):
                files.setdefault(f"{folder}/{path_name}", path)
            elif path_name == ENTRY:
                files[f"{folder}/{name}/{path_name}"] = shared_entry(path)
            else:
                files[f"{folder}/{name}/{path_name}"] = path
    return files


def index_files(records: Sequence[SearchRecord], language_of: str, work_dir: Path,
                cache_dir: Path | None = None, *, folder: str = INDEX_FOLDER) -> dict[str, Path]:
    """Index `records` with Pagefind into `work_dir` (or reuse the index kept in `cache_dir` for the
    same records); returns site path (under `folder`) -> file for publishing."""
    language = LANGUAGES.get(language_of, "zh-cn")
    if cache_dir is not None:
        base = cache_dir / CACHE_SUBFOLDER / language
        try:
            with _locked(base):
                listing = _indexed_in_cache(records, language, base, _key(records, language))
            return {f"{folder}/{name}": path for name, path in listing.items()}
        except OSError:
            pass  # a cache that cannot be written only costs time: index in the work folder
    return {f"{folder}/{name}": path for name, path in _indexed_in_work(records, language, work_dir).items()}


def _key(records: Sequence[SearchRecord], language: str) -> str:
    return f"{records_fingerprint(records)}-{language}-{version('pagefind_bin_extended')}-{INDEX_LAYOUT}"


def _indexed_in_work(records: Sequence[SearchRecord], language: str, work_dir: Path) -> dict[str, Path]:
    """The index of `records` made in `work_dir` (no cache): name -> file."""
    out = work_dir / INDEX_FOLDER
    try:
        write_records(records, work_dir / "pages")
    except OSError as failed:
        raise SearchIndexError(f"search index: cannot write the records: {failed!r}") from None
    _index(records, language, work_dir / "pages", out)
    return _listing(out)


def _indexed_in_cache(records: Sequence[SearchRecord], language: str, base: Path, key: str) -> dict[str, Path]:
    """The index of `records` kept under `base/key`: reused when whole, else made there from the records' files."""
    return _kept_listing(base / key) or _made_in_cache(records, language, base, key)


def _made_in_cache(records: Sequence[SearchRecord], language: str, base: Path, key: str) -> dict[str, Path]:
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
def _locked(base: Path) -> Iterator[None]:
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


def _kept_listing(kept: Path) -> dict[str, Path] | None:
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
    mark_used(kept / COMPLETE)  # the whole folder is pruned by it (publish/cacheprune.py)
    return files


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
