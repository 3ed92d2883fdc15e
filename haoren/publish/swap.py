"""Replacing a published folder atomically: build beside it, swap in one rename, clean up killed builds."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Iterator


class FolderBusy(Exception):
    """Another process is replacing the same folder right now."""


@contextlib.contextmanager
def replacement(out_dir: Path, keep: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield an empty work folder beside `out_dir`; build the new tree at `<work>/site`.

    When the block ends normally, `<work>/site` takes the place of `out_dir` in one rename. If
    it raises, or the process dies, `out_dir` is untouched; the work folder is deleted now, or
    by the next replacement if the process was killed. After a swap, `keep(old tree)` may move the
    replaced tree away to keep it (publish/kept.py); the work folder, with the old tree in it if
    not, is renamed `.<name>.old-*` and deleted by a background process.
    """
    out_dir = Path(out_dir).absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive(out_dir.parent):
        _remove_leftovers(out_dir)
        work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        try:
            yield work
            _swap_in(work / "site", out_dir)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        if keep is not None:
            try:
                keep(work / "site")
            except OSError:  # the site is published: an old tree not kept only costs the next build time
                pass
        # The old tree (tens of thousands of files at ten years of stories) is deleted after we
        # return: the new site is already published, and the editor need not wait for the unlinks.
        remove_in_background(_set_aside(work, out_dir))


def remove_leftovers(out_dir: Path) -> None:
    """Delete the work folders killed builds left beside `out_dir` (a build that writes nothing cleans up too)."""
    out_dir = Path(out_dir).absolute()
    with _exclusive(out_dir.parent):
        _remove_leftovers(out_dir)


def _remove_leftovers(out_dir: Path) -> None:
    for leftover in out_dir.parent.glob(f".{out_dir.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    # An old tree still here is being deleted, or its deleter was killed: deleting it twice is harmless.
    for old_tree in out_dir.parent.glob(f".{out_dir.name}.old-*"):
        remove_in_background(old_tree)


def _set_aside(work: Path, out_dir: Path) -> Path:
    """`work` renamed so no build takes it for a killed build's work folder."""
    aside = work.with_name(f".{out_dir.name}.old-{work.name.rsplit('.tmp-', 1)[1]}")
    os.rename(work, aside)
    return aside


def remove_in_background(folder: Path) -> None:
    """Delete `folder` in a process of its own that outlives this one (here, if `rm` cannot start)."""
    try:
        subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _exclusive(parent: Path) -> Iterator[None]:
    """One replacement at a time per parent folder, so no build deletes another's work folder."""
    fd = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(f"another build is publishing into {parent}; try again when it ends") from None
        yield
    finally:
        os.close(fd)


def _swap_in(built: Path, out_dir: Path) -> None:
    """Put `built` at `out_dir`; the old tree ends up at `built`, inside the work folder."""
    if not out_dir.exists():
        os.rename(built, out_dir)
    elif not _exchange(built, out_dir):
        # Without renameat2 there is a moment with no out_dir, but never a half-written one.
        old = built.with_name("old")
        os.rename(out_dir, old)
        os.rename(built, out_dir)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
