"""The build cache's kept values and use stamps (haoren/cachefile.py)."""

from __future__ import annotations

import os
from pathlib import Path

from haoren.cachefile import keep_only, mark_used, pickled, read_kept


def test_a_kept_value_reads_back_and_replaces_the_other_pickles_of_its_folder(tmp_path: Path) -> None:
    keep_only(tmp_path / "kept" / "old.pickle", {"a": 1})
    keep_only(tmp_path / "kept" / "new.pickle", {"b": 2})
    assert read_kept(tmp_path / "kept" / "new.pickle") == {"b": 2}
    assert sorted(path.name for path in (tmp_path / "kept").iterdir()) == ["new.pickle"]


def test_a_damaged_or_missing_value_reads_as_none(tmp_path: Path) -> None:
    (tmp_path / "half.pickle").write_bytes(b"\x80\x05\x95")
    assert read_kept(tmp_path / "half.pickle") is None
    assert read_kept(tmp_path / "missing.pickle") is None


def test_a_used_file_gets_a_new_access_time_and_keeps_its_modification_time(tmp_path: Path) -> None:
    used = tmp_path / "card.jpg"
    used.write_bytes(b"jpeg")
    os.utime(used, ns=(1_000_000_000, 2_000_000_000))
    mark_used(used, tmp_path / "gone.jpg")  # a file gone meanwhile is no error
    status = os.stat(used)
    assert status.st_mtime_ns == 2_000_000_000  # the published site/ links it: a new mtime reads as a hand edit
    assert status.st_atime_ns > 1_000_000_000


def test_paths_under_the_site_folder_are_kept_by_their_place_and_read_back_under_the_reading_site(
        tmp_path: Path) -> None:
    before, after = tmp_path / "checkout-1", tmp_path / "checkout-2"
    kept = {"photo": before / "stories" / "2024" / "photo.jpg", "font": Path("/usr/share/fonts/noto.ttc")}
    keep_only(tmp_path / "kept" / "value.pickle", kept, before)
    assert read_kept(tmp_path / "kept" / "value.pickle", after) == {
        "photo": after / "stories" / "2024" / "photo.jpg", "font": Path("/usr/share/fonts/noto.ttc")}
    # Read without a site folder, a kept place cannot be made a path: the value is not used.
    assert read_kept(tmp_path / "kept" / "value.pickle") is None


def test_a_pickle_for_a_digest_is_the_same_wherever_the_site_folder_is(tmp_path: Path) -> None:
    def photo_in(site: Path) -> object:
        return ("a story", site / "stories" / "photo.jpg")

    a, b, ab, bb = (tmp_path / name for name in ("a", "b", "ab", "bb"))
    assert pickled(photo_in(a), a) == pickled(photo_in(b), b)
    assert pickled(photo_in(a), None) != pickled(photo_in(b), None)
    # A folder whose name merely starts like the site's is not under it.
    assert pickled(photo_in(ab), a) != pickled(photo_in(bb), b)


def test_a_pickle_for_a_digest_is_the_same_however_equal_parts_are_shared(tmp_path: Path) -> None:
    # A site model built from files checked anew, and one from the check's cache, hold equal values
    # whose parts are one object in one and two in the other.
    district = "".join(["潍城", "区"])
    once = {"honoree": district, "story": district}
    twice = {"honoree": "".join(["潍城", "区"]), "story": "".join(["潍城", "区"])}
    assert once == twice and once["honoree"] is once["story"] and twice["honoree"] is not twice["story"]
    assert pickled(once, tmp_path) == pickled(twice, tmp_path)
    assert pickled(once, None) == pickled(twice, None)
    assert pickled(once, None) != pickled({**once, "story": "奎文区"}, None)
