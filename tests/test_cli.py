"""build.py end to end, as a real process: help, check, the clock, reproducible and crash-safe builds, no tracebacks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from haoren.clock import SHANGHAI

from .sample_site import (
    REPOSITORY,
    build_py_command,
    copy_sample_site,
    environment,
    names_once_old_trees_are_gone,
    run_build_py,
    tree_hashes,
)

NOW = "2024-01-01 00:00"
SCHEDULED = """\
---
title: 定时发布测试文章
date: 2024-06-01 09:00
summary: 一篇定时发布的测试文章。
---

这篇文章在2024年6月1日9时之前不应出现在网站的任何位置。
"""
SCHEDULED_SLUG = "dingshi-fabu-ceshi"


def epoch(moment: str) -> str:
    """SOURCE_DATE_EPOCH for a 'YYYY-MM-DD HH:MM' in Asia/Shanghai."""
    return str(int(datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI).timestamp()))


def files_mentioning(folder: Path, *needles: str) -> list[str]:
    """Output files whose bytes hold any of `needles`, as UTF-8 or \\u-escaped as in JSON."""
    forms = {form for needle in needles for form in (needle.encode(), needle.encode("unicode_escape"))}
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file() and any(form in path.read_bytes() for form in forms))


@pytest.mark.parametrize("command, options", [
    ([], ["check", "build", "serve"]),
    (["check"], ["--site", "--now"]),
    (["build"], ["--site", "--now", "--out"]),
    (["serve"], ["--site", "--now", "--port"]),
])
def test_every_command_explains_itself(command, options):
    done = run_build_py(*command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(" ".join(["usage: build.py", *command]))
    for option in options:
        assert option in done.stdout
    assert done.stderr == ""


def test_check_on_the_sample_site_passes_with_a_summary():
    done = run_build_py("check", "--now", NOW)  # the default site is the repository, the sample site
    assert (done.returncode, done.stderr) == (0, "")
    [summary] = done.stdout.splitlines()
    assert summary.startswith("No problems.")
    assert "2024-01-01 00:00" in summary


@pytest.mark.parametrize("value", ["2024-13-01", "tomorrow", "2024-01-01T09:00", "2024-01-01 9h"])
def test_an_invalid_now_stops_before_anything_is_built(tmp_path, value):
    done = run_build_py("build", "--out", tmp_path / "out", "--now", value)
    assert done.returncode == 2
    assert done.stderr == f"build.py: --now must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM', not {value!r}\n"
    assert not (tmp_path / "out").exists()


def test_an_invalid_source_date_epoch_is_refused():
    done = run_build_py("check", SOURCE_DATE_EPOCH="2024-01-01")
    assert done.returncode == 2
    assert done.stderr == "build.py: SOURCE_DATE_EPOCH must be whole seconds since 1970, not '2024-01-01'\n"


def test_source_date_epoch_decides_when_a_scheduled_story_appears(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    (site / f"stories/2024/{SCHEDULED_SLUG}.md").parent.mkdir(parents=True, exist_ok=True)
    (site / f"stories/2024/{SCHEDULED_SLUG}.md").write_text(SCHEDULED, encoding="utf-8")
    out = tmp_path / "out"
    # A minute early; --now says later, but SOURCE_DATE_EPOCH wins.
    early = run_build_py("build", "--site", site, "--out", out, "--now", "2030-01-01",
                         SOURCE_DATE_EPOCH=epoch("2024-06-01 08:59"))
    assert (early.returncode, early.stderr) == (0, "")
    assert (out / "index.html").is_file()
    assert files_mentioning(out, SCHEDULED_SLUG, "定时发布测试文章") == []
    on_time = run_build_py("build", "--site", site, "--out", out, SOURCE_DATE_EPOCH=epoch("2024-06-01 09:00"))
    assert (on_time.returncode, on_time.stderr) == (0, "")
    assert "定时发布测试文章" in (out / f"stories/{SCHEDULED_SLUG}/index.html").read_text(encoding="utf-8")
    assert f"/stories/{SCHEDULED_SLUG}/" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_second_build_with_the_same_clock_is_byte_identical(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    first = run_build_py("build", "--site", site, "--out", out, SOURCE_DATE_EPOCH=epoch(NOW))
    assert first.returncode == 0, first.stderr
    before = tree_hashes(out)
    again = run_build_py("build", "--site", site, "--out", out, SOURCE_DATE_EPOCH=epoch(NOW))
    assert again.returncode == 0, again.stderr
    assert tree_hashes(out) == before
    assert names_once_old_trees_are_gone(tmp_path) == [".out.kept", ".out.manifest.json", "out", "site"]


def test_a_site_from_before_the_traditional_edition_is_told_to_copy_its_404_template(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    assert run_build_py("build", "--site", site, "--out", out, "--now", NOW).returncode == 0
    before = tree_hashes(out)
    (site / "theme" / "zh-hant" / "404.html").unlink()
    (site / "stories" / "2021" / "xiyanghong-xueleifeng.md").write_text(
        (site / "stories" / "2021" / "xiyanghong-xueleifeng.md").read_text(encoding="utf-8") + "\n补充。\n",
        encoding="utf-8")
    result = run_build_py("build", "--site", site, "--out", out, "--now", NOW)
    assert result.returncode == 1
    assert result.stderr == (
        "build.py: MkDocs wrote no zh-hant/404.html; is the theme 'material' with our custom_dir, "
        "and is theme/zh-hant/404.html there (copy it from Haoren's sample site)?\nNothing was published.\n")
    assert tree_hashes(out) == before


def start_build(site: Path, out: Path, *options: str) -> subprocess.Popen[bytes]:
    """A build in its own process group, so that killing it also kills any worker it started."""
    return subprocess.Popen(build_py_command("build", "--site", site, "--out", out, "--now", NOW, *options),
                            cwd=REPOSITORY, env=environment(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def wait_for_work_folder(process: subprocess.Popen[bytes], parent: Path, out_name: str) -> Path:
    """The work folder the build makes beside the output folder, once it has started writing into it."""
    while process.poll() is None:
        for work in parent.glob(f".{out_name}.tmp-*"):
            if any(work.iterdir()):
                return work
        time.sleep(0.01)
    raise AssertionError(f"the build ended (status {process.returncode}) before its work folder was seen")


def test_a_killed_build_leaves_the_published_site_as_it_was(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    out = tmp_path / "out"
    assert run_build_py("build", "--site", site, "--out", out, "--now", NOW).returncode == 0
    published = tree_hashes(out)
    process = start_build(site, out, "--full")  # the same content: without --full, nothing to write
    work = wait_for_work_folder(process, tmp_path, out.name)
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert tree_hashes(out) == published
    assert work.exists()  # left behind by the killed build ...
    done = run_build_py("build", "--site", site, "--out", out, "--now", NOW)
    assert done.returncode == 0, done.stderr
    assert not work.exists()  # ... and cleaned by the next one
    # The twin the first build kept is gone if the killed build had taken it into its work folder.
    left = set(names_once_old_trees_are_gone(tmp_path)) - {".out.kept"}
    assert left == {".out.manifest.json", "out", "site"}
    assert tree_hashes(out) == published


def test_builds_leave_nothing_in_the_system_temporary_folder(tmp_path):
    # An office's server builds every day: a folder left in /tmp by each build piles up for years.
    site = copy_sample_site(tmp_path / "site")
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    for run in ("cold", "edited"):  # the cold build draws in worker processes, the second only a card
        done = run_build_py("build", "--site", site, "--out", tmp_path / "out", "--now", NOW, TMPDIR=str(temporary))
        assert done.returncode == 0, done.stderr
        assert sorted(path.name for path in temporary.iterdir()) == [], run
        story = next(site.glob("stories/**/*.md"))
        story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: 改 ", 1), encoding="utf-8")


# Stands in for a bug anywhere in the pipeline: the command's stage raises something nobody expected.
FAILING_STAGE = """\
import sys
import build
from haoren import pipeline

def fail(*arguments, **options):
    raise RuntimeError("simulated failure")

setattr(pipeline, sys.argv[1], fail)
sys.exit(build.main(sys.argv[1:]))
"""


def run_with_failing_stage(*arguments: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """build.py's main with the stage named by the command (pipeline.check, pipeline.build) raising."""
    return subprocess.run([sys.executable, "-c", FAILING_STAGE, *arguments], cwd=REPOSITORY,
                          env=environment(**variables), capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_internal_error_is_one_message_without_a_traceback(tmp_path, command):
    done = run_with_failing_stage(command, *(["--out", str(tmp_path / "out")] if command == "build" else []))
    assert done.returncode == 3
    assert done.stderr == ("build.py: internal error: RuntimeError: simulated failure\n"
                           "Nothing was published. Run again with HAOREN_DEBUG=1 to see the details.\n")
    assert not (tmp_path / "out").exists()


def test_haoren_debug_shows_the_traceback_to_developers():
    done = run_with_failing_stage("check", HAOREN_DEBUG="1")
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "RuntimeError: simulated failure" in done.stderr
