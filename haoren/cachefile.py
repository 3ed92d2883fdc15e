"""The build cache's files: one value pickled, read back only when whole; the stamp of what a build used.

A value may hold paths under the site folder (the content's images are absolute paths). Given the
`site`, those are pickled by their place in it, and read back under the site folder of the build that
reads them: a moved folder (another checkout, a CI runner's numbered folder) keeps its cache, and a
digest of such a pickle (`pickled`) is the same wherever the folder is.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import IO

# In a cache folder whose files are only ever used together (a kept search index), this file is written
# last and lists them: the folder is then used, stamped and pruned as one, by this file alone. Whoever
# changes such a folder writes this file anew (a new file, as os.replace puts one): pruning keeps the
# folder's size while this file is the same one (publish/cacheprune.py).
WHOLE = ".complete"
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError)
_CONCRETE_PATH = type(Path())


def _under_site(place: str) -> Path:
    """What a path under the site folder is pickled as: only an unpickler knowing the site makes a Path of it."""
    raise TypeError(f"{place}: a path under the site folder, read without knowing the site folder")


class _SitePickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], site: Path):
        prefix = os.path.join(os.fspath(site), "")

        def reduce_path(path: Path) -> tuple:
            text = os.fspath(path)
            return (_under_site, (text[len(prefix):],)) if text.startswith(prefix) else path.__reduce__()

        # Set before the C pickler's __init__, which is when it looks for a dispatch_table.
        self.dispatch_table = {_CONCRETE_PATH: reduce_path}
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)


class _SiteUnpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], site: Path):
        super().__init__(file)
        self._site = Path(site)

    def find_class(self, module: str, name: str) -> object:
        if module == __name__ and name == _under_site.__name__:
            return self._site.joinpath
        return super().find_class(module, name)


def pickled(value: object, site: Path | None) -> bytes:
    """`value`'s pickle for a digest, every path under `site` by its place in it (a moved folder keeps it).

    By value alone: pickle's memo writes an object met twice as a reference, so two equal values whose
    parts are shared differently (a site model built from files checked anew, and one from the check's
    cache) pickled unalike. After a cold build, 1,744 of 10,000 story pages read a campaign that way
    and were made again by the next edit. A cyclic value raises ValueError.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL) if site is None else _SitePickler(buffer, site)
    pickler.fast = True  # no memo
    pickler.dump(value)
    return buffer.getvalue()


def read_kept(path: Path, site: Path | None = None) -> object | None:
    """The value kept at `path`, or None when it is missing, damaged, or from code that no longer exists.

    With `site`, it is read as `keep_only` with a site wrote it, its paths under this `site`.
    """
    # Unpickling makes up to millions of objects at once, none of them garbage: the cycle collector
    # would only rescan them (a third of the time of loading 10,000 stories' checked entries).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as file:
            return pickle.load(file) if site is None else _SiteUnpickler(file, site).load()
    except _UNREADABLE:
        return None
    finally:
        if collecting:
            gc.enable()


def keep_only(path: Path, value: object, site: Path | None = None) -> None:
    """Keep `value` at `path`, the only pickle of its folder; a cache that cannot be written costs only time.

    With `site`, its paths under `site` are kept by their place in it (read it back with the site).
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as file:
            if site is None:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                _SitePickler(file, site).dump(value)
        os.replace(file.name, path)
    except OSError:
        pass


def mark_used(*paths: Path) -> None:
    """Stamp cache files a build used with the time: pruning (publish/cacheprune.py) keeps what is recent.

    The access time is stamped, not the modification time: a published site/ hard-links cache
    files, and its manifest (publish/manifest.py) takes a changed mtime for a file changed by hand.
    A folder holding a `WHOLE` file is stamped by that file alone.
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
