"""Search figures for `make bench`: Pagefind indexing time against the rest of the same cold build, and
the bytes Chromium fetches for a first query on the built site.

`build` runs one cold build through the pipeline with its index step (haoren.pipeline.search_files)
timed inside it, wall and CPU (Pagefind's own process included): the index's share is set against
the rest of that very run, so the machine's load affects both alike.

    python -m bench.search build SITE OUT NOW       a cold build of SITE into OUT; prints `BENCH {json}`
    python -m bench.search records SITE RECORDS NOW the search records of SITE as of NOW (pickle)
    python -m bench.search index RECORDS WORK       index them with Pagefind into WORK; prints `BENCH {json}`
"""

from __future__ import annotations

import functools
import json
import pickle
import resource
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

INDEX_AIM = 0.20  # added to the rest of the cold build
FIRST_QUERY_AIM_KB = 300
QUERIES = ("志愿", "王")  # a word on most pages, and the commonest surname of the synthetic site
CHROMIUM = "/usr/bin/chromium"


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

    step: dict[str, float] = {}
    index_step = pipeline.search_files

    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), _cpu_s()
        try:
            return index_step(*args, **kwargs)
        finally:
            step["index_s"], step["index_cpu_s"] = time.perf_counter() - wall, _cpu_s() - cpu

    pipeline.search_files = timed
    wall, cpu = time.perf_counter(), _cpu_s()
    summary = pipeline.build(site, read_clock(now), out)
    wall, cpu = time.perf_counter() - wall, _cpu_s() - cpu
    print(summary.splitlines()[-1])
    print("BENCH " + json.dumps({
        "inner_s": round(wall, 3), "cpu_s": round(cpu, 3), "index_s": round(step["index_s"], 3),
        "index_cpu_s": round(step["index_cpu_s"], 3), "rest_s": round(wall - step["index_s"], 3),
        "rest_cpu_s": round(cpu - step["index_cpu_s"], 3)}))
    return 0


def index_records(records_file: Path, work: Path) -> int:
    from haoren.publish.searchindex import index_files

    records = pickle.loads(records_file.read_bytes())
    started = time.perf_counter()
    files = index_files(records, "zh", work)
    print("BENCH " + json.dumps({"inner_s": round(time.perf_counter() - started, 3), "records": len(records),
                                 "files": len(files),
                                 "megabytes": round(sum(p.stat().st_size for p in files.values()) / 2**20, 1)}))
    return 0


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the stdlib's name)
        pass


def first_query_bytes(built: Path) -> dict[str, dict[str, int]]:
    """For each query: bytes Chromium received (body and headers as sent; this server does not compress,
    Pagefind's index files come gzipped) for /pagefind/ files, and for everything the search page
    loaded, in a fresh browser context (an empty cache)."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    figures: dict[str, dict[str, int]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for query in QUERIES:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                # Playwright sees the requests of Pagefind's web worker too (a CDP session on the page does not).
                sizes: dict[str, int] = {}
                context.on("requestfinished", lambda r: sizes.__setitem__(
                    r.url, r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]))
                page.goto(f"{origin}/search/?q={quote(query)}")
                page.wait_for_function("""() => { const s = document.querySelector('.hr-search__status');
                                                  return s && s.textContent && !s.textContent.startsWith('正在'); }""",
                                       timeout=120_000)
                page.wait_for_load_state("networkidle")
                results = page.locator(".hr-result").count()
                pagefind = sum(size for url, size in sizes.items() if "/pagefind/" in url)
                figures[query] = {"pagefind_bytes": pagefind, "page_bytes": sum(sizes.values()),
                                  "requests": len(sizes), "results_shown": results}
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return figures


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "build":
        return timed_build(Path(rest[0]), Path(rest[1]), rest[2])
    if command == "records":
        print(f"{write_records(Path(rest[0]), Path(rest[1]), rest[2])} records")
        return 0
    if command == "index":
        return index_records(Path(rest[0]), Path(rest[1]))
    raise SystemExit(f"unknown command {command!r}; see python -m bench.search --help")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
