"""Drawn files (cards, posters) named by the hash of what they show: drawn once, in a process pool."""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import shutil
import stat
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from haoren.cachefile import stamp_used
from haoren.forking import can_fork
from haoren.sourcedigests import SourceDigests

Task = TypeVar("Task")
Item = TypeVar("Item")
Made = TypeVar("Made")
# What a worker gets: the draw function, the staging folder, the drawing's name and its task.
Job = tuple[Callable[[Path, Task], None], Path, str, Task]

# Below this many missing drawings, starting worker processes costs more than it saves (in_workers).
_POOL_FROM = 16
# Chunks per worker: enough to even out slow and fast drawings, few enough that pickling is negligible.
_CHUNKS_PER_WORKER = 4


def content_name(folder: str, *parts: object) -> str:
    """`folder/<16 hex digits>`: the sha256 of `parts` (JSON), so equal inputs share one file."""
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"{folder}/{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def file_digest(path: Path | None, source_digests: SourceDigests | None = None) -> str | None:
    """The sha256 of a file's bytes (None for no file): a photo edited in place gets a new digest.
    With the build's `source_digests`, a file it knows unchanged is not read again."""
    if path is None:
        return None
    return (source_digests if source_digests is not None else SourceDigests()).of(path)


def _mtime_ns(path: Path) -> int | None:
    """The file's mtime, None when it is not there."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns if stat.S_ISREG(status.st_mode) else None


def require_unique_keys(keys: Iterable[str]) -> None:
    """Keys name the results: two jobs under one key would silently lose one."""
    doubles = sorted(key for key, count in Counter(keys).items() if count > 1)
    if doubles:
        raise ValueError(f"the same key given twice: {', '.join(doubles)}")


def fill(
    tasks: Mapping[str, Task],
    suffixes: Sequence[str],
    draw: Callable[[Path, Task], None],
    out_dir: Path | None,
    cache_dir: Path,
    workers: int,
    prepare: Callable[[Mapping[str, Task], Path], Mapping[str, Task]] | None = None,
    check: Callable[[Mapping[str, Task]], None] | None = None,
) -> None:
    """Put `out_dir/<name><suffix>` in place for every name in `tasks`, drawing only what `cache_dir` lacks.

    With no `out_dir` the drawings stay where they are, `cached_file(cache_dir, name, suffix)`: a
    build publishes them from there (hard links of the same files), not from links of its own.

    `draw(stem, task)` writes `<stem><suffix>` for each suffix; it must be a module-level function,
    as it runs in worker processes when many drawings are missing. `prepare(missing, work_dir)`, when
    given, does once what all the missing drawings share (in `work_dir`, gone after drawing) and
    returns the tasks to draw. `check(missing)`, when given, may refuse them before anything is drawn
    (the font's glyphs): what the cache holds passed it when it was drawn, its name standing for its texts.
    """
    # A site of 10,000 stories asks for over 15,000 drawings, nearly all cached: one stat and one
    # stamp each (and one link into `out_dir`), no more.
    mtimes = {(name, suffix): _mtime_ns(cached_file(cache_dir, name, suffix))
              for name in tasks for suffix in suffixes}
    missing = [name for name in tasks if any(mtimes[name, suffix] is None for suffix in suffixes)]
    if missing:
        drawn = {name: tasks[name] for name in missing}
        if check is not None:
            check(drawn)
        _draw_into_cache(drawn, suffixes, draw, cache_dir, workers, prepare)
        mtimes.update({(name, suffix): None for name in missing for suffix in suffixes})  # drawn anew
    now = time.time_ns()
    folders: set[Path] = set()
    for (name, suffix), mtime_ns in mtimes.items():
        cached = cached_file(cache_dir, name, suffix)
        stamp_used(cached, now, mtime_ns)
        if out_dir is not None:
            _install(cached, cached_file(out_dir, name, suffix), folders)


def _draw_into_cache(
    tasks: Mapping[str, Task],
    suffixes: Sequence[str],
    draw: Callable[[Path, Task], None],
    cache_dir: Path,
    workers: int,
    prepare: Callable[[Mapping[str, Task], Path], Mapping[str, Task]] | None = None,
) -> None:
    """Draw beside the cache and rename each finished drawing in.

    An interrupted build leaves no half-written file in the cache, and keeps what it finished:
    a build that fails on one drawing does not redo the others next time.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".drawing-"))
    finished: list[str] = []
    try:
        if prepare is not None:
            tasks = prepare(tasks, staging)
        jobs = [(draw, staging, name, task) for name, task in tasks.items()]
        for name in in_workers(_draw_one, jobs, workers, _POOL_FROM):
            finished.append(name)
    finally:
        for name in finished:
            for suffix in suffixes:
                target = cached_file(cache_dir, name, suffix)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(cached_file(staging, name, suffix), target)
        shutil.rmtree(staging, ignore_errors=True)


def in_workers(function: Callable[[Item], Made], items: Sequence[Item], workers: int,
               pool_from: int) -> Iterator[Made]:
    """`function` of each item, in order, as they are done: here, or from `pool_from` items on in up to
    `workers` processes (one for each `pool_from` items). `function` is sent by name: a module's own."""
    if workers > 1 and len(items) >= pool_from:
        workers = min(workers, os.cpu_count() or 1, math.ceil(len(items) / pool_from))
        chunksize = math.ceil(len(items) / (workers * _CHUNKS_PER_WORKER))
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
            yield from pool.map(function, items, chunksize=chunksize)
    else:
        yield from map(function, items)


def pool_context() -> multiprocessing.context.BaseContext:
    """fork while this process runs no other thread, else forkserver.

    A forked worker starts at once with the modules and the font already loaded; a forkserver
    worker first imports the main module again (build.py and all of Haoren: about 0.5 s each).
    But forking a process that runs threads (mkdocs serve) can hang on a lock held by another thread.
    """
    if can_fork():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver")


def _draw_one(job: Job) -> str:
    draw, staging, name, task = job
    stem = staging / name
    stem.parent.mkdir(parents=True, exist_ok=True)
    draw(stem, task)
    return name


def cached_file(folder: Path, name: str, suffix: str) -> Path:
    """Where `fill` keeps the drawing `name` with `suffix` under `folder` (the cache, or its out_dir)."""
    return folder / f"{name}{suffix}"


def _install(source: Path, target: Path, folders: set[Path]) -> None:
    """Hard-link (or, across file systems, copy) a cached file into the site being built.

    `folders` are the target folders made so far. A new file is linked in one step; one already
    there (a second fill into the same folder) is replaced in one rename.
    """
    if target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
    try:
        os.link(source, target)
        return
    except FileExistsError:
        if os.path.samefile(source, target):
            return
    except OSError:
        pass
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)
