"""Rendering in parts on both cores writes the very tree one MkDocs run writes."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

from haoren import pipeline
from haoren.clock import SHANGHAI
from haoren.publish import parts

from ..sample_site import copy_sample_site, tree_hashes

NOW = datetime(2024, 1, 1, tzinfo=SHANGHAI)


def test_two_parts_write_the_same_site_as_one(tmp_path: Path, monkeypatch):
    site = copy_sample_site(tmp_path / "site-folder")
    pipeline.build(site, NOW, tmp_path / "one", incremental=False)
    monkeypatch.setattr(parts, "PARALLEL_FROM", 10)  # the sample site's 246 pages then go in two parts
    assert parts.part_count(112, workers=2) == 2
    pipeline.build(site, NOW, tmp_path / "two", incremental=False)
    assert tree_hashes(tmp_path / "two") == tree_hashes(tmp_path / "one")


def test_parts_of_at_most_part_pages_write_the_same_site_as_one(tmp_path: Path, monkeypatch):
    site = copy_sample_site(tmp_path / "site-folder")
    pipeline.build(site, NOW, tmp_path / "one", incremental=False)
    monkeypatch.setattr(parts, "PARALLEL_FROM", 10)
    monkeypatch.setattr(parts, "PART_PAGES", 30)  # the sample site's pages then go in more parts than cores
    assert parts.part_count(112, workers=2) == 4 and parts.part_count(112, workers=1) == 4
    pipeline.build(site, NOW, tmp_path / "many", incremental=False)
    assert tree_hashes(tmp_path / "many") == tree_hashes(tmp_path / "one")


def test_a_part_count_follows_the_cores_and_the_pages():
    assert parts.part_count(parts.PARALLEL_FROM - 1, workers=2) == 1
    assert parts.part_count(parts.PARALLEL_FROM, workers=2) == 2
    assert parts.part_count(parts.PART_PAGES * 2, workers=2) == 2
    assert parts.part_count(parts.PART_PAGES * 2 + 1, workers=2) == 3
    assert parts.part_count(parts.PART_PAGES * 8, workers=2) == 8


def test_split_deals_every_item_once():
    items = list(range(11))
    dealt = parts.split(items, 2)
    assert dealt == [[0, 2, 4, 6, 8, 10], [1, 3, 5, 7, 9]]
    assert parts.split(items, 1) == [items]


def note_process(folder: Path) -> None:
    """A part's render, run in a spawned worker: it says which process it ran in."""
    (folder / f"{os.getpid()}.pid").touch()


def test_several_parts_render_in_workers_and_none_in_this_process(tmp_path: Path):
    # The process that renders a part keeps MkDocs' objects for thousands of pages in its heap after.
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    parts.run_parts(note_process, len(folders), folders.__getitem__)
    pids = [int(path.stem) for folder in folders for path in folder.glob("*.pid")]
    assert len(pids) == 2 and os.getpid() not in pids


def test_each_part_renders_in_a_worker_of_its_own_when_there_are_more_parts_than_cores(tmp_path: Path):
    # A worker that rendered one part would hold its MkDocs objects while it rendered the next.
    folders = [tmp_path / name for name in "abcde"]
    for folder in folders:
        folder.mkdir()
    parts.run_parts(note_process, len(folders), folders.__getitem__, workers=2)
    pids = [int(path.stem) for folder in folders for path in folder.glob("*.pid")]
    assert len(pids) == 5 and len(set(pids)) == 5 and os.getpid() not in pids


def test_a_part_is_made_while_the_one_before_it_renders(tmp_path: Path):
    """Staging a part waits for no other: the first part's worker runs while the second is made."""
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()

    def make_part(number: int) -> Path:
        if number == 1:  # made only after the first part's worker has started rendering it
            deadline = time.monotonic() + 60
            while not list(folders[0].glob("*.pid")):
                assert time.monotonic() < deadline, "the second part was made before the first was rendered"
                time.sleep(0.05)
        return folders[number]

    parts.run_parts(note_process, 2, make_part, workers=2)
    assert all(list(folder.glob("*.pid")) for folder in folders)
