"""`make bench`'s first-query figure (bench.search.first_query_bytes): what Chromium fetched, counted once
per request, on the sample site built in shards."""

from __future__ import annotations

from haoren import pipeline
from haoren.clock import read_clock

from bench.search import first_query_bytes

from .sample_site import copy_sample_site


def test_a_query_that_opens_every_shard_counts_the_webassembly_it_fetched(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    pipeline.build(site, read_clock("2021-06-01 09:00"), out, search_shard_above=10)
    wasm = out / "pagefind" / "wasm.unknown.pagefind"
    figures = first_query_bytes(out)["鲸鱼"]  # on no page: every shard is asked, each asks for the WebAssembly
    assert figures["results_shown"] == 0
    shards = {path.split("/")[2] for path in figures["pagefind_files"] if path.endswith("/pagefind-entry.json")}
    assert shards == {"undated", "2021", "2020"}
    # Sent once over the network (as it is: not a type the host gzips), then from the browser's cache.
    assert wasm.stat().st_size < figures["pagefind_files"]["/pagefind/wasm.unknown.pagefind"] < wasm.stat().st_size + 1024
    assert figures["pagefind_bytes"] == sum(figures["pagefind_files"].values())
