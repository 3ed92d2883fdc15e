"""The Pagefind index: written from the records alone, with Chinese words, and published under /pagefind/."""

from __future__ import annotations

import gzip
import json
import os
import threading
import time
from pathlib import Path

import build
from haoren import pipeline
from haoren.clock import read_clock
from haoren.publish import indexfolders
from haoren.publish import site as publish_site
from haoren.publish.cacheprune import BUILDS_KEPT, prune_cache
from haoren.publish.indexfolders import UNUSED
from haoren.publish.searchindex import index_files
from haoren.render.search import SearchRecord

from ..factories import make_page
from ..sample_site import copy_sample_site, names_once_old_trees_are_gone, tree_hashes


def record(url: str, title: str, text: str) -> SearchRecord:
    return SearchRecord(url=url, title=title, kind="故事", page=make_page(f"<h1>{title}</h1><p>{text}</p>"),
                        districts=("奎文区",), day="2020年3月25日", year="2020")


def indexed_text(bundle: Path) -> dict[str, str]:
    """URL -> the text Pagefind indexed for that page (its fragment's content, word separators removed)."""
    fragments = (json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
                 for path in (bundle / "fragment").glob("*.pf_fragment"))
    return {fragment["url"]: fragment["content"].replace("\u200b", "") for fragment in fragments}


def test_the_index_holds_every_record_and_only_the_files_the_search_page_uses(tmp_path):
    records = [record("/stories/a/", "无偿献血", "刘海涛带队献血。"), record("/stories/b/", "红马甲", "李建国在路口。")]
    files = index_files(records, "zh", tmp_path)
    entry = json.loads(files["pagefind/pagefind-entry.json"].read_bytes())
    assert entry["languages"]["zh-cn"]["page_count"] == 2
    assert {"pagefind/pagefind.js", "pagefind/wasm.unknown.pagefind"} <= files.keys()
    assert "pagefind/pagefind-worker.js" not in files  # search.js searches without Pagefind's worker
    assert any(name.startswith("pagefind/index/") for name in files)
    assert any(name.startswith("pagefind/fragment/") for name in files)
    assert not {name.rsplit("/", 1)[-1] for name in files} & UNUSED
    assert all(path.is_file() and path.is_relative_to(tmp_path) for path in files.values())


def test_the_same_records_give_the_same_files_byte_for_byte(tmp_path):
    # Pagefind keeps filter values in hash maps seeded per process: each run orders them anew, and names
    # its files after their content. Many values per filter make an unchanged order unlikely by chance.
    records = [SearchRecord(url=f"/stories/s{n}/", title=f"第{n}篇", kind="故事",
                            page=make_page(f"<h1>第{n}篇</h1><p>刘海涛带队献血。</p>"),
                            districts=(("奎文区", "潍城区", "寒亭区", "坊子区", "青州市")[n % 5],),
                            day="2020年3月25日", year=str(2010 + n % 11)) for n in range(40)]

    def files(folder):
        return {name: path.read_bytes() for name, path in index_files(records, "zh", folder).items()}

    first = files(tmp_path / "1")
    assert sum(name.endswith(".pf_filter") for name in first) == 3  # kind, district, year
    for run in (2, 3):
        assert files(tmp_path / str(run)) == first


def test_the_built_site_publishes_the_index_of_its_published_items(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    # 12 stories, 17 honorees, 2 campaigns, 2 topics and 2 hand-written pages were published then.
    assert entry["languages"]["zh-cn"]["page_count"] == 12 + 17 + 2 + 2 + 2
    assert (out / "search" / "index.html").is_file()
    assert "/search/" not in (out / "sitemap.xml").read_text()
    # The 繁體 edition: its own index of its own pages, and its own search page using it.
    entry = json.loads((out / "zh-hant" / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["zh-tw"]
    assert entry["languages"]["zh-tw"]["page_count"] == 12 + 17 + 2 + 2 + 2
    search_page = (out / "zh-hant" / "search" / "index.html").read_text()
    assert 'data-pagefind="/zh-hant/pagefind/pagefind.js"' in search_page
    assert 'data-query-map="/zh-hant/pagefind/query-map.json"' in search_page
    assert 'data-text-more="顯示更多結果"' in search_page
    assert "/zh-hant/search/" not in (out / "sitemap.xml").read_text()
    table = json.loads((out / "zh-hant" / "pagefind" / "query-map.json").read_text())
    assert table["献"] == "獻" and table["刘"] == "劉" and "高" not in table
    # What is indexed is each page's own text: not the reading time, the 【纠错】 link or the headings of
    # the lists of other pages (文中人物, 相关报道), which the pages show.
    text = indexed_text(out / "pagefind")
    story, honoree, campaign = ("/stories/zhao-minghui-chengxin-shouliang/", "/honorees/zhao-minghui/",
                                "/campaigns/zuimei-jiating-2020/")
    shown = {url: (out / url.strip("/") / "index.html").read_text() for url in (story, honoree, campaign)}
    assert all(word in shown[story] for word in ("阅读约", "【纠错】", "文中人物"))
    assert "相关报道" in shown[honoree] and "相关报道" in shown[campaign]
    assert "二十年来，他的地磅每年都主动送检" in text[story] and "2020年10月20日" in text[story]
    assert not [word for word in ("阅读约", "分钟", "纠错", "文中人物") if word in text[story]]
    assert "相关报道" not in text[honoree] and "所获荣誉" in text[honoree]
    assert "相关报道" not in text[campaign] and "评选结果" in text[campaign]


def test_pagefind_failing_while_the_pages_render_publishes_nothing_and_says_why(tmp_path, monkeypatch, capsys):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
    published, manifest = tree_hashes(out), (tmp_path / ".out.manifest.json").read_bytes()
    story = site / "stories" / "2020" / "zhao-minghui-chengxin-shouliang.md"
    story.write_text(story.read_text(encoding="utf-8").replace("二十年来", "二十多年来", 1), encoding="utf-8")
    broken = tmp_path / "pagefind"  # runs in the search thread while MkDocs renders the changed pages
    broken.write_text("#!/bin/sh\necho 'Error: out of memory' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(indexfolders, "get_executable", lambda: broken)
    capsys.readouterr()
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "build.py: search index: Pagefind failed (exit 3): Error: out of memory",
        "Nothing was published.",
    ]
    assert tree_hashes(out) == published and (tmp_path / ".out.manifest.json").read_bytes() == manifest
    assert names_once_old_trees_are_gone(tmp_path) == [".out.manifest.json", "out", "pagefind", "site"]
    monkeypatch.undo()
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
    assert "二十多年来" in (out / "stories" / "zhao-minghui-chengxin-shouliang" / "index.html").read_text()


def test_an_index_step_that_gives_no_kept_files_early_still_publishes(tmp_path, monkeypatch):
    """publish waits for the kept shards' files before Pagefind is done; an index step that never gives
    them (a wrapper, a failure before the shards) must not keep it waiting."""
    class Quiet(pipeline.SearchIndexes):
        def add(self, edition, pages, kept_files=None):
            super().add(edition, pages)  # gives nothing early

    monkeypatch.setattr(pipeline, "SearchIndexes", Quiet)
    site, out, said = copy_sample_site(tmp_path / "site"), tmp_path / "out", []
    building = threading.Thread(target=lambda: said.append(pipeline.build(site, read_clock("2020-12-15"), out,
                                                                          search_shard_above=10)), daemon=True)
    building.start()
    building.join(timeout=300)
    assert said and "Built" in said[0]
    assert (out / "pagefind" / "shards.json").is_file()


def test_pagefind_indexes_while_mkdocs_renders_the_pages(tmp_path, monkeypatch):
    site = copy_sample_site(tmp_path / "site")
    rendering, waited = tmp_path / "mkdocs-rendering", tmp_path / "pagefind-saw-mkdocs"
    # Pagefind waits (30 s at most) for MkDocs to start: run one after the other, it would wait in vain.
    program = tmp_path / "pagefind"
    program.write_text(
        "#!/bin/sh\ni=0\n"
        f"while [ ! -e '{rendering}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n"
        f"[ -e '{rendering}' ] && touch '{waited}'\n"
        f"exec '{indexfolders.get_executable()}' \"$@\"\n")
    program.chmod(0o755)
    monkeypatch.setattr(indexfolders, "get_executable", lambda: program)
    render = publish_site._render_in_parts

    def render_and_say_so(*arguments):
        rendering.touch()
        render(*arguments)

    monkeypatch.setattr(publish_site, "_render_in_parts", render_and_say_so)
    out = tmp_path / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
    assert waited.exists()
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh-cn"]["page_count"] == 12 + 17 + 2 + 2 + 2


def test_the_sites_own_edition_is_indexed_while_the_traditional_pages_are_made(tmp_path, monkeypatch):
    site = copy_sample_site(tmp_path / "site")  # both editions
    indexing = tmp_path / "pagefind-indexing-zh-cn"
    program = tmp_path / "pagefind"
    program.write_text(f"#!/bin/sh\ncase \"$*\" in *zh-cn*) touch '{indexing}';; esac\n"
                       f"exec '{indexfolders.get_executable()}' \"$@\"\n")
    program.chmod(0o755)
    monkeypatch.setattr(indexfolders, "get_executable", lambda: program)
    generate, saw = pipeline.generate_pages, []

    def generate_once_indexing(site_model, context, memo=None, **options):
        # The 繁體 pages wait (30 s at most) for the own edition's Pagefind: indexed only once every
        # edition's pages are made, it would never start.
        if context.edition.converted:
            waited = 0
            while not indexing.exists() and waited < 600:
                time.sleep(0.05)
                waited += 1
            saw.append(indexing.exists())
        return generate(site_model, context, memo, **options)

    monkeypatch.setattr(pipeline, "generate_pages", generate_once_indexing)
    out = tmp_path / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
    assert saw == [True]
    for index in ("pagefind", "zh-hant/pagefind"):
        entry = json.loads((out / index / "pagefind-entry.json").read_text())
        assert sum(language["page_count"] for language in entry["languages"].values()) == 12 + 17 + 2 + 2 + 2


def test_an_index_kept_already_starts_no_thread_before_the_traditional_pages_are_made(tmp_path, monkeypatch):
    """Beside a thread, the 繁體 pages are made in one process (render.pages.inparts forks no part): only
    worth it while Pagefind runs. A build whose pages read as before (Haoren upgraded) keeps the fork."""
    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    generate, threads = pipeline.generate_pages, []

    def generate_and_count(site_model, context, memo=None, **options):
        if context.edition.converted:
            threads.append(threading.active_count())
        return generate(site_model, context, memo, **options)

    monkeypatch.setattr(pipeline, "generate_pages", generate_and_count)
    pipeline.build(site, read_clock("2020-12-15"), out)
    pipeline.build(site, read_clock("2020-12-15"), out, incremental=False)  # every page again, same records
    assert threads == [threading.active_count() + 1, threading.active_count()]
    entry = json.loads((out / "zh-hant" / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(language["page_count"] for language in entry["languages"].values()) == 12 + 17 + 2 + 2 + 2


def test_two_cold_builds_in_clean_folders_write_the_same_indexes(tmp_path):
    trees = []
    for run in ("1", "2"):
        site = copy_sample_site(tmp_path / run / "site")
        out = tmp_path / run / "out"
        assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
        trees.append({path.relative_to(out).as_posix(): path.read_bytes()
                      for folder in (out / "pagefind", out / "zh-hant" / "pagefind")
                      for path in sorted(folder.rglob("*")) if path.is_file()})
    assert sum(name.endswith(".pf_filter") for name in trees[0]) == 6  # kind, district, year in each
    assert trees[1] == trees[0]


def test_unchanged_records_reuse_the_kept_index_and_a_change_indexes_again(tmp_path):
    cache = tmp_path / "cache"
    records = [record("/stories/a/", "无偿献血", "刘海涛带队献血。")]
    first = index_files(records, "zh", tmp_path / "1", cache)
    again = index_files(records, "zh", tmp_path / "2", cache)
    assert again.keys() == first.keys()
    assert {name: p.read_bytes() for name, p in again.items()} == {name: p.read_bytes() for name, p in first.items()}
    assert not (tmp_path / "2").exists()  # Pagefind did not run: the kept index was published
    entry = first["pagefind/pagefind-entry.json"].read_bytes()
    changed = [record("/stories/a/", "无偿献血", "刘海涛带队献血，又一次。")]
    third = index_files(changed, "zh", tmp_path / "3", cache)
    assert third["pagefind/pagefind-entry.json"].read_bytes() != entry
    assert not first["pagefind/pagefind-entry.json"].exists()  # the last build's index made way
    kept = [path.name for path in (cache / "search-index" / "zh-cn").iterdir() if not path.name.startswith(".")]
    assert len(kept) == 1  # only the last index is kept


def test_a_kept_index_missing_a_file_is_made_again(tmp_path):
    # Pruning removes a kept index whole, but a file may go by hand: an index missing one is not published.
    cache = tmp_path / "cache"
    records = [record("/stories/a/", "无偿献血", "刘海涛带队献血。")]
    first = index_files(records, "zh", tmp_path / "1", cache)
    kept = next(path for path in (cache / "search-index" / "zh-cn").iterdir() if not path.name.startswith("."))
    next(kept.glob("fragment/*")).unlink()
    again = index_files(records, "zh", tmp_path / "2", cache)
    assert all(path.is_file() for path in again.values())  # Pagefind ran again: the index is whole
    assert {name: p.read_bytes() for name, p in again.items()} == {name: p.read_bytes() for name, p in first.items()}


def test_a_kept_index_the_builds_use_stays_whole_through_pruning(tmp_path):
    # A build stamps the kept index's list alone; pruning keeps or removes the folder as one.
    cache = tmp_path / "cache"
    records = [record("/stories/a/", "无偿献血", "刘海涛带队献血。")]
    first = index_files(records, "zh", tmp_path / "1", cache)
    long_ago = time.time() - 86_400
    for path in (cache / "search-index").rglob("*"):
        os.utime(path, (long_ago, long_ago))
    for build_number in range(2, BUILDS_KEPT + 3):
        started = time.time() - 1
        again = index_files(records, "zh", tmp_path / str(build_number), cache)
        prune_cache(cache, started, limit_mb=2048)
        assert not (tmp_path / str(build_number)).exists()  # Pagefind did not run: the kept index was used
    assert {name: path.read_bytes() for name, path in again.items()} == {
        name: path.read_bytes() for name, path in first.items()}


def test_the_kept_records_are_exactly_this_builds_and_an_unchanged_one_is_not_written_again(tmp_path):
    cache = tmp_path / "cache"
    records_folder = cache / "search-index" / "zh-cn" / ".records"
    first = [record("/stories/a/", "无偿献血", "刘海涛带队献血。"), record("/stories/b/", "爱心早餐", "韩玉梅送早餐。")]
    index_files(first, "zh", tmp_path / "1", cache)
    kept_a = records_folder / "stories" / "a" / "index.html"
    written = kept_a.stat().st_mtime_ns
    # b is withdrawn, a new story c appears: b must not stay where Pagefind reads the records.
    second = [first[0], record("/stories/c/", "助学", "高淑芬资助学生。")]
    files = index_files(second, "zh", tmp_path / "2", cache)
    assert sorted(path.relative_to(records_folder).as_posix() for path in records_folder.rglob("*.html")) == [
        "stories/a/index.html", "stories/c/index.html"]
    assert kept_a.stat().st_mtime_ns == written
    entry = json.loads(files["pagefind/pagefind-entry.json"].read_text(encoding="utf-8"))
    assert entry["languages"]["zh-cn"]["page_count"] == 2



def test_after_an_edit_the_query_map_reads_only_the_edited_page_again(tmp_path, monkeypatch):
    # The 繁體 edition's query map is made from the characters of every record of the site's own
    # edition: kept by page (render.search.SearchedCharacters), an edit reads only the pages it changed.
    from haoren.render import search as render_search

    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
    story = site / "stories/2020/zhao-minghui-chengxin-shouliang.md"
    story.write_text(story.read_text(encoding="utf-8").replace("二十年来", "二十年来从不丢三落四，", 1), encoding="utf-8")
    cut: list[str] = []
    real = render_search.searched_html
    monkeypatch.setattr(render_search, "searched_html", lambda html: cut.append(html) or real(html))
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2020-12-15"]) == 0
    table = json.loads((out / "zh-hant" / "pagefind" / "query-map.json").read_text())
    assert table["丢"] == "丟" and table["献"] == "獻"
    # The story's page in each edition: its digest and its record; in the site's own, its characters too.
    assert len(cut) == 5 and all("丢三落四" in html or "丟三落四" in html for html in cut)
