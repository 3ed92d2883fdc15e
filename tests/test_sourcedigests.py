"""Digests of the site's files, read once and then known by their status (haoren/sourcedigests.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from haoren import sourcedigests
from haoren.sourcedigests import SourceDigests


def settled(path: Path, data: bytes) -> Path:
    """`path` written with `data`; the tests that use it take no write as recent (`long_ago`)."""
    path.write_bytes(data)
    return path


@pytest.fixture
def long_ago(monkeypatch) -> None:
    """Every file as if written long before: a test cannot wait for its ctime to age."""
    monkeypatch.setattr(sourcedigests, "RECENT_NS", -1)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files the digests read, in order."""
    read: list[str] = []
    real = hashlib.file_digest

    def counting(file, algorithm):
        read.append(file.name)
        return real(file, algorithm)

    monkeypatch.setattr(sourcedigests.hashlib, "file_digest", counting)
    return read


def test_a_file_unchanged_since_the_last_build_is_not_read_again(tmp_path, reads, long_ago):
    photo = settled(tmp_path / "photo.jpg", b"jpeg bytes")
    first = SourceDigests.from_cache(tmp_path / "cache")
    assert first.of(photo) == hashlib.sha256(b"jpeg bytes").hexdigest()
    first.keep(tmp_path / "cache")
    second = SourceDigests.from_cache(tmp_path / "cache")
    assert second.of(photo) == hashlib.sha256(b"jpeg bytes").hexdigest()
    assert reads == [str(photo)]


def test_a_moved_site_folder_reads_none_of_its_unchanged_files_again(tmp_path, reads, long_ago):
    # Renaming a folder leaves its files' inodes and times as they were.
    (tmp_path / "checkout-1" / "stories").mkdir(parents=True)
    settled(tmp_path / "checkout-1" / "stories" / "photo.jpg", b"jpeg bytes")
    first = SourceDigests.from_cache(tmp_path / "checkout-1" / ".haoren-cache")
    first.of(tmp_path / "checkout-1" / "stories" / "photo.jpg")
    first.keep(tmp_path / "checkout-1" / ".haoren-cache")
    moved = (tmp_path / "checkout-1").rename(tmp_path / "checkout-2")
    second = SourceDigests.from_cache(moved / ".haoren-cache")
    assert second.of(moved / "stories" / "photo.jpg") == hashlib.sha256(b"jpeg bytes").hexdigest()
    assert reads == [str(tmp_path / "checkout-1" / "stories" / "photo.jpg")]


def test_a_file_rewritten_with_the_same_size_and_times_is_read_again(tmp_path, reads, long_ago):
    # Its ctime moved: no tool sets that back, whatever it does to the mtime.
    photo = settled(tmp_path / "photo.jpg", b"jpeg bytes")
    before = photo.stat()
    first = SourceDigests()
    first.of(photo)
    photo.write_bytes(b"JPEG BYTES")
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = SourceDigests(first.used)
    if photo.stat().st_ctime_ns == before.st_ctime_ns:
        pytest.fail("the file system kept the ctime of a rewritten file")
    assert second.of(photo) == hashlib.sha256(b"JPEG BYTES").hexdigest()
    assert reads == [str(photo), str(photo)]


def test_a_file_changed_just_now_is_read_again_next_time(tmp_path, reads):
    # A second write within the same tick of its clock would leave its times as they were.
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"jpeg bytes")
    first = SourceDigests()
    first.of(photo)
    assert str(photo) not in first.used
    SourceDigests(first.used).of(photo)
    assert reads == [str(photo), str(photo)]


def test_the_kept_digests_forget_files_the_build_did_not_ask_for(tmp_path, long_ago):
    kept = [settled(tmp_path / f"{name}.jpg", name.encode()) for name in ("a", "b")]
    first = SourceDigests()
    for path in kept:
        first.of(path)
    first.keep(tmp_path / "cache")
    second = SourceDigests.from_cache(tmp_path / "cache")
    second.of(kept[0])
    second.keep(tmp_path / "cache")
    assert list(SourceDigests.from_cache(tmp_path / "cache")._kept) == [str(kept[0])]


def test_a_damaged_kept_file_means_every_file_is_read(tmp_path, reads):
    photo = settled(tmp_path / "photo.jpg", b"jpeg bytes")
    (tmp_path / "cache" / "source-digests").mkdir(parents=True)
    (tmp_path / "cache" / "source-digests" / "digests.pickle").write_bytes(b"\x80\x05garbage")
    assert SourceDigests.from_cache(tmp_path / "cache").of(photo) == hashlib.sha256(b"jpeg bytes").hexdigest()
    assert reads == [str(photo)]


def test_a_build_after_an_edit_reads_none_of_the_sites_photos_and_a_replaced_photo_gets_a_new_card(
        tmp_path, reads, long_ago):
    import build

    from .sample_site import copy_sample_site

    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    command = ["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]
    assert build.main(command) == 0
    page = out / "stories" / "li-jianguo-hongmajia" / "index.html"
    card = page.read_text(encoding="utf-8").split('property="og:image" content="', 1)[1].split('"', 1)[0]
    story = site / "stories/2020/li-jianguo-hongmajia.md"
    story.write_text(story.read_text(encoding="utf-8").replace("红马甲", "红马甲队", 1), encoding="utf-8")
    reads.clear()
    assert build.main(command) == 0
    # Of the site's files (Haoren's own code is read for the check's key), the edited story and no
    # photo. A captions file is read again: it is published as a hard link of itself, which moves
    # its ctime; it is a few hundred bytes.
    read = sorted(Path(path).relative_to(site).as_posix() for path in reads if path.startswith(str(site)))
    assert read == ["content/videos/li-jianguo-sample.vtt", "stories/2020/li-jianguo-hongmajia.md"]
    # The cover replaced (a newer photo of the same size): the story's card is drawn from it anew.
    cover = site / "content/images/cover-zhiyuan-fuwu.jpg"
    data = bytearray(cover.read_bytes())
    data[-3] ^= 0xFF  # within the JPEG's last bytes, before its end marker
    cover.write_bytes(bytes(data))
    assert build.main(command) == 0
    assert str(cover) in reads
    assert card not in page.read_text(encoding="utf-8")
