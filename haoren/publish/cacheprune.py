"""Pruning .haoren-cache/: what the last builds did not use goes, then the oldest until the size limit holds.

Every cache stamps a file's access time when a build uses it (cachefile.mark_used), and writing
stamps both times, so the later of a file's atime and mtime is its last use (not the mtime alone:
site/ hard-links cache files, and its manifest reads a new mtime as a hand edit). `builds.json`
keeps the start times of the last BUILDS_KEPT builds: a file older than the oldest of them was used
by none of them. The size limit (`cache_limit_mb` in the site settings) then removes the least
recently used files, but never one the build that just finished used: that would only make the
next build redo the work.

A folder holding `cachefile.WHOLE` (a kept search index, a shard's records) is one item: used when that
file was, and removed whole. At 10,000 stories an edit stamped the 16,000 files of the kept search
shards one by one (0.7 s, while Pagefind waited); now it stamps one file a shard. Its size is kept in
`whole-sizes.json` while that file is the same one, unmodified (a stamp changes its access time only;
the folder's writer writes it anew after any change to the folder): summing the 27,000 files of
those folders was three quarters of every build's walk of the cache (0.2 s of 0.27 s).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from haoren.cachefile import WHOLE
from haoren.publish.manifest import files_under

BUILDS_KEPT = 3
LOG_NAME = "builds.json"
SIZES_NAME = "whole-sizes.json"  # folder used whole -> [its WHOLE file's mtime_ns and inode, its bytes]
MEGABYTE = 1 << 20
_OWN_FILES = (LOG_NAME, f".{LOG_NAME}.tmp", SIZES_NAME, f".{SIZES_NAME}.tmp")  # pruning's, not items


@dataclass(frozen=True)
class Pruned:
    """What pruning removed and what the cache holds now."""

    files: int
    bytes: int
    kept_bytes: int


def record_build(cache_dir: Path, started: float) -> list[float]:
    """Add this build's start to the log of the last builds; return the starts kept (oldest first)."""
    log = cache_dir / LOG_NAME
    try:
        starts = [float(value) for value in json.loads(log.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        starts = []
    starts = sorted(starts + [started])[-BUILDS_KEPT:]
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = log.with_name(f".{LOG_NAME}.tmp")
    temporary.write_text(json.dumps(starts), encoding="utf-8")
    temporary.replace(log)
    return starts


def cache_files(cache_dir: Path, kept_sizes: Mapping[str, list[int]],
                sizes: dict[str, list[int]]) -> list[tuple[float, int, str]]:
    """(last use, size, path) of every item in the cache but its own files, least recently used first: a
    file, or a folder used whole (its `WHOLE` file's use, all its files' size).

    `kept_sizes` (SIZES_NAME's, by path) gives the size of a whole folder whose WHOLE file is as it says;
    `sizes` gets every whole folder found with its size."""
    # One scandir pass with each entry's own stat, paths kept as text (a Path each was a third of
    # the walk): at ten years of stories the cache holds over 40,000 files, and every build walks it.
    found = []
    root = os.fspath(cache_dir)
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        if folder != root and any(entry.name == WHOLE for entry in entries):
            found.extend(_whole_folder(folder, kept_sizes, sizes))
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    continue
                if folder == root and entry.name in _OWN_FILES:
                    continue
                status = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            found.append((max(status.st_atime, status.st_mtime), status.st_size, entry.path))
    return sorted(found)


def _whole_folder(folder: str, kept_sizes: Mapping[str, list[int]],
                  sizes: dict[str, list[int]]) -> list[tuple[float, int, str]]:
    """The folder as one item of cache_files (none when it cannot be read: it is left alone); its size is
    the kept one while its WHOLE file is the same, else summed, and put in `sizes`."""
    try:
        marker = os.stat(os.path.join(folder, WHOLE))
        kept = kept_sizes.get(folder)
        if kept is not None and kept[:2] == [marker.st_mtime_ns, marker.st_ino]:
            size = kept[2]
        else:
            size = sum(size for size, _ in files_under(Path(folder)).values())
    except OSError:
        return []
    sizes[folder] = [marker.st_mtime_ns, marker.st_ino, size]
    return [(max(marker.st_atime, marker.st_mtime), size, folder)]


def _read_sizes(cache_dir: Path) -> dict[str, list[int]]:
    """SIZES_NAME's folders by their path (a moved cache only walks its folders again); empty when missing
    or damaged."""
    try:
        kept = json.loads((cache_dir / SIZES_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {os.path.join(cache_dir, folder): value for folder, value in kept.items()
            if isinstance(value, list) and len(value) == 3 and all(type(number) is int for number in value)}


def _keep_sizes(cache_dir: Path, sizes: dict[str, list[int]], kept: dict[str, list[int]]) -> None:
    """Write the sizes when they differ from the kept ones: none in a build that changed no such folder,
    and no file for none."""
    file = cache_dir / SIZES_NAME
    if not sizes:
        file.unlink(missing_ok=True)
    elif sizes != kept:
        temporary = file.with_name(f".{SIZES_NAME}.tmp")
        temporary.write_text(json.dumps({os.path.relpath(folder, cache_dir): value
                                         for folder, value in sorted(sizes.items())}), encoding="utf-8")
        temporary.replace(file)


def prune_cache(cache_dir: Path, started: float, limit_mb: int) -> Pruned:
    """After a build that began at `started`: drop files no recent build used, then keep under `limit_mb`."""
    if not cache_dir.is_dir():
        return Pruned(0, 0, 0)
    oldest_kept_build = record_build(cache_dir, started)[0]
    kept_sizes = _read_sizes(cache_dir)
    sizes: dict[str, list[int]] = {}
    files = cache_files(cache_dir, kept_sizes, sizes)
    total = sum(size for _, size, _ in files)
    removed = removed_bytes = 0
    emptied: set[str] = set()  # the folders removed items were in: only these can be empty now
    for used, size, path in files:
        unused = used < oldest_kept_build
        over_limit = total > limit_mb * MEGABYTE and used < started
        if not (unused or over_limit):
            continue
        try:
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.unlink(path)
        except OSError:
            continue
        total -= size
        removed, removed_bytes = removed + 1, removed_bytes + size
        sizes.pop(path, None)
        emptied.add(os.path.dirname(path))
    remove_emptied_folders(cache_dir, emptied)
    try:
        _keep_sizes(cache_dir, sizes, kept_sizes)
    except OSError:  # a cache that cannot be written: the sizes are summed again next time
        pass
    return Pruned(removed, removed_bytes, total)


def remove_emptied_folders(cache_dir: Path, folders: set[str]) -> None:
    """Each of `folders` and the folders above it, up to the cache's own, while they are empty (rmdir
    refuses one that still holds something). Walking the whole cache for them instead cost a build that
    removed one file 0.25 s at 10,000 stories."""
    root = os.fspath(cache_dir)
    for folder in sorted(folders, key=len, reverse=True):  # the deepest first
        while folder != root and folder.startswith(root + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)
