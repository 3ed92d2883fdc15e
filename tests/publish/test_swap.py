"""Replacing site/: a failed or killed build leaves the old site byte for byte; leftovers are cleaned."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import mkdocs.commands.build
import pytest

from haoren.publish.site import PublishError

from ..sample_site import names_once_old_trees_are_gone, tree_hashes
from ..tiny_site import basic_pages, build, make_site_folder, page


# Beside site/ once a build has published: its manifest, and a tree kept for the next build (the replaced
# one, or a twin of site/).
AFTER_A_SWAP = [".site.kept", ".site.manifest.json", "mkdocs.yml", "site"]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site_folder(tmp_path)


def test_failed_build_leaves_the_old_site_byte_for_byte(site, monkeypatch):
    out = build(site)
    before = tree_hashes(out)
    real_build_page = mkdocs.commands.build._build_page
    calls = []

    def build_two_pages_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) > 2:
            raise RuntimeError("disk full")
        return real_build_page(*args, **kwargs)

    monkeypatch.setattr(mkdocs.commands.build, "_build_page", build_two_pages_then_fail)
    changed = [page("/", "新首页", "<h1>新首页</h1>", kind="home"), *basic_pages()[1:]]
    with pytest.raises(RuntimeError, match="disk full"):
        build(site, changed)
    assert tree_hashes(out) == before
    assert sorted(p.name for p in site.iterdir()) == [".site.manifest.json", "mkdocs.yml", "site"]  # no temp tree left behind


def test_a_build_killed_mid_render_leaves_the_old_site_and_is_cleaned_up_next_time(site):
    out = build(site)
    before = tree_hashes(out)
    kill_on_third_page = f"""
import os, signal, sys
from pathlib import Path
import mkdocs.commands.build as mkdocs_build
import tests.tiny_site as t
calls = []
real_build_page = mkdocs_build._build_page
def build_page_or_die(*args, **kwargs):
    calls.append(1)
    if len(calls) > 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_build_page(*args, **kwargs)
mkdocs_build._build_page = build_page_or_die
t.build(Path({str(site)!r}), [t.page("/", "新首页", kind="home"), *t.basic_pages()[1:]])
"""
    killed = subprocess.run([sys.executable, "-c", kill_on_third_page], cwd=Path(__file__).parents[2])
    assert killed.returncode == -signal.SIGKILL
    assert tree_hashes(out) == before
    assert any(p.name.startswith(".site.tmp-") for p in site.iterdir())  # the dead build's half-written tree
    build(site)
    assert names_once_old_trees_are_gone(site) == AFTER_A_SWAP


def test_new_build_replaces_the_old_site_completely(site):
    build(site, basic_pages(page("/stories/old/", "旧文")))
    out = build(site)
    assert not (out / "stories" / "old").exists()
    assert names_once_old_trees_are_gone(site) == AFTER_A_SWAP


def test_leftovers_of_a_killed_build_are_removed(site):
    leftover = site / ".site.tmp-k1ll3d" / "site" / "stories"
    leftover.mkdir(parents=True)
    (leftover / "half.html").write_text("<html>", encoding="utf-8")
    build(site)
    assert names_once_old_trees_are_gone(site) == AFTER_A_SWAP  # a first build keeps a twin of its tree


def test_a_second_publisher_is_refused_while_one_runs(site):
    fd = os.open(site, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(PublishError, match="another build is publishing into"):
            build(site)
    finally:
        os.close(fd)


def test_the_replaced_tree_is_kept_and_a_stranded_one_deleted_by_the_next_build(site):
    build(site, basic_pages(page("/stories/old/", "旧文")))
    out = build(site)
    assert not (out / "stories" / "old").exists()
    assert names_once_old_trees_are_gone(site) == AFTER_A_SWAP
    # A tree whose deleter was killed (the machine went down) is deleted by the next build.
    stranded = site / ".site.old-d0wn" / "site" / "stories"
    stranded.mkdir(parents=True)
    (stranded / "old.html").write_text("<html>", encoding="utf-8")
    build(site, basic_pages(page("/stories/new/", "新文")))
    assert names_once_old_trees_are_gone(site) == AFTER_A_SWAP
    assert (out / "stories" / "new" / "index.html").is_file()
