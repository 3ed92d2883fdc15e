"""`make bench`: time check, build and images on generated input against plain baselines; report ratios."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import time
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from .measure import Measurement, run_measured
from .photos import generate_photos
from .hugosite import write_hugo_site
from .plainsite import write_plain_site
from .preview import measure_preview
from .search import FIRST_QUERY_AIM_KB, INDEX_AIM, describe_files, first_query_bytes
from .synthetic import enable_traditional_edition, generate_site

REPO = Path(__file__).resolve().parents[1]
# A fixed clock: every honor and campaign is in the past, the generated 2030 stories are scheduled.
BENCH_NOW = "2025-06-01 12:00"
CACHE_FOLDER = ".haoren-cache"
SECTIONS = ("check", "build", "images", "search", "preview", "sources")
AIMS = {"check cold": 15.0, "check warm": 3.0, "build full": 60.0, "build nothing changed": 5.0,
        "build one story edited": 8.0, "build oldest story edited": 8.0, "preview first page": 15.0,
        "preview save": 1.0}
EDITION_AIM = 1.6  # the 繁體 edition adds at most 60 % to a cold build (CPU seconds)
BUILD_MEMORY_AIM_MB = 1536  # all processes of the build summed
PROCESS_MEMORY_AIM_MB = 1024  # the largest single process
IMAGES_COLD_AIM = 1.5  # times the plain Pillow baseline
IMAGES_WARM_AIM = 0.02  # of our cold run
SOURCE_PHOTOS_MB = 1500  # photos added to a copy of the site for the `sources` figure
BUSY = 0.1  # CPU pressure above which other work on the machine distorts wall times
# An edit's build varies by a second or more from run to run on the same machine: each edit figure is
# the median of this many, every run listed.
EDITS = 3


@dataclass(frozen=True)
class Comparison:
    """One of our runs set against the run it is quoted as a ratio of, with the aim it is held to."""

    what: str
    run: Measurement
    baseline: Measurement
    baseline_name: str
    aim: str  # "" for a figure reported without an aim (an outside tool's)
    met: bool | None  # None when a run failed or there is no aim

    @property
    def ratio(self) -> float:
        return self.run.wall_s / self.baseline.wall_s if self.baseline.wall_s else float("inf")

    def sentence(self) -> str:
        if not (self.run.ok and self.baseline.ok):
            failed = self.run if not self.run.ok else self.baseline
            return f"{self.what}: {failed.label} FAILED (exit {failed.returncode}); no ratio"
        relation = (f"{self.ratio:.2%} of {self.baseline_name}" if self.ratio < 0.1
                    else f"{self.ratio:.2f}x {self.baseline_name}")
        cpu = f"CPU {self.run.cpu_s / self.baseline.cpu_s:.2f}x" if self.baseline.cpu_s else "CPU n/a"
        verdict = f"  [aim {self.aim}: {'met' if self.met else 'MISSED'}]" if self.aim else ""
        return (f"{self.what}: {self.run.wall_s:.2f} s, {self.run.peak_mb:.0f} MB peak "
                f"({self.run.tree_peak_mb:.0f} MB whole tree) = {relation} ({cpu}){verdict}")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--stories", type=int, default=10000, help="stories in the synthetic site (default 10000)")
    parser.add_argument("--honorees", type=int, default=3000, help="honorees in the synthetic site (default 3000)")
    parser.add_argument("--photos", type=int, default=50, help="4000x3000 photos for the image runs (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="image worker processes, ours and baseline (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic site and photos (default 0)")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this part (repeatable)")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out", help="work and results folder (default bench-out/)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    sections = args.only or list(SECTIONS)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO))
    results: dict = {"machine": describe_machine(), "clock": BENCH_NOW, "arguments": {
        "stories": args.stories, "honorees": args.honorees, "photos": args.photos, "workers": args.workers,
        "seed": args.seed, "only": sections}, "inputs": {}}
    comparisons: list[Comparison] = []
    runs: list[Measurement] = []
    site = out / "site"
    if {"check", "build", "search", "preview", "sources"} & set(sections):
        started = time.perf_counter()
        generated = generate_site(site, args.stories, args.honorees, args.seed)
        results["inputs"]["site"] = {
            "path": str(site), "stories": generated.stories, "drafts": generated.drafts,
            "scheduled": generated.scheduled, "honorees": generated.honorees, "withdrawn": generated.withdrawn,
            "campaigns": generated.campaigns, "topics": generated.topics,
            "megabytes": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
            "generated_in_s": round(time.perf_counter() - started, 2)}
        print(f"site: {json.dumps(results['inputs']['site'], ensure_ascii=False)}", flush=True)
    if "check" in sections:
        comparisons += measure_check(site, env, runs)
    if "preview" in sections:  # before build: that section ends by turning on the 繁體 edition
        comparisons += measure_serve(site, env, runs, results)
    if "build" in sections:
        comparisons += measure_build(site, out, env, runs)
    if "search" in sections:
        comparisons += measure_search(site, out, env, runs, results)
    if "sources" in sections:
        comparisons += measure_sources(site, out, env, runs)
    if "images" in sections:
        photos = generate_photos(out / f"photos-{args.photos}-s{args.seed}", args.photos, args.seed)
        results["inputs"]["photos"] = {"count": len(photos), "size": "4000x3000", "quality": 90,
                                       "megabytes": round(sum(p.stat().st_size for p in photos) / 2**20, 1)}
        comparisons += measure_images(photos[0].parent, out, args.workers, env, runs)
    results["runs"] = [run.as_dict() for run in runs]
    results["comparisons"] = [
        {"what": c.what, "run": c.run.label, "baseline": c.baseline.label, "ratio": round(c.ratio, 4),
         "aim": c.aim, "met": c.met, "summary": c.sentence()} for c in comparisons]
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_report(runs, comparisons)
    print(f"\nresults: {out / 'results.json'}")
    return 0 if all(run.ok for run in runs) else 1


def measure_check(site: Path, env: dict[str, str], runs: list[Measurement]) -> list[Comparison]:
    python = sys.executable
    floor = _run("yaml floor", [python, "-m", "bench.runners", "yaml-floor", site], env, runs)
    shutil.rmtree(site / CACHE_FOLDER, ignore_errors=True)
    check = [python, REPO / "build.py", "check", "--site", site, "--now", BENCH_NOW]
    cold = _run("check cold", check, env, runs)
    warm = _run("check warm", check, env, runs)
    return [_against_seconds("check cold", cold, floor, "the YAML-parse floor"),
            _against_seconds("check warm", warm, floor, "the YAML-parse floor")]


def measure_serve(site: Path, env: dict[str, str], runs: list[Measurement], results: dict) -> list[Comparison]:
    """A real `build.py serve` over HTTP (bench/preview.py): first page, and save -> new page (median of 5),
    each as a ratio of `build.py check` of the same site with a cold cache (what the old preview redid,
    and more, on every save). The preview starts on the site with no cache, as after a clone: the check
    that runs before it would otherwise have left its entries for the first page to reuse."""
    shutil.rmtree(site / CACHE_FOLDER, ignore_errors=True)
    print("running preview ...", end=" ", flush=True)
    figures = measure_preview(sys.executable, REPO / "build.py", site, BENCH_NOW, env, edits=5)
    results["preview"] = {**asdict(figures), "median_s": figures.median_s}
    print(f"first page {figures.first_page_s:.2f} s, saves {list(figures.saves_s)} s {figures.error}", flush=True)
    floor = next((run for run in runs if run.label == "check cold"), None)
    if floor is None:
        shutil.rmtree(site / CACHE_FOLDER, ignore_errors=True)
        floor = _run("check cold", [sys.executable, REPO / "build.py", "check", "--site", site, "--now", BENCH_NOW],
                     env, runs)
    command = [sys.executable, str(REPO / "build.py"), "serve"]
    first = Measurement("preview first page", command, figures.first_page_s, figures.first_cpu_s, figures.peak_mb,
                        figures.peak_mb, figures.returncode, last_line=figures.error,
                        cpu_pressure=figures.cpu_pressure)
    save = Measurement("preview save (median 5)", command, figures.median_s, round(figures.cpu_s / 5, 3),
                       figures.peak_mb, figures.peak_mb, figures.returncode, last_line=figures.error,
                       cpu_pressure=figures.cpu_pressure)
    runs += [first, save]
    name = "`build.py check` with a cold cache"
    return [Comparison("preview first page", first, floor, name, f"< {AIMS['preview first page']:.0f} s",
                       _met(first, floor, lambda: first.wall_s < AIMS["preview first page"])),
            Comparison("preview save", save, floor, name, f"< {AIMS['preview save']:.0f} s (median of 5)",
                       _met(save, floor, lambda: save.wall_s < AIMS["preview save"]))]


def measure_build(site: Path, out: Path, env: dict[str, str], runs: list[Measurement]) -> list[Comparison]:
    python = sys.executable
    plain = out / "plain-mkdocs"
    pages = write_plain_site(site, plain, datetime.strptime(BENCH_NOW, "%Y-%m-%d %H:%M"))
    baseline = _run("plain mkdocs build", [python, "-m", "mkdocs", "build", "-q", "-f", plain / "mkdocs.yml",
                                           "-d", plain / "site"], env, runs)
    shutil.rmtree(site / CACHE_FOLDER, ignore_errors=True)
    shutil.rmtree(out / "build-ours", ignore_errors=True)
    (out / ".build-ours.manifest.json").unlink(missing_ok=True)
    build = [python, REPO / "build.py", "build", "--site", site, "--out", out / "build-ours", "--now", BENCH_NOW]
    ours = _run("build full", build, env, runs)
    # What an editor waits for every day: nothing changed (a second run), then one story edited.
    unchanged = _run("build nothing changed", build, env, runs)
    edited = _edits("build one story edited", build, site, env, runs)
    # An old story's correction: on few lists, but its search shard is an old quarter's, the largest.
    oldest_edited = _edits("build oldest story edited", build, site, env, runs, oldest=True)
    # Every page rendered again with every cache warm: the cost of a theme change.
    warm = _run("build warm full", build + ["--full"], env, runs)
    built = re.search(r"Built (\d+) pages", ours.last_line)
    name = f"a plain mkdocs-material build of the same {pages} stories"
    if built:  # ours also writes honoree, campaign, topic, roll and list pages: say how many
        name += f" (ours wrote {int(built.group(1))} pages)"
    memory = f"<= {PROCESS_MEMORY_AIM_MB / 1024:.0f} GB largest process, <= {BUILD_MEMORY_AIM_MB / 1024:.1f} GB summed"
    comparisons = [
        Comparison("build full", ours, baseline, name, f"<= {AIMS['build full']:.0f} s, {memory}",
                   _met(ours, baseline, lambda: ours.wall_s <= AIMS["build full"] and _memory_met(ours))),
        *(Comparison(what, run, baseline, name, f"<= {AIMS[what]:.0f} s",
                     _met(run, baseline, lambda run=run, what=what: run.wall_s <= AIMS[what]))
          for what, run in (("build nothing changed", unchanged), ("build one story edited", edited),
                            ("build oldest story edited", oldest_edited))),
        Comparison("build warm full", warm, baseline, name, memory,
                   _met(warm, baseline, lambda: _memory_met(warm))),
    ]
    if shutil.which("hugo"):  # Debian's hugo, which `make bench` installs where it can
        hugo = out / "hugo"
        count = write_hugo_site(site, hugo, datetime.strptime(BENCH_NOW, "%Y-%m-%d %H:%M"))
        hugo_run = _run("hugo build", ["hugo", "--quiet", "-s", hugo, "-d", hugo / "public"], env, runs)
        comparisons.append(Comparison("build full", ours, hugo_run, f"Hugo building the same {count} stories",
                                      "", None))
    else:
        print("hugo: not installed (apt-get install hugo); no Hugo baseline", flush=True)
    # Last, as it changes the site: the same cold build with the 繁體 edition on (every page twice).
    enable_traditional_edition(site)
    shutil.rmtree(site / CACHE_FOLDER, ignore_errors=True)
    shutil.rmtree(out / "build-editions", ignore_errors=True)
    (out / ".build-editions.manifest.json").unlink(missing_ok=True)
    editions = [python, REPO / "build.py", "build", "--site", site, "--out", out / "build-editions", "--now", BENCH_NOW]
    both = _run("build full 2 editions", editions, env, runs)
    # What an editor of an office with both editions waits for (the sample site has both): the second run
    # keeps the published tree the edit then builds in, as the single edition's edit had it.
    _run("build nothing changed 2 editions", editions, env, runs)
    both_edited = _edits("build one story edited 2 editions", editions, site, env, runs)
    comparisons[:0] = [
        Comparison("繁體 edition", both, ours, "the cold build of the site's own edition alone",
                   f"CPU <= {EDITION_AIM:.2f}x",
                   # CPU, worker processes included: the work the edition adds, whatever else the machine is doing.
                   _met(both, ours, lambda: both.cpu_s <= EDITION_AIM * ours.cpu_s)),
        Comparison("繁體 edition, one story edited", both_edited, edited, "one story edited in the site's own edition",
                   f"<= {AIMS['build one story edited']:.0f} s, {memory}",
                   _met(both_edited, edited, lambda: both_edited.wall_s <= AIMS["build one story edited"]
                        and _memory_met(both_edited))),
    ]
    return comparisons


def _edits(label: str, command: list, site: Path, env: dict[str, str], runs: list[Measurement], *,
           oldest: bool = False) -> Measurement:
    """EDITS runs of `command`, each after edit_one_story: the median run by wall time."""
    measured = []
    for number in range(1, EDITS + 1):
        edit_one_story(site, oldest=oldest)
        measured.append(_run(f"{label} #{number}", command, env, runs))
    return median_run(measured)


def median_run(measured: list[Measurement]) -> Measurement:
    """The run of median wall time (the later of the two middle ones for an even count); a failed run if
    any failed, so that the comparison says so rather than quoting the others."""
    failed = [run for run in measured if not run.ok]
    return failed[0] if failed else sorted(measured, key=lambda run: run.wall_s)[len(measured) // 2]


def edit_one_story(site: Path, *, oldest: bool = False) -> None:
    """Change the title of the newest published story, as an editor would (it is on the most lists), or
    of the oldest."""
    dated = []
    for path in site.glob("stories/**/*.md"):
        text = path.read_text(encoding="utf-8")
        date = re.search(r"(?m)^date: (.*)$", text)
        if date and "draft: true" not in text and not date.group(1).startswith("2030"):
            dated.append((date.group(1), str(path), text))
    _, edited, text = min(dated) if oldest else max(dated)
    Path(edited).write_text(re.sub(r"(?m)^title: (.*)$", r"title: \1（更新）", text, count=1), encoding="utf-8")


def _memory_met(run: Measurement) -> bool:
    return run.peak_mb <= PROCESS_MEMORY_AIM_MB and run.tree_peak_mb <= BUILD_MEMORY_AIM_MB


def measure_images(photos: Path, out: Path, workers: int, env: dict[str, str],
                   runs: list[Measurement]) -> list[Comparison]:
    python = sys.executable
    folders = {name: out / f"images-{name}" for name in ("plain", "draft", "ours-cold", "ours-warm", "cache")}
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
    plain = _run(f"Pillow plain x{workers}", [python, "-m", "bench.runners", "pillow-copies", photos,
                                              folders["plain"], str(workers), "plain"], env, runs)
    _run(f"Pillow + draft x{workers}", [python, "-m", "bench.runners", "pillow-copies", photos,
                                        folders["draft"], str(workers), "draft"], env, runs)
    ours = [python, "-m", "bench.runners", "publish-images", photos]
    cold = _run(f"images cold x{workers}", ours + [folders["ours-cold"], folders["cache"], str(workers)], env, runs)
    warm = _run(f"images warm x{workers}", ours + [folders["ours-warm"], folders["cache"], str(workers)], env, runs)
    return [
        Comparison("images cold", cold, plain, "a plain Pillow resize script", f"<= {IMAGES_COLD_AIM}x",
                   _met(cold, plain, lambda: cold.wall_s <= IMAGES_COLD_AIM * plain.wall_s)),
        Comparison("images warm", warm, cold, "our cold run", f"< {IMAGES_WARM_AIM:.0%} of cold",
                   _met(warm, cold, lambda: warm.wall_s < IMAGES_WARM_AIM * cold.wall_s)),
    ]


def measure_search(site: Path, out: Path, env: dict[str, str], runs: list[Measurement],
                   results: dict) -> list[Comparison]:
    """Pagefind indexing against the rest of the cold build it is part of; bytes of a first query in Chromium."""
    built = out / "build-search"
    shutil.rmtree(site / CACHE_FOLDER, ignore_errors=True)
    shutil.rmtree(built, ignore_errors=True)
    cold = _run("build full, index timed", [sys.executable, "-m", "bench.search", "build", site, built, BENCH_NOW],
                env, runs)
    figures = cold.reported
    queries = first_query_bytes(built) if cold.ok else {}
    results["search"] = {"first_query": queries, "index_in_cold_build": figures}
    for query, bytes_ in queries.items():
        verdict = "met" if bytes_["pagefind_bytes"] <= FIRST_QUERY_AIM_KB * 1024 else "MISSED"
        print(f"first query {query!r}: {bytes_['pagefind_bytes'] / 1024:.0f} KB from /pagefind/, "
              f"{bytes_['page_bytes'] / 1024:.0f} KB with the page, {bytes_['requests']} requests, "
              f"{bytes_['results_shown']} results shown  [aim <= {FIRST_QUERY_AIM_KB} KB: {verdict}]\n"
              f"  /pagefind/ by part: {describe_files(bytes_['pagefind_files'])}")
    if (reindex := (figures or {}).get("reindex")) and reindex.get("whole_s"):
        print(f"search re-index after one story edit ({reindex['records']} records): in shards "
              f"{reindex['sharded_s']:.1f} s (shard {reindex['edited_shard']}, {reindex['shard_records']} records) "
              f"= {reindex['sharded_s'] / reindex['whole_s']:.2f}x wall, "
              f"{reindex['sharded_cpu_s'] / max(reindex['whole_cpu_s'], 1e-9):.2f}x CPU of one index of all "
              f"records ({reindex['whole_s']:.1f} s)")
    if not (cold.ok and figures.get("rest_s")):
        return []
    # The index step and the rest of the same run, as measurements of their own for the report.
    index, rest = _part(cold, "search index step", "index"), _part(cold, "build without it", "rest")
    print(f"search index: {figures['index_s']:.1f} s of a {figures['inner_s']:.1f} s cold build, "
          f"+{figures['index_s'] / figures['rest_s']:.1%} wall, +{figures['index_cpu_s'] / figures['rest_cpu_s']:.1%} CPU "
          f"over the rest of it  [aim <= {INDEX_AIM:.0%}]")
    return [Comparison("search index", index, rest, "the rest of the cold build", f"<= {INDEX_AIM:.0%} of it",
                       index.wall_s <= INDEX_AIM * rest.wall_s)]


def measure_sources(site: Path, out: Path, env: dict[str, str], runs: list[Measurement]) -> list[Comparison]:
    """The check's content digests with photos added (bench/sources.py): the kept digests against every
    file read, as each build read them before."""
    measured = _run("content digests with photos", [sys.executable, "-m", "bench.sources", site, out / "sources",
                                                    SOURCE_PHOTOS_MB], env, runs)
    figures = measured.reported
    if not (measured.ok and figures.get("read_s")):
        return []
    every, kept = _part(measured, "every file read", "read"), _part(measured, "digests kept", "kept")
    print(f"content digests of {figures['files']} files, {figures['photo_mb']} MB of them photos: kept "
          f"{figures['kept_s']:.2f} s against {figures['read_s']:.2f} s with every file read "
          f"= {figures['kept_s'] / figures['read_s']:.3f}x")
    return [Comparison("content digests", kept, every, f"every file read ({figures['photo_mb']} MB of photos)", "",
                       None)]


def _part(run: Measurement, label: str, name: str) -> Measurement:
    """The part of `run` it timed itself (its BENCH figures `<name>_s` and `<name>_cpu_s`), as a run of its own."""
    return replace(run, label=label, wall_s=run.reported[f"{name}_s"], cpu_s=run.reported[f"{name}_cpu_s"])


def _run(label: str, command: list, env: dict[str, str], runs: list[Measurement]) -> Measurement:
    print(f"running {label} ...", end=" ", flush=True)
    measured = run_measured(label, [str(part) for part in command], REPO, env)
    runs.append(measured)
    status = "" if measured.ok else f"  FAILED (exit {measured.returncode})"
    print(f"{measured.wall_s:.2f} s{status}", flush=True)
    return measured


def _against_seconds(what: str, run: Measurement, floor: Measurement, name: str) -> Comparison:
    return Comparison(what, run, floor, name, f"< {AIMS[what]:.0f} s", _met(run, floor, lambda: run.wall_s < AIMS[what]))


def _met(run: Measurement, baseline: Measurement, test) -> bool | None:
    return test() if run.ok and baseline.ok else None


def print_report(runs: list[Measurement], comparisons: list[Comparison]) -> None:
    print(f"\n{'run':<38}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}{'tree MB':>9}  inner s  busy  status")
    for run in runs:
        inner = run.reported.get("inner_s")
        busy = "" if run.cpu_pressure is None else f"{run.cpu_pressure:.0%}"
        status = "ok" if run.ok else f"FAILED (exit {run.returncode})"
        print(f"{run.label:<38}{run.wall_s:>9.2f}{run.cpu_s:>9.2f}{run.peak_mb:>9.0f}{run.tree_peak_mb:>9.0f}  "
              f"{'' if inner is None else f'{inner:7.2f}':>7}  {busy:>4}  {status}")
    print("\npeak MB: largest single process (exact, wait4); tree MB: all processes of the run summed (sampled);"
          "\ninner s: the program's own time without start-up; busy: share of the run some task waited for a CPU")
    if any((run.cpu_pressure or 0) > BUSY for run in runs):
        print(f"WARNING: the machine was busy (busy > {BUSY:.0%}) during some runs: their wall times are inflated;"
              " compare the CPU ratios.")
    print()
    for comparison in comparisons:
        print(comparison.sentence())
    for run in runs:
        if not run.ok and run.output_tail:
            print(f"\n--- {run.label} (exit {run.returncode}), last lines:\n{run.output_tail}")


def describe_machine() -> dict:
    import mkdocs
    import PIL

    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), "0")
    return {"cores": len(os.sched_getaffinity(0)), "cpu_count": os.cpu_count(), "memory_mb": int(memory) // 1024,
            "platform": platform.platform(), "python": platform.python_version(), "pillow": PIL.__version__,
            "mkdocs": mkdocs.__version__, "date": datetime.now().isoformat(timespec="seconds")}


if __name__ == "__main__":
    sys.exit(main())
