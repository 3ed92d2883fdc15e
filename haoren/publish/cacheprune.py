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
shards one by one (0.7 s, while Pagefind waited); now it stamps one file a shard.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from haoren.cachefile import WHOLE
from haoren.publish.manifest import files_under

BUILDS_KEPT = 3
LOG_NAME = "builds.json"
MEGABYTE = 1 << 20


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


def cache_files(cache_dir: Path) -> list[tuple[float, int, str]]:
    """(last use, size, path) of every item in the cache but the log, least recently used first: a file,
    or a folder used whole (its `WHOLE` file's use, all its files' size)."""
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
            found.extend(_whole_folder(folder))
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    continue
                if folder == root and entry.name in (LOG_NAME, f".{LOG_NAME}.tmp"):
                    continue
                status = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            found.append((max(status.st_atime, status.st_mtime), status.st_size, entry.path))
    return sorted(found)


def _whole_folder(folder: str) -> list[tuple[float, int, str]]:
    """The folder as one item of cache_files (none when it cannot be read: it is left alone)."""
    try:
        marker = os.stat(os.path.join(folder, WHOLE))
        size = sum(size for size, _ in files_under(Path(folder)).values())
    except OSError:
        return []
    return [(max(marker.st_atime, marker.st_mtime), size, folder)]


def prune_cache(cache_dir: Path, started: float, limit_mb: int) -> Pruned:
    """After a build that began at `started`: drop files no recent build used, then keep under `limit_mb`."""
    if not cache_dir.is_dir():
        return Pruned(0, 0, 0)
    oldest_kept_build = record_build(cache_dir, started)[0]
    files = cache_files(cache_dir)
    total = sum(size for _, size, _ in files)
    removed = removed_bytes = 0
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
    if removed:  # a folder can only have been emptied by this pruning
        remove_empty_folders(cache_dir)
    return Pruned(removed, removed_bytes, total)


def remove_empty_folders(cache_dir: Path) -> None:
    """Folders left empty, deepest first (rmdir refuses any that still holds something)."""
    for folder, _, _ in os.walk(cache_dir, topdown=False):
        if Path(folder) != cache_dir:
            try:
                os.rmdir(folder)
            except OSError:
                pass
