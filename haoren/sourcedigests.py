"""Digests of the site's files by their bytes, read once and then known by the file's status across builds.

A ten-year archive holds gigabytes of photos. Read and hashed again in every build (the check's key, each
card's and poster's name), they cost more than the rest of an edit; a file whose size, times and inode
are what they were when it was read is not read again. Like make, and like the photo renditions
(drawing/images.py), this trusts the file system: any write changes a file's ctime, which no editor
or tool sets by hand. As git does, a file changed in the last RECENT_NS is read again next time: a
second write within its clock's tick could leave its times as they were.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from pathlib import Path

from haoren.cachefile import keep_only, mark_used, read_kept

Status = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
RECENT_NS = 2_000_000_000
KEPT = "source-digests/digests.pickle"  # under .haoren-cache/


class SourceDigests:
    """The sha256 (hex) of files by path; what the last build read is given as `kept`."""

    def __init__(self, kept: Mapping[str, tuple[Status, str]] | None = None) -> None:
        self._kept = dict(kept) if kept else {}
        self.used: dict[str, tuple[Status, str]] = {}  # what this build knew: the next one's `kept`

    @classmethod
    def from_cache(cls, cache_dir: Path | None) -> SourceDigests:
        """What the last build kept in the site folder's cache (`cache_dir`, SITE/.haoren-cache)."""
        kept = read_kept(cache_dir / KEPT) if cache_dir is not None else None
        if cache_dir is None or not isinstance(kept, dict):
            return cls(None)
        site = _site_prefix(cache_dir)
        return cls({name if os.path.isabs(name) else site + name: known for name, known in kept.items()})

    def of(self, path: Path | str) -> str:
        """The file's digest; raises OSError as reading it would."""
        name = os.fspath(path)
        status = os.stat(name)
        now: Status = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        known = self.used.get(name) or self._kept.get(name)
        if known is not None and known[0] == now:
            self.used[name] = known
            return known[1]
        with open(name, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > RECENT_NS:
            self.used[name] = (now, digest)
        return digest

    def keep(self, cache_dir: Path | None) -> None:
        """Keep what this build knew for the next (the files it no longer has are forgotten)."""
        if cache_dir is None:
            return
        if self.used == self._kept:
            mark_used(cache_dir / KEPT)
        else:
            site = _site_prefix(cache_dir)
            keep_only(cache_dir / KEPT, {name.removeprefix(site): known for name, known in self.used.items()})


def _site_prefix(cache_dir: Path) -> str:
    """The site folder (the cache's parent) as the start of its files' names. The digests are kept by
    the files' place in it: a moved folder's files keep their status, and are not read again."""
    return os.path.join(os.fspath(cache_dir.parent), "")
