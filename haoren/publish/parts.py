"""Rendering a big site in parts on both cores, each part in a fresh worker."""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

Part = TypeVar("Part")
PARALLEL_FROM = 400  # pages: below this, starting a worker (imports MkDocs, about a second) costs more than it saves
# pages: at most this many a part. MkDocs holds every page it rendered until its build ends: a part of
# 16,000 pages (a cold build of both editions at 10,000 stories) grew its worker to 610 MB, two of them
# beside the build's own process.
PART_PAGES = 4000


def part_count(pages: int, workers: int | None = None) -> int:
    """How many parts to render `pages` in: one for a small site, else at least one per core (at most
    two cores) and at most PART_PAGES pages each."""
    cores = workers or _cores()
    return 1 if pages < PARALLEL_FROM else max(cores, math.ceil(pages / PART_PAGES))


def split(items: Sequence[Part], parts: int) -> list[list[Part]]:
    """Every item once, dealt in turn, so each part gets stories and lists alike."""
    return [list(items[start::parts]) for start in range(parts)]


def run_parts(render: Callable[[Part], None], count: int, make_part: Callable[[int], Part],
              workers: int | None = None) -> None:
    """`render` parts 0 to `count` - 1: a lone part here, several each in a spawned worker of its own (a
    clean process: no copy of our pages), on `workers` cores (by default one per core, at most two) at a time.
    Rendered here, a part of thousands of pages left MkDocs' objects in this process's heap: 150 MB
    more in the largest process of a cold build at 10,000 stories, which waits for its workers instead.
    A worker renders one part and ends, so its memory is one part's. An exception in any part is raised
    here, after every part has ended.
    `make_part(number)` makes a part (stages its pages) once the parts before it are handed out: at
    10,000 stories staging all four parts first took 8 s while the other core waited.
    """
    if count <= 1:
        for number in range(count):
            render(make_part(number))
        return
    context = multiprocessing.get_context("spawn")
    # One task a worker, never more: above one, the executor of Python 3.11 to 3.15 can stop replacing
    # the workers that end and hang on the parts left (cpython gh-115634). At one, each worker's end
    # starts its replacement.
    with ProcessPoolExecutor(min(count, workers or _cores()), mp_context=context,
                             max_tasks_per_child=1) as pool:
        # Leaving the pool waits for every part handed out, whatever was raised.
        for rendered in [pool.submit(render, make_part(number)) for number in range(count)]:
            rendered.result()


def _cores() -> int:
    return min(2, len(os.sched_getaffinity(0)))


def merge_trees(parts: Sequence[Path], into: Path, placed: Callable[[str], None] | None = None) -> None:
    """Move every file of the later parts into the first one, then put it at `into`.

    Files both parts wrote (the theme's assets, the nav's pages, 404.html) are the same bytes:
    the first part's copy stays. With `placed`, `into` is a tree being updated (publish/kept.py):
    each file is renamed over what is there, and `placed` is told its site path. MkDocs' own
    sitemap files never go in: ours ship instead.
    """
    if placed is not None:
        _merge_over(parts, into, placed)
        return
    first = parts[0]
    for other in parts[1:]:
        for folder, _, files in os.walk(other):
            target_folder = first / os.path.relpath(folder, other)
            target_folder.mkdir(parents=True, exist_ok=True)
            for name in files:
                target = target_folder / name
                if not target.exists():
                    os.rename(os.path.join(folder, name), target)
    for leftover in MKDOCS_SITEMAPS:
        (first / leftover).unlink(missing_ok=True)
    os.rename(first, into)


MKDOCS_SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


def _merge_over(parts: Sequence[Path], into: Path, placed: Callable[[str], None]) -> None:
    done: set[str] = set()
    for part in parts:
        for folder, _, files in os.walk(part):
            relative = os.path.relpath(folder, part)
            prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
            for name in files:
                path = prefix + name
                if path in done or path in MKDOCS_SITEMAPS:
                    continue
                target = into / path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(os.path.join(folder, name), target)  # a new entry: the kept file's inode is left alone
                done.add(path)
                placed(path)
