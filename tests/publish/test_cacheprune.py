"""Pruning .haoren-cache/: files no recent build used go, then the least recently used above the size limit."""

from __future__ import annotations

import json
import os
from pathlib import Path

import build
from haoren import sourcedigests
from haoren.publish.cacheprune import BUILDS_KEPT, LOG_NAME, SIZES_NAME, prune_cache

from ..sample_site import copy_sample_site
from ..site_folder import SETTINGS, problems

MB = 1 << 20


def cached(cache: Path, rel: str, used_at: float, size: int = 10) -> Path:
    path = cache / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (used_at, used_at))
    return path


def names(cache: Path) -> list[str]:
    return sorted(path.relative_to(cache).as_posix() for path in cache.rglob("*") if path.is_file())


def test_files_unused_by_the_last_builds_are_removed(tmp_path):
    cache = tmp_path / ".haoren-cache"
    cached(cache, "cards/old.jpg", 50)
    cached(cache, "cards/second.jpg", 150)
    cached(cache, "image-renditions/third.json", 250)
    for started in (100, 200, 300):
        prune_cache(cache, started, limit_mb=2048)
    assert names(cache) == ["builds.json", "cards/second.jpg", "image-renditions/third.json"]
    prune_cache(cache, 400, limit_mb=2048)  # now the last three builds began at 200, 300 and 400
    assert names(cache) == ["builds.json", "image-renditions/third.json"]
    assert json.loads((cache / LOG_NAME).read_text()) == [200, 300, 400] and BUILDS_KEPT == 3
    assert not (cache / "cards").exists()  # an emptied folder goes too


def test_a_folder_used_whole_is_kept_by_its_list_and_removed_whole(tmp_path):
    # A kept search index: a build stamps its .complete alone, not each of its thousand files.
    cache = tmp_path / ".haoren-cache"
    used = cached(cache, "search-index/zh-cn/.shards/2021/kept/.complete", 350)
    cached(cache, "search-index/zh-cn/.shards/2021/kept/fragment/a.pf_fragment", 50)
    cached(cache, "search-index/zh-cn/.shards/2020/old/.complete", 150)
    cached(cache, "search-index/zh-cn/.shards/2020/old/index/b.pf_index", 50)
    cached(cache, "search-index/zh-cn/.shards/2020/.records/stories/b/index.html", 350)
    pruned = prune_cache(cache, 200, limit_mb=2048)
    assert (pruned.files, pruned.bytes) == (1, 20)  # one folder of two files of 10 bytes
    for started in (300, 400):
        prune_cache(cache, started, limit_mb=2048)
    records = "search-index/zh-cn/.shards/2020/.records/stories/b/index.html"  # files, one by one
    assert names(cache) == ["builds.json", records, "search-index/zh-cn/.shards/2021/kept/.complete",
                            "search-index/zh-cn/.shards/2021/kept/fragment/a.pf_fragment", SIZES_NAME]
    assert not (cache / "search-index/zh-cn/.shards/2020/old").exists()
    os.utime(used, (250, 250))  # used by none of the last three builds (300, 400, 500)
    prune_cache(cache, 500, limit_mb=2048)
    assert names(cache) == ["builds.json", records]  # no folder used whole is left to keep the size of
    assert not (cache / "search-index/zh-cn/.shards/2021").exists()


def rewritten(marker: Path, used_at: float) -> None:
    """The folder's list written anew, as its writer does after a change (a new file put in place)."""
    fresh = marker.with_name(".fresh")
    fresh.write_bytes(marker.read_bytes())
    os.utime(fresh, (used_at, used_at))
    os.replace(fresh, marker)


def test_a_whole_folder_counts_its_size_as_its_list_was_last_written(tmp_path):
    # Its size is summed once and kept while its list is the same file: at 10,000 stories, summing the
    # search index's 27,000 files in every build was three quarters of the walk.
    cache = tmp_path / ".haoren-cache"
    folder = "search-index/zh-cn/.shards/2021/.records"
    marker = cached(cache, f"{folder}/.complete", 150)
    cached(cache, f"{folder}/a/index.html", 150, MB)
    cached(cache, "this-build", 305, MB)
    assert prune_cache(cache, 100, limit_mb=3).kept_bytes == 2 * MB + 10
    kept = json.loads((cache / SIZES_NAME).read_text())
    assert list(kept) == [folder] and kept[folder][2] == MB + 10
    cached(cache, f"{folder}/b/index.html", 150, 2 * MB)  # put there by hand: its list does not say
    assert prune_cache(cache, 200, limit_mb=3).kept_bytes == 2 * MB + 10
    rewritten(marker, 150)  # what its writer does after a change: the same times, a new file
    pruned = prune_cache(cache, 300, limit_mb=3)  # 4 MB now: over the limit, the folder goes whole
    assert (pruned.files, pruned.bytes, pruned.kept_bytes) == (1, 3 * MB + 10, MB)
    assert names(cache) == ["builds.json", "this-build"]  # and with it the last whole folder's size


def test_a_damaged_list_of_sizes_is_summed_again_and_written_anew(tmp_path):
    cache = tmp_path / ".haoren-cache"
    folder = "search-index/zh-cn/.shards/2021/.records"
    cached(cache, f"{folder}/.complete", 150)
    cached(cache, f"{folder}/a/index.html", 150, MB)
    for damaged in ("not json", "[1, 2]", json.dumps({folder: [1, 2, "x"]}), json.dumps({folder: 7})):
        (cache / SIZES_NAME).write_text(damaged)
        assert prune_cache(cache, 100, limit_mb=3).kept_bytes == MB + 10, damaged
        assert json.loads((cache / SIZES_NAME).read_text())[folder][2] == MB + 10


def test_the_size_limit_removes_the_least_recently_used_but_never_what_this_build_used(tmp_path):
    cache = tmp_path / ".haoren-cache"
    cached(cache, "a", 110, MB)
    cached(cache, "b", 120, MB)
    cached(cache, "c", 130, MB)
    cached(cache, "this-build-1", 210, MB)
    cached(cache, "this-build-2", 220, MB)
    pruned = prune_cache(cache, 100, limit_mb=100)
    assert pruned.files == 0
    pruned = prune_cache(cache, 200, limit_mb=3)
    assert names(cache) == ["builds.json", "c", "this-build-1", "this-build-2"]
    assert (pruned.files, pruned.bytes) == (2, 2 * MB)
    prune_cache(cache, 205, limit_mb=1)  # over the limit with this build's files alone: they stay
    assert names(cache) == ["builds.json", "this-build-1", "this-build-2"]


def test_a_build_prunes_its_cache_and_keeps_what_it_used(tmp_path, monkeypatch):
    # The site was copied just now: the first build would keep no file's digest (sourcedigests.RECENT_NS)
    # and the second would add them.
    monkeypatch.setattr(sourcedigests, "RECENT_NS", -1)
    site = copy_sample_site(tmp_path / "site")
    stale = cached(site / ".haoren-cache", "cards/0123456789abcdef.jpg", 1_000_000)  # 1970: no build used it
    arguments = ["build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2024-01-01"]
    assert build.main(arguments) == 0
    assert not stale.exists()
    kept = names(site / ".haoren-cache")
    assert any(name.startswith("image-renditions/") for name in kept)
    assert any(name.startswith("cards/") for name in kept)
    assert any(name.startswith("image-verdicts/") for name in kept)
    assert build.main(arguments) == 0  # a warm build keeps every file it used
    assert names(site / ".haoren-cache") == kept


def test_the_size_limit_is_a_setting_of_whole_megabytes(tmp_path):
    assert problems(tmp_path, {"content/site.yml": SETTINGS + "cache_limit_mb: 0\n"}) == [
        'content/site.yml:7: cache_limit_mb: "0" is too small; at least 1']
    assert problems(tmp_path, {"content/site.yml": SETTINGS + "cache_limit_mb: 500\n"}) == []
