"""Search figures for `make bench`: Pagefind indexing time against the rest of the same cold build, and
the bytes Chromium fetches for a first query on the built site.

`build` runs one cold build through the pipeline with its index step (each edition's
haoren.publish.searchindex.SearchIndexes.add) timed inside it, wall and CPU (Pagefind's own process
included): the index's share is set against the rest of that very run, so the machine's load affects
both alike. Then, in the same process, what
re-indexing costs after one story is edited (the newest story's record changed): the index in shards
(publish.searchindex.sharded_index_files, from the shards the build kept) against one index of all
records (index_files, from a kept index of the unedited records), the way a build before shards did.

    python -m bench.search build SITE OUT NOW       a cold build of SITE into OUT; prints `BENCH {json}`
    python -m bench.search records SITE RECORDS NOW the search records of SITE as of NOW (pickle)
    python -m bench.search index RECORDS WORK       index them with Pagefind into WORK; prints `BENCH {json}`
    python -m bench.search query BUILT              the first-query bytes of a built site, by part
"""

from __future__ import annotations

import functools
import gzip
import json
import mimetypes
import pickle
import resource
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

INDEX_AIM = 0.20  # added to the rest of the cold build
FIRST_QUERY_AIM_KB = 300
# A word on most pages, the commonest surname of the synthetic site, a word whose characters are on no
# page (a sharded index is asked two shards, then the shards' characters rule out the rest), and two
# characters every shard has, together on no page (every shard is asked: the most a first query fetches).
QUERIES = ("志愿", "王", "鲸鱼", "愿的")
CHROMIUM = "/usr/bin/chromium"
# The host README.md's "Serving the site" describes (nginx `gzip on; gzip_comp_level 6; gzip_types …`):
# files of these types are gzipped on the fly for a browser that accepts it; all others (images, and
# Pagefind's index files and WASM, which Pagefind gzips itself) are sent as they are.
GZIP_TYPES = frozenset({
    "text/html", "text/css", "text/plain", "text/javascript", "application/javascript", "application/json",
    "image/svg+xml", "application/xml", "application/atom+xml",
})
GZIP_LEVEL = 6


def write_records(site: Path, records_file: Path, now: str) -> int:
    from haoren.clock import read_clock
    from haoren.model.site import build_site
    from haoren.pipeline import validated_content
    from haoren.render.pages import generate_pages
    from haoren.render.search import search_records

    site_model = build_site(validated_content(site), read_clock(now))
    records = search_records(site_model, generate_pages(site_model))
    records_file.write_bytes(pickle.dumps(records))
    return len(records)


def _cpu_s() -> float:
    """CPU seconds of this process and of its children that have ended (Pagefind's, the drawing workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_build(site: Path, out: Path, now: str) -> int:
    """One build through the pipeline, its index step timed from inside (the step is wrapped, not changed)."""
    from haoren import pipeline
    from haoren.clock import read_clock

    step = {"index_s": 0.0, "index_cpu_s": 0.0}
    indexes = pipeline.SearchIndexes
    inputs: list[tuple] = []

    class Timed(indexes):  # type: ignore[misc, valid-type]
        """Each edition's index step (`add`) timed, summed over the editions."""

        def __init__(self, site_model, editions, *args, **kwargs):
            super().__init__(site_model, editions, *args, **kwargs)
            self._inputs = (site_model, editions)

        def add(self, edition, pages, *args, **kwargs):
            inputs.append((*self._inputs, pages))
            wall, cpu = time.perf_counter(), _cpu_s()
            try:
                return super().add(edition, pages, *args, **kwargs)
            finally:
                step["index_s"] += time.perf_counter() - wall
                step["index_cpu_s"] += _cpu_s() - cpu

    pipeline.SearchIndexes = Timed
    try:
        wall, cpu = time.perf_counter(), _cpu_s()
        summary = pipeline.build(site, read_clock(now), out)
        wall, cpu = time.perf_counter() - wall, _cpu_s() - cpu
    finally:  # a caller in the same process (a test) gets the pipeline as it was
        pipeline.SearchIndexes = indexes
    print(summary.splitlines()[-1])
    figures = {
        "inner_s": round(wall, 3), "cpu_s": round(cpu, 3), "index_s": round(step["index_s"], 3),
        "index_cpu_s": round(step["index_cpu_s"], 3), "rest_s": round(wall - step["index_s"], 3),
        "rest_cpu_s": round(cpu - step["index_cpu_s"], 3)}
    site_model, editions, pages = inputs[0]
    figures["reindex"] = reindex_after_one_edit(site_model, pages, editions[0], site / pipeline.CACHE_FOLDER,
                                                out.parent / f"{out.name}-reindex")
    print("BENCH " + json.dumps(figures))
    return 0


def reindex_after_one_edit(site_model, pages, edition, cache: Path, work: Path) -> dict[str, float]:
    """Re-indexing after the newest story's record changed: in shards (one shard made again) and as one
    index of every record, each from a kept index of the records before the edit; wall and CPU seconds."""
    import dataclasses
    import shutil

    from haoren.publish.searchindex import index_files, sharded_index_files
    from haoren.render.search import search_records

    records = search_records(site_model, pages, edition)
    newest = max((r for r in records if r.shard), key=lambda r: (r.shard, r.url))
    added = "<p>又一位志愿者加入了他们。</p>"
    edited = [dataclasses.replace(r, page=r.page.replaced(content_html=r.page.content_html + added))
              if r is newest else r for r in records]
    figures: dict[str, float] = {"records": len(records), "edited_shard": newest.shard,
                                 "shard_records": sum(r.shard == newest.shard for r in records)}
    shutil.rmtree(work, ignore_errors=True)
    whole_cache = work / "whole-cache"
    for name, index, kept in (("sharded", sharded_index_files, cache), ("whole", index_files, whole_cache)):
        index(records, edition.code, work / name / "before", kept)  # kept from the build, or made here
        wall, cpu = time.perf_counter(), _cpu_s()
        index(edited, edition.code, work / name / "after", kept)
        figures[f"{name}_s"] = round(time.perf_counter() - wall, 3)
        figures[f"{name}_cpu_s"] = round(_cpu_s() - cpu, 3)
    shutil.rmtree(work, ignore_errors=True)
    return figures


def index_records(records_file: Path, work: Path) -> int:
    from haoren.publish.searchindex import index_files

    records = pickle.loads(records_file.read_bytes())
    started = time.perf_counter()
    files = index_files(records, "zh", work)
    print("BENCH " + json.dumps({"inner_s": round(time.perf_counter() - started, 3), "records": len(records),
                                 "files": len(files),
                                 "megabytes": round(sum(p.stat().st_size for p in files.values()) / 2**20, 1)}))
    return 0


class _Host(SimpleHTTPRequestHandler):
    """The built site served as README.md's host serves it: text types gzipped on the fly (GZIP_TYPES)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the stdlib's name)
        pass

    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        type_ = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        if not (path.is_file() and type_ in GZIP_TYPES and "gzip" in accepted):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL)
        self.send_response(200)
        self.send_header("Content-Type", type_ + ("; charset=utf-8" if type_.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _received(request) -> int:
    """Bytes Chromium received for a finished request: the body as sent (compressed if it was) and headers."""
    sizes = request.sizes()
    body = sizes["responseBodySize"]
    if body < 0:  # answered from the browser's cache (a shard asking for the WebAssembly shared by all)
        return 0
    response = request.response()
    if not body and response is not None:  # a web worker's script: Playwright reports no body size for it
        body = int(response.headers.get("content-length") or 0)
    return body + sizes["responseHeadersSize"]


def first_query_bytes(built: Path) -> dict[str, dict]:
    """For each query: bytes Chromium received (body as sent, and headers) for /pagefind/ files, each
    file's share of them, and for everything the search page loaded, in a fresh browser context (an
    empty cache), from a server that compresses as README.md's host does (_Host)."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    figures: dict[str, dict] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for query in QUERIES:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                # Playwright sees the requests of Pagefind's web worker too (a CDP session on the page does not).
                sizes: dict[str, int] = {}
                # Summed by URL: every shard asks for the one WebAssembly, the first time over the network.
                context.on("requestfinished", lambda r: sizes.__setitem__(r.url, sizes.get(r.url, 0) + _received(r)))
                page.goto(f"{origin}/search/?q={quote(query)}")
                page.wait_for_function("""() => { const s = document.querySelector('.hr-search__status');
                                                  return s && s.textContent && !s.textContent.startsWith('正在'); }""",
                                       timeout=120_000)
                page.wait_for_load_state("networkidle")
                results = page.locator(".hr-result").count()
                files = {unquote(urlsplit(url).path): size for url, size in sizes.items() if "/pagefind/" in url}
                figures[query] = {"pagefind_bytes": sum(files.values()), "page_bytes": sum(sizes.values()),
                                  "requests": len(sizes), "results_shown": results, "pagefind_files": files}
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return figures


def describe_files(files: dict[str, int]) -> str:
    """A first query's /pagefind/ bytes by part: "index 318 KB, meta 96 KB, … 10 fragments 21 KB"."""
    parts: dict[str, list[int]] = {}
    for path, size in files.items():
        name = path.rsplit("/", 1)[-1]
        part = ("index" if name.endswith(".pf_index") else "meta" if name.endswith(".pf_meta")
                else "fragments" if name.endswith(".pf_fragment") else "filters" if name.endswith(".pf_filter")
                else "wasm" if name.startswith("wasm.") else "entry" if name.startswith("pagefind-entry")
                else name)
        parts.setdefault(part, []).append(size)
    return ", ".join(f"{part}{f' x{len(sizes)}' if len(sizes) > 1 else ''} {sum(sizes) / 1024:.1f} KB"
                     for part, sizes in sorted(parts.items(), key=lambda item: -sum(item[1])))


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "build":
        return timed_build(Path(rest[0]), Path(rest[1]), rest[2])
    if command == "records":
        print(f"{write_records(Path(rest[0]), Path(rest[1]), rest[2])} records")
        return 0
    if command == "index":
        return index_records(Path(rest[0]), Path(rest[1]))
    if command == "query":
        for query, figures in first_query_bytes(Path(rest[0])).items():
            print(f"first query {query!r}: {figures['pagefind_bytes'] / 1024:.0f} KB from /pagefind/ "
                  f"({describe_files(figures['pagefind_files'])}), {figures['page_bytes'] / 1024:.0f} KB with the page")
        return 0
    raise SystemExit(f"unknown command {command!r}; see python -m bench.search --help")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
