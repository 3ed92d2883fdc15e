"""The manifest beside site/: a build upon it says what it rendered; any doubt about it means a full build, said in one line."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from haoren import pipeline
from haoren.clock import SHANGHAI
from haoren.problems import ProblemsFound
from haoren.publish import manifest

from ..sample_site import copy_sample_site, names_once_old_trees_are_gone, tree_hashes

NOW = datetime(2024, 1, 1, tzinfo=SHANGHAI)
STORY = "stories/2020/han-yumei-aixin-zaocan.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample site built once, in the folder every test then works in."""
    site = copy_sample_site(tmp_path_factory.mktemp("incremental") / "site-folder")
    pipeline.build(site, NOW, site / "site")
    names_once_old_trees_are_gone(site)  # a build's work folder is deleted in the background
    shutil.copytree(site, site.with_name("pristine"), symlinks=True)  # copy2 keeps the times the manifest holds
    return site


@pytest.fixture
def site(built: Path) -> Path:
    """A fresh copy of the built site at the same place (the site folder's path is one of its inputs)."""
    names_once_old_trees_are_gone(built)  # the last test's build may still be deleting its old tree
    shutil.rmtree(built)
    shutil.copytree(built.with_name("pristine"), built, symlinks=True)
    return built


def last_lines(summary: str) -> list[str]:
    return summary.splitlines()


def test_nothing_changed_leaves_site_as_it_was(site: Path):
    before = os.stat(site / "site").st_ino
    summary = pipeline.build(site, NOW, site / "site")
    assert summary.startswith(f"Nothing changed since the last build; {site / 'site'} is up to date: ")
    assert os.stat(site / "site").st_ino == before


def test_a_clock_that_decides_nothing_new_changes_nothing(site: Path):
    summary = pipeline.build(site, datetime(2024, 6, 1, tzinfo=SHANGHAI), site / "site")
    assert summary.startswith("Nothing changed since the last build")


def test_one_story_edited_renders_the_pages_that_show_it(site: Path):
    story = site / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("一块小黑板，八年爱心早餐", "一块小黑板，九年爱心早餐"),
                     encoding="utf-8")
    summary = pipeline.build(site, NOW, site / "site")
    assert "Full build" not in summary
    rendered, carried = map(int, summary.split("pages into ")[1].split(")")[0].split("(")[1]
                            .replace(" rendered,", "").replace(" unchanged", "").split())
    # The pages showing it, in both editions, plus the nav's pages: a fifth of the site at most.
    assert 0 < rendered < (rendered + carried) / 5
    page = (site / "site" / "stories" / "han-yumei-aixin-zaocan" / "index.html").read_text(encoding="utf-8")
    assert "九年爱心早餐" in page
    twin = (site / "site" / "zh-hant" / "stories" / "han-yumei-aixin-zaocan" / "index.html").read_text(encoding="utf-8")
    assert "九年愛心早餐" in twin
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "九年爱心早餐" in home and "八年爱心早餐" not in home


@pytest.mark.parametrize("damage, line", [
    (lambda s: (s / ".site.manifest.json").unlink(), "Full build: no manifest beside site/."),
    (lambda s: (s / ".site.manifest.json").write_text("{not json", encoding="utf-8"),
     "Full build: the manifest .site.manifest.json is damaged."),
    (lambda s: (s / "site" / "about" / "index.html").write_text("hacked", encoding="utf-8"),
     "Full build: about/index.html in site/ was changed since the last build."),
    (lambda s: (s / "site" / "stray.html").write_text("stray", encoding="utf-8"),
     "Full build: stray.html was added to site/ since the last build."),
    (lambda s: (s / "site" / "feed.xml").unlink(), "Full build: feed.xml was missing from site/ since the last build."),
])
def test_doubt_about_the_last_build_means_a_full_build_said_in_one_line(site: Path, tmp_path: Path, damage, line):
    story = site / STORY
    story.write_text(story.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    damage(site)
    summary = pipeline.build(site, NOW, site / "site")
    assert summary.splitlines()[0] == line
    assert summary.splitlines()[1].startswith("Built 246 pages into")
    assert "(246 rendered, 0 unchanged)" in summary
    assert not (site / "site" / "stray.html").exists()
    assert "hacked" not in (site / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert (site / "site" / "feed.xml").is_file()


def test_a_damaged_site_is_rebuilt_even_when_nothing_else_changed(site: Path):
    (site / "site" / "about" / "index.html").write_text("hacked", encoding="utf-8")
    summary = pipeline.build(site, NOW, site / "site")
    assert summary.splitlines()[0] == "Full build: about/index.html in site/ was changed since the last build."
    assert "hacked" not in (site / "site" / "about" / "index.html").read_text(encoding="utf-8")


def test_a_failed_build_keeps_site_and_manifest(site: Path):
    before = tree_hashes(site / "site")
    manifest = (site / ".site.manifest.json").read_bytes()
    story = site / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("date: 2020-12-18", "date: 2020-13-18"),
                     encoding="utf-8")
    with pytest.raises(ProblemsFound):
        pipeline.build(site, NOW, site / "site")
    assert tree_hashes(site / "site") == before
    assert (site / ".site.manifest.json").read_bytes() == manifest


def test_the_manifest_is_never_inside_the_published_folder(site: Path):
    assert not any("manifest" in path.name for path in (site / "site").rglob("*"))


def test_a_theme_change_renders_every_page_anew(site: Path):
    footer = site / "theme" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- 新页脚 -->\n", encoding="utf-8")
    summary = pipeline.build(site, NOW, site / "site")
    assert "(246 rendered, 0 unchanged)" in summary
    pages = list((site / "site").rglob("index.html"))
    assert pages and all("<!-- 新页脚 -->" in page.read_text(encoding="utf-8") for page in pages)


def test_a_build_another_build_published_under_builds_upon_what_that_one_published(site: Path, tmp_path: Path,
                                                                                  monkeypatch):
    # This build reads the manifest before it takes the lock to publish. If another build publishes
    # in between, the pages carried over must be checked against the newer manifest, not the one read.
    other = site / "stories/2021/xiyanghong-xueleifeng.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    story = site / STORY
    ours = story.read_text(encoding="utf-8")
    real = pipeline.last_published

    def another_build_publishes_meanwhile(out_dir: Path):
        last = real(out_dir)
        monkeypatch.setattr(pipeline, "last_published", real)
        story.write_text(ours.replace("一块小黑板，八年爱心早餐", "另一次构建的标题"), encoding="utf-8")
        pipeline.build(site, NOW, site / "site")
        story.write_text(ours, encoding="utf-8")
        return last

    monkeypatch.setattr(pipeline, "last_published", another_build_publishes_meanwhile)
    pipeline.build(site, NOW, site / "site")
    page = (site / "site" / "stories" / "han-yumei-aixin-zaocan" / "index.html").read_text(encoding="utf-8")
    assert "一块小黑板，八年爱心早餐" in page and "另一次构建的标题" not in page
    cold = tmp_path / "cold"
    pipeline.build(site, NOW, cold, incremental=False)
    assert tree_hashes(site / "site") == tree_hashes(cold)


def test_a_manifest_of_many_files_is_one_json_object_read_back_as_written(tmp_path: Path):
    # Written a slice at a time: more files than a slice holds, names beyond ASCII, one "\"" in a name.
    out = tmp_path / "site"
    out.mkdir()
    names = [f"stories/好人-{number:05d}/index.html" for number in range(9000)] + ['a "quoted" name.txt']
    fingerprints = {name: f"fp{index}" for index, name in enumerate(reversed(names))}
    found = {name: (index, 1_700_000_000_000_000_000 + index) for index, name in enumerate(names)}
    manifest.write_manifest(out, "构建", fingerprints, found)
    text = manifest.manifest_path(out).read_text(encoding="utf-8")
    files = {name: [fingerprints[name], *found[name]] for name in names}
    assert json.loads(text) == {"format": manifest.FORMAT, "build": "构建", "files": files}
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)
    read = manifest.read_manifest(out, check_files=False)
    assert read.build == "构建" and read.files == {name: tuple(entry) for name, entry in files.items()}
    manifest.write_manifest(out, "空", {}, {})
    assert json.loads(manifest.manifest_path(out).read_text(encoding="utf-8"))["files"] == {}
