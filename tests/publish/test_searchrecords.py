"""The records Pagefind reads: written as HTML files, and written again only where a record changed."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from haoren.cachefile import WHOLE
from haoren.publish.searchrecords import write_records
from haoren.render.search import SearchRecord

from ..factories import make_page


def story(n: int, text: str = "刘海涛带队献血。") -> SearchRecord:
    return SearchRecord(url=f"/stories/s{n}/", title=f"第{n}篇", kind="故事",
                        page=make_page(f"<h1>第{n}篇</h1><p>{text}</p>"), day="2020年3月25日", year="2020")


def write(records, pages: Path) -> None:
    write_records(records, pages)


def files_of(pages: Path) -> dict[str, tuple[str, int, int]]:
    """Each file's text, inode and modification time."""
    found = {}
    for path in sorted(pages.rglob("*.html")):
        status = path.stat()
        found[path.relative_to(pages).as_posix()] = (path.read_text(encoding="utf-8"), status.st_ino, status.st_mtime_ns)
    return found


def made_documents(monkeypatch) -> list[str]:
    """The URLs of the records whose document is made from now on."""
    made: list[str] = []
    real = SearchRecord.document
    monkeypatch.setattr(SearchRecord, "document", lambda record: made.append(record.url) or real(record))
    return made


def test_each_record_is_a_file_named_by_its_url(tmp_path):
    pages = tmp_path / "pages"
    write([story(1), story(2)], pages)
    files = files_of(pages)
    assert sorted(files) == ["stories/s1/index.html", "stories/s2/index.html"]
    assert files["stories/s1/index.html"][0] == story(1).document()


def test_a_second_write_makes_only_the_changed_record_and_leaves_the_other_files(tmp_path, monkeypatch):
    pages = tmp_path / "pages"
    write([story(1), story(2), story(3)], pages)
    before = files_of(pages)
    made = made_documents(monkeypatch)
    write([story(1), story(2, "刘海涛带队献血，二十年。"), story(3)], pages)
    after = files_of(pages)
    assert made == ["/stories/s2/"]
    assert "二十年" in after["stories/s2/index.html"][0]
    assert after["stories/s1/index.html"] == before["stories/s1/index.html"]
    assert after["stories/s3/index.html"] == before["stories/s3/index.html"]


def test_a_gone_record_loses_its_file(tmp_path):
    pages = tmp_path / "pages"
    write([story(1), story(2)], pages)
    write([story(1)], pages)
    assert sorted(files_of(pages)) == ["stories/s1/index.html"]


def test_a_file_changed_or_removed_since_is_written_again(tmp_path):
    pages = tmp_path / "pages"
    write([story(1), story(2)], pages)
    changed = pages / "stories/s1/index.html"
    changed.write_text("<html>changed by hand</html>", encoding="utf-8")
    os.utime(changed, ns=(1, 1))
    (pages / "stories/s2/index.html").unlink()
    write([story(1), story(2)], pages)
    files = files_of(pages)
    assert files["stories/s1/index.html"][0] == story(1).document()
    assert files["stories/s2/index.html"][0] == story(2).document()


def test_a_record_changed_in_what_results_show_is_written_again(tmp_path):
    pages = tmp_path / "pages"
    write([story(1)], pages)
    write([dataclasses.replace(story(1), day="2020年3月26日")], pages)
    assert "2020年3月26日" in files_of(pages)["stories/s1/index.html"][0]


def test_a_damaged_list_compares_every_file_and_loses_nothing(tmp_path, monkeypatch):
    pages = tmp_path / "pages"
    write([story(1), story(2)], pages)
    before = files_of(pages)
    (pages / WHOLE).write_text("{not json", encoding="utf-8")
    made = made_documents(monkeypatch)
    write([story(1), story(2)], pages)
    assert made == ["/stories/s1/", "/stories/s2/"]
    assert files_of(pages) == before  # the same bytes: left as they were
    made.clear()
    write([story(1), story(2)], pages)
    assert made == []  # listed again
