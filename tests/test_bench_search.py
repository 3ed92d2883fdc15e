"""`make bench`'s search figures on the sample site: the first query (bench.search.first_query_bytes: what
Chromium fetched, counted once per request, built in shards) and the re-index after one edit."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from haoren import pipeline
from haoren.clock import read_clock

from bench.search import first_query_bytes, reindex_after_one_edit

from .sample_site import copy_sample_site


def test_a_query_that_opens_every_shard_counts_the_webassembly_it_fetched(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(site, read_clock("2021-06-01 09:00"), out, search_shard_above=10)
    wasm = out / "pagefind" / "wasm.unknown.pagefind"
    # In a thread of its own: the bench drives its own Playwright, and this session's browser tests
    # have one running on this thread's event loop.
    with ThreadPoolExecutor(1) as thread:
        every = thread.submit(first_query_bytes, out).result()
    figures = every["愿的"]  # both characters are in every shard, together on no page: every shard is asked
    assert figures["results_shown"] == 0
    shards = {path.split("/")[2] for path in figures["pagefind_files"] if path.endswith("/pagefind-entry.json")}
    assert shards == {"undated", "2021", "2020"}
    # 鲸 is on no page: after two shards, the shards' characters answer.
    whale = every["鲸鱼"]["pagefind_files"]
    assert {path.split("/")[2] for path in whale if path.endswith("/pagefind-entry.json")} == {"undated", "2021"}
    assert "/pagefind/shard-characters.json" in whale
    # Sent whole at least once (as it is: not a type the host gzips); the later shards' requests are
    # answered from the browser's cache when it deems the file fresh, and add their own bytes when not.
    assert figures["pagefind_files"]["/pagefind/wasm.unknown.pagefind"] > wasm.stat().st_size
    assert figures["pagefind_bytes"] == sum(figures["pagefind_files"].values())


def test_the_reindex_figure_indexes_the_edited_shard_and_the_whole_index_again(tmp_path):
    from haoren.model.site import build_site
    from haoren.render.editions import own_edition
    from haoren.render.pages import generate_pages

    site = copy_sample_site(tmp_path / "site")
    published = build_site(pipeline.validated_content(site), read_clock("2021-06-01 09:00"))
    figures = reindex_after_one_edit(published, generate_pages(published), own_edition(published.settings),
                                     tmp_path / "cache", tmp_path / "work")
    assert (figures["records"], figures["edited_shard"], figures["shard_records"]) == (39, "2021", 2)
    assert {"sharded_s", "sharded_cpu_s", "whole_s", "whole_cpu_s"} <= figures.keys()


def test_the_timed_build_publishes_the_site_and_reports_its_index_step_within_the_build(tmp_path, capsys):
    import json

    from bench.search import timed_build

    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    index_step = pipeline.SearchIndexes
    assert timed_build(site, out, "2021-06-01 09:00") == 0
    assert pipeline.SearchIndexes is index_step  # the step is wrapped for the one build only
    assert (out / "index.html").is_file() and (out / "pagefind" / "pagefind-entry.json").is_file()
    lines = capsys.readouterr().out.splitlines()
    figures = json.loads(next(line for line in lines if line.startswith("BENCH "))[len("BENCH "):])
    assert 0 < figures["index_s"] <= figures["inner_s"]
    assert abs(figures["rest_s"] - (figures["inner_s"] - figures["index_s"])) <= 0.002  # each rounded on its own
    assert figures["reindex"]["records"] == 39


def test_the_records_file_holds_the_published_items_records(tmp_path):
    import pickle

    from bench.search import write_records

    site = copy_sample_site(tmp_path / "site")
    assert write_records(site, tmp_path / "records.pickle", "2021-06-01 09:00") == 39
    records = pickle.loads((tmp_path / "records.pickle").read_bytes())
    assert len(records) == 39 and "/stories/zhao-minghui-chengxin-shouliang/" in {r.url for r in records}
