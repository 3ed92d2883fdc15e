"""The replaced site/ kept beside it: the next build is written over it, only where it differs, and equals a cold one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from haoren.publish.manifest import files_under, read_manifest

from ..sample_site import tree_hashes
from ..tiny_site import basic_pages, build, make_settings, make_site_folder, page, read


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site_folder(tmp_path)


def cold(tmp_path: Path, pages, extra=None) -> dict[str, str]:
    """The files a build of `pages` makes in a folder of its own, with nothing to build upon."""
    (tmp_path / "cold").mkdir()
    return tree_hashes(build(make_site_folder(tmp_path / "cold"), pages, extra))


def stories(*pairs: tuple[str, str]):
    return basic_pages(*(page(f"/stories/{slug}/", title, f"<h1>{title}</h1>") for slug, title in pairs))


def folders(out: Path, *slugs: str) -> dict[str, int]:
    return {slug: (out / "stories" / slug).stat().st_ino for slug in slugs}


def test_the_third_build_publishes_the_first_ones_folders_with_only_the_edit_written(site, tmp_path):
    out = build(site, stories(("a", "甲"), ("b", "乙")))
    first = folders(out, "a", "b")
    stories_folder = (out / "stories").stat().st_ino
    first_a = (out / "stories/a/index.html").stat().st_ino
    build(site, stories(("a", "甲"), ("b", "乙改")))
    last = stories(("a", "甲"), ("b", "乙再改"))
    out = build(site, last)
    # The first build's tree, not folders made anew; b's old page left it at the second swap.
    assert folders(out, "a") == {"a": first["a"]}
    assert (out / "stories").stat().st_ino == stories_folder
    assert (out / "stories/a/index.html").stat().st_ino == first_a  # an unchanged page is left as it was
    assert "乙再改" in read(out / "stories/b/index.html")
    assert tree_hashes(out) == cold(tmp_path, last)


def test_a_build_that_replaced_no_tree_keeps_a_twin_of_its_own_for_the_next_build(site, tmp_path):
    # A first build: the next one is written over a twin of it (its folders, links to its files), not
    # made from nothing.
    out = build(site, stories(("a", "甲"), ("b", "乙")))
    twin = site / ".site.kept" / "site"
    assert files_under(twin) == files_under(out)
    assert (twin / "stories/a/index.html").stat().st_ino == (out / "stories/a/index.html").stat().st_ino
    twin_folder = (twin / "stories" / "a").stat().st_ino
    edited = stories(("a", "甲"), ("b", "乙改"))
    out = build(site, edited)
    assert (out / "stories" / "a").stat().st_ino == twin_folder  # the twin's folder, not one made anew
    assert tree_hashes(out) == cold(tmp_path, edited)
    # New settings change every file's fingerprint: the replaced tree is not worth keeping, a twin is.
    renamed = make_settings(name="潍坊好人榜")
    out = build(site, edited, settings=renamed)
    assert read_manifest(twin).files == read_manifest(out).files
    assert (twin / "stories/b/index.html").stat().st_ino == (out / "stories/b/index.html").stat().st_ino
    assert "潍坊好人榜" in read(twin / "stories/b/index.html")


def test_a_page_gone_since_the_kept_tree_leaves_no_file_and_no_folder(site, tmp_path):
    build(site, stories(("a", "甲"), ("old", "旧文")))
    build(site, stories(("a", "甲")))
    out = build(site, stories(("a", "甲"), ("new", "新文")))
    assert not (out / "stories" / "old").exists()
    assert tree_hashes(out) == cold(tmp_path, stories(("a", "甲"), ("new", "新文")))


def test_an_extra_file_that_keeps_its_name_is_published_with_its_new_content(site, tmp_path):
    # The search index's entry and script are such files: named alike, new content after an edit.
    sources = tmp_path / "index"
    sources.mkdir()
    for number in (1, 2, 3):
        source = sources / f"build-{number}" / "pagefind-entry.json"
        source.parent.mkdir()
        source.write_text(f'{{"build": {number}}}', encoding="utf-8")
        out = build(site, stories(("a", "甲")), {"pagefind/pagefind-entry.json": source,
                                                 "feed.json": f'{{"items": {number}}}'.encode()})
        assert read(out / "pagefind/pagefind-entry.json") == f'{{"build": {number}}}'
        assert read(out / "feed.json") == f'{{"items": {number}}}'


@pytest.mark.parametrize("damage", ["a file changed", "a file added", "no manifest"])
def test_a_kept_tree_that_is_not_what_its_manifest_says_is_not_built_upon(site, tmp_path, damage):
    out = build(site, stories(("a", "甲"), ("b", "乙")))
    first = folders(out, "a", "b")
    build(site, stories(("a", "甲"), ("b", "乙改")))
    kept = site / ".site.kept"
    if damage == "a file changed":  # a new file in its place: the published one, a hard link of it, stays
        replacement = kept / "site/stories/a/new.html"
        replacement.write_text("<h1>改坏了</h1>", encoding="utf-8")
        os.replace(replacement, kept / "site/stories/a/index.html")
    elif damage == "a file added":
        (kept / "site/stories/a/extra.html").write_text("<h1>多出来的</h1>", encoding="utf-8")
    else:  # what a build killed while updating the kept tree leaves
        (kept / ".site.manifest.json").unlink()
    last = stories(("a", "甲"), ("b", "乙再改"))
    out = build(site, last)
    assert folders(out, "a", "b") != first  # made anew
    assert tree_hashes(out) == cold(tmp_path, last)


def test_the_kept_tree_holds_only_what_the_site_publishes_now(site):
    # A withdrawn person's page must not stay on disk beside the site: the replaced tree never did.
    build(site, stories(("a", "甲"), ("withdrawn", "撤回同意的人"), ("b", "乙")))
    out = build(site, stories(("a", "甲"), ("b", "乙改")))
    kept = site / ".site.kept" / "site"
    assert (kept / "stories/a/index.html").is_file()
    assert not (kept / "stories" / "withdrawn").exists()
    for file in (path for path in kept.rglob("*") if path.is_file()):
        assert file.read_bytes() == (out / file.relative_to(kept)).read_bytes(), file  # as published now


def test_a_build_over_the_kept_tree_lists_exactly_the_files_it_publishes(site, tmp_path):
    # Its manifest is made from what the build placed, not from a walk; the next build checks it with site/.
    build(site, stories(("a", "甲"), ("old", "旧文")), {"feed.json": b"1"})
    build(site, stories(("a", "甲"), ("b", "乙")), {"feed.json": b"2"})
    out = build(site, stories(("a", "甲改"), ("b", "乙"), ("new", "新文")), {"feed.json": b"3"})
    manifest = read_manifest(out)  # raises when a file is missing, added, or of another size or time
    assert {name: entry[1:] for name, entry in manifest.files.items()} == files_under(out)
    assert "stories/new/index.html" in manifest.files and "stories/old/index.html" not in manifest.files
