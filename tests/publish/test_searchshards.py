"""A large site's search index in shards: a story's year or undated, each shard indexed and kept on its own."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import time
from pathlib import Path

import pytest

from haoren import pipeline
from haoren.clock import read_clock
from haoren.publish import indexfolders
from haoren.publish.cacheprune import BUILDS_KEPT, prune_cache
from haoren.publish.searchindex import sharded_index_files
from haoren.publish.searchshards import ideographs
from haoren.publish.site import PublishError
from haoren.render.search import SearchRecord

from ..factories import make_page
from ..pagetools import shard_characters
from ..sample_site import copy_sample_site

# As of this moment the sample site has published stories of 2020 and 2021; withheld are the draft, the
# story scheduled for 2030 and 高淑芬 (consent withdrawn).
NOW = "2021-06-01 09:00"
WITHHELD = ("/stories/zhiyuan-fuwu-zhinan-caogao/", "/stories/haoren-bang-2029/", "/honorees/gao-shufen/")


def story(n: int, year: int, text: str = "刘海涛带队献血。") -> SearchRecord:
    return SearchRecord(url=f"/stories/s{n}/", title=f"第{n}篇", kind="故事", page=make_page(f"<h1>第{n}篇</h1><p>{text}</p>"),
                        districts=(("奎文区", "潍城区", "寒亭区")[n % 3],), day=f"{year}年3月25日", year=str(year),
                        shard=str(year))


def honoree(n: int) -> SearchRecord:
    return SearchRecord(url=f"/honorees/h{n}/", title=f"好人{n}", kind="好人", page=make_page(f"<h1>好人{n}</h1><p>志愿服务。</p>"),
                        districts=("奎文区",), day="2020年", year="2020")


RECORDS = [*(story(n, 2019 + n % 3) for n in range(12)), *(honoree(n) for n in range(4))]


def page_count(files: dict, shard: str, folder: str = "pagefind") -> int:
    entry = json.loads(files[f"{folder}/{shard}/pagefind-entry.json"])
    return next(iter(entry["languages"].values()))["page_count"]


def indexed_urls(folder: Path) -> set[str]:
    """The URLs of every page in every shard under a published index `folder` (from the fragments)."""
    return {json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])["url"]
            for path in folder.glob("*/fragment/*.pf_fragment")}


def contents(files: dict) -> dict[str, bytes]:
    return {name: value if isinstance(value, bytes) else value.read_bytes() for name, value in files.items()}


def test_each_year_of_stories_and_the_undated_records_are_a_shard_of_their_own(tmp_path):
    files = sharded_index_files(RECORDS, "zh", tmp_path / "work", tmp_path / "cache")
    listed = json.loads(files["pagefind/shards.json"])
    assert listed == [  # the order the search page asks them in: undated, then the newest year first
        {"path": "undated/", "years": ["2020"], "kinds": ["好人"]},
        {"path": "2021/", "years": ["2021"], "kinds": ["故事"]},
        {"path": "2020/", "years": ["2020"], "kinds": ["故事"]},
        {"path": "2019/", "years": ["2019"], "kinds": ["故事"]},
    ]
    assert [page_count(files, shard) for shard in ("undated", "2021", "2020", "2019")] == [4, 4, 4, 4]
    # One script and one WebAssembly for all shards, which each shard's entry points to.
    assert {"pagefind/pagefind.js", "pagefind/wasm.unknown.pagefind"} <= files.keys()
    assert not [name for name in files if name.count("/") == 2 and name.endswith(("pagefind.js", ".pagefind"))]
    entry = json.loads(files["pagefind/2020/pagefind-entry.json"])
    assert entry["languages"]["zh-cn"]["wasm"] == "unknown/../../wasm.unknown"
    assert any(name.startswith("pagefind/2019/fragment/") for name in files)


def test_the_same_records_give_the_same_shards_byte_for_byte(tmp_path):
    first = contents(sharded_index_files(RECORDS, "zh", tmp_path / "w1", tmp_path / "c1"))
    assert contents(sharded_index_files(RECORDS, "zh", tmp_path / "w2", tmp_path / "c2")) == first
    assert contents(sharded_index_files(RECORDS, "zh", tmp_path / "w3")) == first  # without a cache too


def test_an_edited_story_indexes_its_own_shard_again_and_no_other(tmp_path):
    cache = tmp_path / "cache"
    shards = cache / "search-index" / "zh-cn" / ".shards"
    before = sharded_index_files(RECORDS, "zh", tmp_path / "1", cache)
    entry = contents(before)["pagefind/2020/pagefind-entry.json"]
    kept = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in shards.rglob("*") if path.is_file()}
    edited = [dataclasses.replace(r, page=make_page(r.page.content_html + "<p>又一次。</p>")) if r.url == "/stories/s1/" else r
              for r in RECORDS]  # s1 is a 2020 story
    after = sharded_index_files(edited, "zh", tmp_path / "2", cache)
    others = {path: stamp for path, stamp in kept.items() if path.relative_to(shards).parts[0] != "2020"}
    assert others and {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in others} == others
    assert {n: f for n, f in after.items() if "/2020/" not in n and n != "pagefind/pagefind.js"
            and isinstance(f, Path)} == {n: f for n, f in before.items() if "/2020/" not in n
                                          and n != "pagefind/pagefind.js" and isinstance(f, Path)}
    assert contents(after)["pagefind/2020/pagefind-entry.json"] != entry
    records = shards / "2020" / ".records" / "stories"
    assert "又一次" in (records / "s1" / "index.html").read_text(encoding="utf-8")
    assert (records / "s4" / "index.html").stat().st_mtime_ns == kept[records / "s4" / "index.html"][1]
    assert contents(after) == contents(sharded_index_files(edited, "zh", tmp_path / "cold"))  # as a cold index


def test_a_kept_shards_records_outlive_pruning_so_its_next_edit_writes_only_the_edited_record(tmp_path):
    cache = tmp_path / "cache"
    shards = cache / "search-index" / "zh-cn" / ".shards"
    sharded_index_files(RECORDS, "zh", tmp_path / "1", cache)
    long_ago = time.time() - 86_400
    for path in (cache / "search-index").rglob("*"):
        os.utime(path, (long_ago, long_ago))
    for build_number in range(2, BUILDS_KEPT + 3):  # builds that change nothing keep every shard's index
        started = time.time() - 1
        sharded_index_files(RECORDS, "zh", tmp_path / str(build_number), cache)
        prune_cache(cache, started, limit_mb=2048)
    records = shards / "2019" / ".records" / "stories"
    unedited = records / "s3" / "index.html"  # s3 is a 2019 story, as s0
    assert unedited.is_file()  # stamped with its shard's index by every build that kept it
    written = unedited.stat().st_mtime_ns
    edited = [dataclasses.replace(r, page=make_page(r.page.content_html + "<p>又一次。</p>"))
              if r.url == "/stories/s0/" else r for r in RECORDS]
    after = sharded_index_files(edited, "zh", tmp_path / "edited", cache)
    assert unedited.stat().st_mtime_ns == written  # kept, not pruned and written anew
    assert "又一次" in (records / "s0" / "index.html").read_text(encoding="utf-8")
    assert contents(after) == contents(sharded_index_files(edited, "zh", tmp_path / "cold"))


def test_the_kept_shards_files_are_given_before_pagefind_runs_on_the_edited_one(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    sharded_index_files(RECORDS, "zh", tmp_path / "1", cache)
    edited = [dataclasses.replace(r, page=make_page(r.page.content_html + "<p>又一次。</p>")) if r.url == "/stories/s1/"
              else r for r in RECORDS]  # s1 is a 2020 story
    given, indexing = [], indexfolders._index
    monkeypatch.setattr(indexfolders, "_index", lambda *arguments: given.append(None) or indexing(*arguments))
    after = sharded_index_files(edited, "zh", tmp_path / "2", cache, kept_files=given.append)
    early, pagefind = given  # the kept shards' files, then Pagefind's one run
    assert pagefind is None
    assert {name.split("/")[1] for name in early if name.count("/") > 1} == {"undated", "2021", "2019"}
    assert all(after[name] is file for name, file in early.items() if isinstance(file, Path))  # the same objects


def test_a_year_without_records_left_loses_its_shard(tmp_path):
    cache = tmp_path / "cache"
    sharded_index_files(RECORDS, "zh", tmp_path / "1", cache)
    files = sharded_index_files([r for r in RECORDS if r.year != "2019"], "zh", tmp_path / "2", cache)
    assert [shard["path"] for shard in json.loads(files["pagefind/shards.json"])] == ["undated/", "2021/", "2020/"]
    assert not [name for name in files if "/2019/" in name]
    assert sorted(p.name for p in (cache / "search-index" / "zh-cn" / ".shards").iterdir()) == ["2020", "2021", "undated"]


def test_a_site_above_the_threshold_publishes_both_editions_in_shards_without_withheld_items(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(site, read_clock(NOW), out, search_shard_above=10)
    for prefix, folder in (("", out / "pagefind"), ("/zh-hant", out / "zh-hant" / "pagefind")):
        listed = json.loads((folder / "shards.json").read_text(encoding="utf-8"))
        assert [shard["path"] for shard in listed] == ["undated/", "2021/", "2020/"]
        counts = [next(iter(json.loads((folder / shard["path"] / "pagefind-entry.json").read_text())["languages"]
                            .values()))["page_count"] for shard in listed]
        # 18 honorees, 2 campaigns, 2 topics and 2 hand-written pages; 2 stories of 2021, 13 of 2020.
        assert counts == [18 + 2 + 2 + 2, 2, 13]
        urls = indexed_urls(folder)
        assert len(urls) == sum(counts)
        assert f"{prefix}/stories/zhucheng-bingmian-jiuren/" in urls  # a 2021 story
        assert not {prefix + url for url in WITHHELD} & urls
        assert not (folder / "pagefind-entry.json").exists()  # no index of all records beside the shards
        page = (out / prefix.strip("/") / "search" / "index.html").read_text(encoding="utf-8")
        assert f'data-shards="{prefix}/pagefind/shards.json"' in page
    listed = json.loads((out / "zh-hant" / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert sorted(listed[0]["kinds"]) == sorted(["專題", "好人", "活動", "頁面"])  # as the 繁體 search page's kind filter says


def test_a_site_at_or_below_the_threshold_keeps_one_index(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(site, read_clock(NOW), out, search_shard_above=39)  # 39 published items
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    assert not (out / "pagefind" / "shards.json").exists()
    assert "data-shards" not in (out / "search" / "index.html").read_text(encoding="utf-8")


def test_a_search_template_copied_before_the_shards_stops_the_build_with_one_line(tmp_path):
    # A site's own copy of search.html, older than the shards, would ask for an index that is not there.
    site = copy_sample_site(tmp_path / "site")
    template = site / "theme" / "haoren" / "search.html"
    text = template.read_text(encoding="utf-8")
    shards_line = '  {%- if shards %} data-shards="{{ href(index ~ shards_list) }}"{% endif %}\n'
    assert shards_line in text
    template.write_text(text.replace(shards_line, ""), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(PublishError) as refused:
        pipeline.build(site, read_clock(NOW), out, search_shard_above=10)
    assert str(refused.value) == (
        "theme/haoren/search.html: the search index is in shards (more than 10 published items) and this "
        "search page does not ask for them (no data-shards); copy theme/haoren/search.html from Haoren's "
        "sample site")
    assert not out.exists()
    pipeline.build(site, read_clock(NOW), out, search_shard_above=39)  # one index: the old copy still works
    assert (out / "pagefind" / "pagefind-entry.json").is_file()


def test_a_search_script_copied_before_the_shards_stops_the_build_with_one_line(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    script = site / "theme" / "assets" / "javascripts" / "search.js"
    script.write_text(script.read_text(encoding="utf-8").replace("data-shards", "data-index"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(PublishError) as refused:
        pipeline.build(site, read_clock(NOW), out, search_shard_above=10)
    assert str(refused.value) == (
        "theme/assets/javascripts/search.js: the search index is in shards (more than 10 published items) and "
        "this script does not know them; copy theme/assets/javascripts/search.js from Haoren's sample site")
    assert not out.exists()


def dated(n: int, month: str, kind: str = "故事") -> SearchRecord:
    """A story (kind 故事, its shard its year) or an honoree (好人, undated) of `month` ("2021-03")."""
    story_like = kind == "故事"
    return SearchRecord(url=f"/{'stories' if story_like else 'honorees'}/m{n}/", title=f"第{n}号", kind=kind,
                        page=make_page(f"<h1>第{n}号</h1><p>志愿服务。</p>"), day=f"{month[:4]}年", year=month[:4],
                        shard=month[:4] if story_like else "", month=month)


def test_a_year_with_more_stories_than_a_shard_holds_is_cut_into_parts_of_equal_months(tmp_path):
    # 2021 has 7 stories, one a month from January to July: with at most 3 a shard that is 3 parts of
    # 4 months; 2020's 2 stories stay one shard.
    records = [*(dated(n, f"2021-{n:02d}") for n in range(1, 8)), dated(8, "2020-05"), dated(9, "2020-11")]
    cache = tmp_path / "cache"
    files = sharded_index_files(records, "zh", tmp_path / "1", cache, shard_records=3)
    listed = json.loads(files["pagefind/shards.json"])
    assert [shard["path"] for shard in listed] == ["2021-05/", "2021-01/", "2020/"]  # no story after August
    assert [page_count(files, shard["path"].strip("/")) for shard in listed] == [3, 4, 2]
    assert {shard["path"]: shard["years"] for shard in listed}["2021-05/"] == ["2021"]
    # An edit in May to July re-indexes that part alone.
    shards = cache / "search-index" / "zh-cn" / ".shards"
    kept = {path: path.stat().st_ino for path in shards.rglob("*") if path.is_file()}
    edited = [dataclasses.replace(r, page=make_page(r.page.content_html + "<p>又一次。</p>")) if r.url == "/stories/m6/" else r
              for r in records]
    after = sharded_index_files(edited, "zh", tmp_path / "2", cache, shard_records=3)
    changed = {path.relative_to(shards).parts[0] for path, inode in kept.items()
               if not path.exists() or path.stat().st_ino != inode}
    assert changed == {"2021-05"}
    assert contents(after) == contents(sharded_index_files(edited, "zh", tmp_path / "cold", shard_records=3))


def test_the_newest_years_stories_are_cut_finer_until_a_newer_year_has_stories(tmp_path):
    # Six stories in 2021 (odd months) and six in 2020: at most 6 a shard, but 3 for the newest year.
    records = [*(dated(n, f"2021-{n:02d}") for n in range(1, 12, 2)),
               *(dated(n, f"2020-{n:02d}") for n in range(2, 13, 2))]
    cache = tmp_path / "cache"
    files = sharded_index_files(records, "zh", tmp_path / "1", cache, shard_records=6, newest_records=3)
    listed = json.loads(files["pagefind/shards.json"])
    assert [shard["path"] for shard in listed] == ["2021-07/", "2021-01/", "2020/"]
    assert [page_count(files, shard["path"].strip("/")) for shard in listed] == [3, 3, 6]
    # 2022's first story: 2021 is an older year now, one shard of six; 2020 is kept as it was.
    shards = cache / "search-index" / "zh-cn" / ".shards"
    kept_2020 = {path: path.stat().st_ino for path in (shards / "2020").rglob("*") if path.is_file()}
    later = [*records, dated(13, "2022-01")]
    after = sharded_index_files(later, "zh", tmp_path / "2", cache, shard_records=6, newest_records=3)
    assert [shard["path"] for shard in json.loads(after["pagefind/shards.json"])] == [
        "2022/", "2021/", "2020/"]
    assert page_count(after, "2021") == 6
    assert {path: path.stat().st_ino for path in kept_2020} == kept_2020
    assert not (shards / "2021-07").exists() and not (shards / "2021-01").exists()
    assert contents(after) == contents(sharded_index_files(later, "zh", tmp_path / "cold", shard_records=6,
                                                           newest_records=3))


def test_honorees_leave_an_undated_shard_too_large_for_shards_of_consecutive_years(tmp_path):
    # 9 undated records: a campaign and 8 honorees by their latest honor (2018: 1, 2019: 2, 2020: 1,
    # 2021: 4). With at most 3 a shard: 2018 and 2019 share one, 2020 starts the next, 2021 is its own.
    honorees = [dated(1, "2018-06", "好人"), dated(2, "2019-04", "好人"), dated(3, "2019-01", "好人"),
                dated(4, "2020-02", "好人"), *(dated(n, f"2021-{n - 3:02d}", "好人") for n in range(5, 9))]
    campaign = SearchRecord(url="/campaigns/c/", title="评选", kind="活动", page=make_page("<h1>评选</h1>"))
    files = sharded_index_files([campaign, *honorees], "zh", tmp_path / "1", tmp_path / "cache", shard_records=3)
    listed = json.loads(files["pagefind/shards.json"])
    # 2021's four are more than 3: two parts of six months (February to May all fall in the first).
    assert [(shard["path"], shard["years"]) for shard in listed] == [
        ("undated/", []), ("honorees-2021-01/", ["2021"]), ("honorees-2020/", ["2020"]),
        ("honorees-2018-2019/", ["2019", "2018"])]
    assert [page_count(files, shard["path"].strip("/")) for shard in listed] == [1, 4, 1, 3]
    # A new year's honoree starts a shard of its own and leaves the older ones as they were.
    later = sharded_index_files([campaign, *honorees, dated(9, "2022-01", "好人")], "zh", tmp_path / "3",
                                tmp_path / "cache", shard_records=3)
    assert [shard["path"] for shard in json.loads(later["pagefind/shards.json"])] == [
        "undated/", "honorees-2022/", "honorees-2021-01/", "honorees-2020/", "honorees-2018-2019/"]
    # At most the size, the undated shard holds them all, as before.
    whole = sharded_index_files([campaign, *honorees], "zh", tmp_path / "2", tmp_path / "cache2", shard_records=9)
    assert [shard["path"] for shard in json.loads(whole["pagefind/shards.json"])] == ["undated/"]


def test_an_edit_cuts_out_the_searched_text_of_the_pages_it_changed_only(tmp_path, monkeypatch):
    # Each page's searched digest is kept by the page's fingerprint: at 10,000 stories, cutting every
    # page again held the search step a second and a half before Pagefind could start. Here, one
    # edition: the 繁體 one's query map reads every record of the site's own.
    from haoren.render import search as render_search

    site = copy_sample_site(tmp_path / "site")
    settings = site / "content" / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("editions: [zh-Hans, zh-Hant]", "editions: [zh-Hans]"),
                        encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build(site, read_clock(NOW), out, search_shard_above=10)
    story = site / "stories/2020/zhao-minghui-chengxin-shouliang.md"
    story.write_text(story.read_text(encoding="utf-8").replace("二十年来", "整整二十年来", 1), encoding="utf-8")
    cut: list[str] = []
    real = render_search.searched_html
    monkeypatch.setattr(render_search, "searched_html", lambda html: cut.append(html) or real(html))
    pipeline.build(site, read_clock(NOW), out, search_shard_above=10)
    # The story's page, for its digest and for the one record of its shard (2020's) written again:
    # the shard's 12 other records are left as they were written (publish.searchrecords).
    assert len(cut) == 2 and all("整整二十年来" in html for html in cut)
    fragments = [gzip.decompress(path.read_bytes()).decode() for path in (out / "pagefind" / "2020").glob("fragment/*")]
    assert any("整整二十年来" in fragment.replace("\u200b", "") for fragment in fragments)


def held_ideographs(files: dict, folder: str = "pagefind") -> dict[str, str]:
    """Each shard's ideographs as the search page reads them from the characters list beside the shards."""
    return shard_characters(json.loads(contents(files)[f"{folder}/shard-characters.json"]))


def test_the_characters_list_names_the_ideographs_each_shards_pages_hold(tmp_path):
    # 鲸 is in one 2019 story only, written as a character reference (an editor's raw HTML may be).
    records = [*RECORDS, story(12, 2019, "海边救起一头搁浅的&#x9cb8;。")]
    cache = tmp_path / "cache"
    held = held_ideographs(sharded_index_files(records, "zh", tmp_path / "1", cache))
    assert list(held) == ["undated/", "2021/", "2020/", "2019/"]
    # What Pagefind reads of an honoree: the title, the text, the kind, district and year values.
    assert held["undated/"] == ideographs("好人志愿服务奎文区年")
    assert "鲸" in held["2019/"] and not [name for name, found in held.items() if "鲸" in found and name != "2019/"]
    assert "献" in held["2021/"] and "献" not in held["undated/"]
    # An edit of a 2020 story: its shard's ideographs follow it, the kept shards keep theirs.
    edited = [dataclasses.replace(r, page=make_page(r.page.content_html + "<p>又一次。</p>")) if r.url == "/stories/s1/"
              else r for r in records]
    after = sharded_index_files(edited, "zh", tmp_path / "2", cache)
    assert set("又一次") <= set(held_ideographs(after)["2020/"]) and "鲸" in held_ideographs(after)["2019/"]
    assert contents(after) == contents(sharded_index_files(edited, "zh", tmp_path / "cold"))  # as a cold index
    # A kept shard that lost its ideographs is indexed again, as any damaged cache.
    lost = next((cache / "search-index" / "zh-cn" / ".shards" / "2019").glob("*/ideographs.txt"))
    lost.unlink()
    assert held_ideographs(sharded_index_files(edited, "zh", tmp_path / "3", cache)) == held_ideographs(after)
