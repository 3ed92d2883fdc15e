"""The build cache's files: one value pickled, read back only when whole; the stamp of what a build used."""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
import time
from pathlib import Path

_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError)


def read_kept(path: Path) -> object | None:
    """The value kept at `path`, or None when it is missing, damaged, or from code that no longer exists."""
    # Unpickling makes up to millions of objects at once, none of them garbage: the cycle collector
    # would only rescan them (a third of the time of loading 10,000 stories' checked entries).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except _UNREADABLE:
        return None
    finally:
        if collecting:
            gc.enable()


def keep_only(path: Path, value: object) -> None:
    """Keep `value` at `path`, the only pickle of its folder; a cache that cannot be written costs only time."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)
    except OSError:
        pass


def mark_used(*paths: Path) -> None:
    """Stamp cache files a build used with the time: pruning (publish/cacheprune.py) keeps what is recent.

    The access time is stamped, not the modification time: a published site/ hard-links cache
    files, and its manifest (publish/manifest.py) takes a changed mtime for a file changed by hand.
    """
    now = time.time_ns()
    for path in paths:
        stamp_used(path, now)


def stamp_used(path: Path, now: int, mtime_ns: int | None = None) -> None:
    """mark_used of one file whose mtime may be known already (None: just drawn, or not known)."""
    try:
        os.utime(path, ns=(now, os.stat(path).st_mtime_ns if mtime_ns is None else mtime_ns))
    except OSError:  # gone or read-only: pruning then simply sees it as older
        pass
