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
kept on its own, so an edit re-indexes only the shard of the records it changed. One index folder,
made by Pagefind or kept, is publish.indexfolders'.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from haoren.cachefile import keep_only, mark_used, read_kept
from haoren.model.site import Site
from haoren.publish.indexfolders import (COMPLETE, ENTRY, INDEX_FOLDER, SearchIndexError, index_key,
                                         indexed_in_cache, indexed_in_work, kept_listing, listed_ideographs,
                                         locked, made_in_cache)
from haoren.publish.searchshards import (NEWEST_RECORDS, SHARD_RECORDS, characters_list, group_records,
                                         is_shared, shards_list, shared_entry)
from haoren.render.editions import Edition
from haoren.render.pages import GeneratedPage
from haoren.render.pages.search import (CHARACTERS_LIST, SEARCH_SHARD_ABOVE, SEARCH_URL, SHARDS_LIST,
                                        shards_search)
from haoren.render.search import (SearchedCharacters, SearchedDigests, SearchedValues, SearchRecord,
                                  query_map, search_records)

CACHE_SUBFOLDER = "search-index"  # under .haoren-cache/: the last index of each language, named by its key
# Beside the languages' folders, each the only pickle of its folder (cachefile.keep_only): the kept
# render.search.SearchedDigests, and SearchedCharacters (only with a converted edition: its query map).
SEARCHED = "searched/digests.pickle"
CHARACTERS = "characters/characters.pickle"
SHARDS = ".shards"  # in each language's cache folder: a sharded index's shards, each kept as a language's is
SEARCH_SCRIPT = "assets/javascripts/search.js"  # in the site's theme folder (MkDocs' custom_dir)
QUERY_MAP = "query-map.json"  # in a converted edition's index folder: Simplified -> its characters
# Editions (and the settings' `script`) as Pagefind's language codes (its Chinese segmentation keys on "zh").
LANGUAGES = {"zh-Hans": "zh-cn", "zh": "zh-cn", "zh-Hant": "zh-tw"}


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
        return all((folder / index_key(group, language) / COMPLETE).is_file() for folder, group in groups.items())

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
            with locked(base):
                keys = {name: index_key(group, language) for name, group in groups.items()}
                # The kept shards first: after an edit, Pagefind's run on the changed one is all that is left.
                kept = {name: kept_listing(base / SHARDS / name / keys[name]) for name in groups}
                if kept_files is not None:
                    kept_files(_published(folder, groups, {name: found for name, found in kept.items()
                                                           if found}))
                listings = {name: kept[name] or made_in_cache(group, language, base / SHARDS / name,
                                                               keys[name])
                            for name, group in groups.items()}
                for old in (base / SHARDS).iterdir():  # a year with no records left
                    if old.name not in groups:
                        shutil.rmtree(old, ignore_errors=True)
        except OSError:
            listings = {}  # a cache that cannot be written only costs time: index in the work folder
    if not listings:
        for name, group in groups.items():
            listings[name] = indexed_in_work(group, language, work_dir / name)
    files = _published(folder, groups, listings)
    held = {name: listed_ideographs(listing) for name, listing in listings.items()}
    if None not in held.values():  # a file lost since it was checked: the page asks every shard, as before
        files[f"{folder}/{CHARACTERS_LIST}"] = characters_list(held)
    return files


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
            with locked(base):
                listing = indexed_in_cache(records, language, base, index_key(records, language))
            return {f"{folder}/{name}": path for name, path in listing.items()}
        except OSError:
            pass  # a cache that cannot be written only costs time: index in the work folder
    return {f"{folder}/{name}": path for name, path in indexed_in_work(records, language, work_dir).items()}


