"""The published and kept trees walked in a forked process: only what it found as listed is taken on trust."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from haoren.publish import manifest as manifest_module
from haoren.publish import treewalks
from haoren.publish.kept import kept_tree
from haoren.publish.manifest import Unusable, read_manifest
from haoren.publish.treewalks import WalkedTrees, walked_trees

from ..tiny_site import basic_pages, build, make_site_folder, page


@pytest.fixture(autouse=True)
def forking(monkeypatch):
    """A build forks its walker only without other threads; an earlier test's (a preview's server) must
    not turn these tests into ones without a walk."""
    monkeypatch.setattr(treewalks, "can_fork", lambda: True)


def edited(title: str):
    return basic_pages(page("/stories/a/", title))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A site published twice: site/ and the tree the second swap replaced, kept beside it."""
    site = make_site_folder(tmp_path)
    build(site, edited("甲"))
    out = build(site, edited("甲改"))
    assert kept_tree(out).is_dir()
    return out


def identity(tree: Path):
    return read_manifest(tree, check_files=False).identity


def test_the_walk_confirms_both_trees_as_their_manifests_list_them(out: Path):
    with walked_trees(out) as walked:
        assert walked.confirmed(out) == identity(out)
        assert walked.confirmed(kept_tree(out)) == identity(kept_tree(out))


def test_a_file_changed_by_hand_is_not_confirmed_and_the_manifest_read_finds_it(out: Path):
    (out / "about" / "index.html").write_text("hacked", encoding="utf-8")
    with walked_trees(out) as walked:
        assert walked.confirmed(out) is None
        with pytest.raises(Unusable, match=r"^about/index.html in site/ was changed since the last build$"):
            read_manifest(out, walked=walked.confirmed(out))


def test_a_manifest_published_after_the_walk_is_checked_anew(out: Path):
    with walked_trees(out) as walked:
        confirmed = walked.confirmed(out)
    build(out.parent, edited("甲再改"))  # another build publishes: a new manifest
    (out / "about" / "index.html").write_text("hacked", encoding="utf-8")
    assert confirmed is not None and confirmed != identity(out)
    with pytest.raises(Unusable, match="was changed since the last build"):
        read_manifest(out, walked=confirmed)


def test_a_publish_does_not_walk_again_the_trees_the_walk_confirmed(out: Path, monkeypatch):
    walks: list[Path] = []
    real = manifest_module.files_under
    with walked_trees(out) as walked:  # forked before the count below: its own walks are not counted
        monkeypatch.setattr(manifest_module, "files_under",
                            lambda root: walks.append(Path(root)) or real(root))
        build(out.parent, edited("甲三改"), walked=walked)
    assert walks == []
    read_manifest(out)  # and what it published is what its manifest lists


def test_without_a_walk_a_publish_walks_both_trees_itself(out: Path, monkeypatch):
    walks: list[Path] = []
    real = manifest_module.files_under
    monkeypatch.setattr(manifest_module, "files_under", lambda root: walks.append(Path(root)) or real(root))
    build(out.parent, edited("甲三改"), walked=WalkedTrees(None))
    assert [walk.name for walk in walks] == ["site", "site"]  # site/ and the kept tree, before it is used


def test_the_walking_process_is_gone_when_the_build_ends_however_it_ends(out: Path):
    others = set(multiprocessing.active_children())  # an earlier test's workers are not this build's
    walkers = []
    with walked_trees(out) as walked:
        walkers += set(multiprocessing.active_children()) - others
        walked.confirmed(out)
    with pytest.raises(RuntimeError), walked_trees(out):
        walkers += set(multiprocessing.active_children()) - others - set(walkers)
        raise RuntimeError("a build that failed early")
    assert len(walkers) == 2 and not any(walker.is_alive() for walker in walkers)
