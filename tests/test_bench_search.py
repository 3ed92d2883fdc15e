"""`make bench`'s first-query figure (bench.search.first_query_bytes): what Chromium fetched, counted once
per request, on the sample site built in shards."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from haoren import pipeline
from haoren.clock import read_clock

from bench.search import first_query_bytes

from .sample_site import copy_sample_site


def test_a_query_that_opens_every_shard_counts_the_webassembly_it_fetched(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(site, read_clock("2021-06-01 09:00"), out, search_shard_above=10)
    wasm = out / "pagefind" / "wasm.unknown.pagefind"
    # In a thread of its own: the bench drives its own Playwright, and this session's browser tests
    # have one running on this thread's event loop.
    with ThreadPoolExecutor(1) as thread:
        figures = thread.submit(first_query_bytes, out).result()["鲸鱼"]  # on no page: every shard is asked
    assert figures["results_shown"] == 0
    shards = {path.split("/")[2] for path in figures["pagefind_files"] if path.endswith("/pagefind-entry.json")}
    assert shards == {"undated", "2021", "2020"}
    # Sent whole at least once (as it is: not a type the host gzips); the later shards' requests are
    # answered from the browser's cache when it deems the file fresh, and add their own bytes when not.
    assert figures["pagefind_files"]["/pagefind/wasm.unknown.pagefind"] > wasm.stat().st_size
    assert figures["pagefind_bytes"] == sum(figures["pagefind_files"].values())
