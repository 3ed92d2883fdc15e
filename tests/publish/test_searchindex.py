"""The Pagefind index: written from the records alone, with Chinese words, and published under /pagefind/."""

from __future__ import annotations

import json

import build
from haoren.publish.searchindex import UNUSED, index_files
from haoren.render.search import SearchRecord

from ..sample_site import copy_sample_site


def record(url: str, title: str, text: str) -> SearchRecord:
    return SearchRecord(url=url, title=title, kind="故事", content_html=f"<h1>{title}</h1><p>{text}</p>",
                        districts=("奎文区",), day="2020年3月25日", year="2020")


def test_the_index_holds_every_record_and_only_the_files_the_search_page_uses(tmp_path):
    records = [record("/stories/a/", "无偿献血", "刘海涛带队献血。"), record("/stories/b/", "红马甲", "李建国在路口。")]
    files = index_files(records, "zh", tmp_path)
    entry = json.loads(files["pagefind/pagefind-entry.json"].read_bytes())
    assert entry["languages"]["zh-cn"]["page_count"] == 2
    assert {"pagefind/pagefind.js", "pagefind/pagefind-worker.js"} <= files.keys()
    assert any(name.startswith("pagefind/index/") for name in files)
    assert any(name.startswith("pagefind/fragment/") for name in files)
    assert not {name.rsplit("/", 1)[-1] for name in files} & UNUSED
    assert all(path.is_file() and path.is_relative_to(tmp_path) for path in files.values())


def test_the_same_records_give_the_same_index_chunks(tmp_path):
    # Pagefind 1.5.2 writes its filter list in hash-map order: only the meta file (and its name in
    # the entry) can differ between two cold runs; the kept index makes rebuilds byte-identical.
    records = [record("/stories/a/", "无偿献血", "刘海涛带队献血。"), record("/stories/b/", "红马甲", "李建国。")]

    def chunks(folder):
        return {name: path.read_bytes() for name, path in index_files(records, "zh", folder).items()
                if not name.endswith((".pf_meta", "pagefind-entry.json"))}

    first = chunks(tmp_path / "1")
    assert any(name.endswith(".pf_index") for name in first)
    assert chunks(tmp_path / "2") == first


def test_the_built_site_publishes_the_index_of_its_published_items(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    # 12 stories, 17 honorees, 2 campaigns, 2 topics and 2 hand-written pages were published then.
    assert entry["languages"]["zh-cn"]["page_count"] == 12 + 17 + 2 + 2 + 2
    assert (out / "search" / "index.html").is_file()
    assert "/search/" not in (out / "sitemap.xml").read_text()


def test_unchanged_records_reuse_the_kept_index_and_a_change_indexes_again(tmp_path):
    cache = tmp_path / "cache"
    records = [record("/stories/a/", "无偿献血", "刘海涛带队献血。")]
    first = index_files(records, "zh", tmp_path / "1", cache)
    again = index_files(records, "zh", tmp_path / "2", cache)
    assert again.keys() == first.keys()
    assert {name: p.read_bytes() for name, p in again.items()} == {name: p.read_bytes() for name, p in first.items()}
    assert not (tmp_path / "2").exists()  # Pagefind did not run: the kept index was published
    changed = [record("/stories/a/", "无偿献血", "刘海涛带队献血，又一次。")]
    third = index_files(changed, "zh", tmp_path / "3", cache)
    assert all(path.is_relative_to(tmp_path / "3") for path in third.values())
    assert len(list((cache / "search-index").iterdir())) == 1  # only the last index is kept
