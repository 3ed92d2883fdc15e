"""The tree the last swap replaced, kept beside site/ so the next build is written over it: only what changed.

A build used to make its new site/ from nothing: a folder for each of 13,000 pages and a link for each
of 40,000 files at 10,000 stories, for an edit that changes a hundred. Now the site/ a swap replaces is
kept as `.<out>.kept/site`, with the manifest it was published with (`.<out>.kept/.site.manifest.json`).
The next build moves it into its work folder and makes it the new tree:

- a file whose fingerprint is the one this build wants stays as it is (`TreeUpdate.holds`);
- any other is unlinked before its new content is written (`TreeUpdate.clear`): the kept files are
  hard links of the published site's and of the cache's, and writing into one would change those;
- what this build did not place is removed at the end, and the folders it leaves empty
  (`TreeUpdate.finish`).

The kept tree holds only what the new site publishes alike: at the swap, every other file of the
replaced tree (a withdrawn person's page, card and poster; an edited page's old version) is deleted at
once, as the whole replaced tree used to be. It is only used when it is exactly what its manifest
says (manifest.read_manifest: every file's size and mtime, and no other file). Its manifest is
removed before the tree is touched, so a build killed while updating it leaves nothing that could
be used again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from haoren.publish.manifest import (Identity, Manifest, Unusable, files_under, forget_manifest,
                                     read_manifest, write_listed, write_manifest)
from haoren.publish.swap import remove_in_background


def kept_folder(out_dir: Path) -> Path:
    out_dir = Path(out_dir).absolute()
    return out_dir.parent / f".{out_dir.name}.kept"


def kept_tree(out_dir: Path) -> Path:
    """The tree the last swap replaced, kept for the next build (its manifest beside it in `kept_folder`)."""
    return kept_folder(out_dir) / "site"


def keep_tree(tree: Path, out_dir: Path, published: Manifest | None,
              now_published: Mapping[str, str]) -> bool:
    """Keep `tree` (the site/ a swap just replaced, published as `published` says) for the next build,
    without the files the new site does not publish alike (`now_published`: path -> fingerprint).

    Without a manifest to describe it, or when most of it changed (a build after a code change),
    nothing is kept (False): the caller deletes the tree in the background.
    """
    if published is None or not tree.is_dir():
        return False
    stale = {name for name, entry in published.files.items() if now_published.get(name) != entry[0]}
    if len(stale) * 2 > len(published.files):
        return False
    remove_files(tree, stale)
    staging = _staging(out_dir)
    os.rename(tree, staging / "site")
    kept = {name: entry for name, entry in published.files.items() if name not in stale}
    write_listed(staging / "site", published.build, kept)
    os.rename(staging, kept_folder(out_dir))  # whole or not at all: never a folder without its manifest
    return True


def keep_twin(out_dir: Path, build: str, fingerprints: Mapping[str, str],
              found: Mapping[str, tuple[int, int]]) -> None:
    """Keep a twin of the site/ just published (`found`: its files' sizes and mtimes, each listed in
    `fingerprints`) for the next build: a folder for each of its folders, a hard link for each file.

    For a swap that kept no tree (a first build, one after a code change): the next build would make
    its tree from nothing, 13,000 folders and 40,000 links at 10,000 stories (1.2 s more for the first
    edit after a cold build than for the next one). The twin costs that build the same work, 1.4-2 s.
    """
    staging = _staging(out_dir)
    twin = staging / "site"
    made: set[Path] = set()
    try:
        for name in found:
            target = twin / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.link(Path(out_dir) / name, target)
        write_manifest(twin, build, fingerprints, found)
    except OSError:  # another file system, or a file gone: the next build makes its tree from nothing
        shutil.rmtree(staging, ignore_errors=True)
        return
    os.rename(staging, kept_folder(out_dir))  # whole or not at all, as keep_tree's


def _staging(out_dir: Path) -> Path:
    """An empty folder to make the kept tree in, the last kept folder discarded. Named like a work folder:
    one a killed build left is removed by the next (publish/swap.py)."""
    folder = kept_folder(out_dir)
    _discard(folder, out_dir)
    return Path(tempfile.mkdtemp(prefix=f".{Path(out_dir).name}.tmp-", dir=folder.parent))


def remove_files(root: Path, paths: Iterable[str]) -> None:
    """Unlink each of `paths` under `root`, then the folders that left empty, deepest first."""
    folders: set[Path] = set()
    for path in paths:
        target = root / path
        target.unlink(missing_ok=True)
        folders.update(parent for parent in target.parents if root in parent.parents)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        try:
            folder.rmdir()  # refused while it holds anything
        except OSError:
            pass


class TreeUpdate:
    """Where this build's files go in `built`: over the kept tree when it is usable, else into a new folder."""

    def __init__(self, built: Path, kept: Mapping[str, tuple[str, int, int]]):
        self.built = Path(built)
        # site path -> (fingerprint, size, mtime_ns), of the files `built` holds now (checked at `start`)
        self._kept = dict(kept)
        self._placed: set[str] = set()
        self._held: set[str] = set()  # kept files left as they were: their status is the kept one
        self._folders: set[Path] = set()  # made or found so far: one mkdir a folder, not one a file

    @classmethod
    def start(cls, out_dir: Path, built: Path, usable: bool, walked: Identity | None = None) -> TreeUpdate:
        """Move the kept tree to `built` when `usable` (the published site was checked) and it is whole
        (`walked`: the identity of its manifest, when a walk found its files as listed, see read_manifest)."""
        folder = kept_folder(out_dir)
        try:
            if not usable:
                raise Unusable("the published site was not checked")
            kept = read_manifest(kept_tree(out_dir), walked=walked)
            forget_manifest(kept_tree(out_dir))  # from here, a killed build leaves a tree never used again
            os.rename(kept_tree(out_dir), built)
        except (Unusable, OSError):  # none, or not kept after all: this build makes its tree from nothing
            _discard(folder, out_dir)
            return cls(built, {})
        _discard(folder, out_dir)  # empty now, unless something was added since the check
        return cls(built, kept.files)

    @property
    def reused(self) -> bool:
        return bool(self._kept)

    def holds(self, path: str, fingerprint: str) -> bool:
        """True, and nothing to write, when the tree holds `path` with this fingerprint already (and no
        other file was put there this build)."""
        if path not in self._placed and path in self._kept and self._kept[path][0] == fingerprint:
            self._placed.add(path)
            self._held.add(path)
            return True
        return False

    def clear(self, path: str) -> Path:
        """`built/path` ready to be written: no file there (a kept one is unlinked), its folder made."""
        target = self.built / path
        self._held.discard(path)
        if path in self._kept or path in self._placed:
            target.unlink(missing_ok=True)
        else:
            if target.parent not in self._folders:
                self._make_folder(target.parent)
            if self._kept and target.is_dir():  # a kept page's folder where this build has a file
                shutil.rmtree(target)
        self._placed.add(path)
        return target

    def _make_folder(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            # A kept file where this build has a folder: this build cannot also want that file.
            for parent in reversed([folder, *folder.parents]):
                if parent.is_file() and self.built in parent.parents:
                    parent.unlink()
            folder.mkdir(parents=True, exist_ok=True)
        self._folders.add(folder)

    def made(self, path: str) -> bool:
        """True when this build put `path` in the tree: a file kept from the last build does not count
        (the theme's 404 page, where a site's copy of the theme lost its template since)."""
        return path in self._placed if self._kept else (self.built / path).is_file()

    def placed(self, path: str) -> None:
        """`path` was put in place by a rename over whatever was there (MkDocs' files, merged)."""
        self._placed.add(path)
        self._held.discard(path)

    def finish(self) -> dict[str, tuple[int, int]]:
        """Remove the kept files this build did not place, then the folders that left empty; return
        every file of the tree with its size and mtime_ns, as manifest.files_under would.

        Over a kept tree, that is the files placed: a kept one left as it was has the status it was
        checked with, the others are asked theirs. After an edit at 10,000 stories this asks a
        thousand files where walking the tree asked 40,000 (0.3 s, once the search index was made).
        """
        remove_files(self.built, self._kept.keys() - self._placed)
        if not self._kept:
            return files_under(self.built)
        found = {}
        for path in self._placed:
            if path in self._held:
                found[path] = tuple(self._kept[path][1:])
            else:
                status = os.stat(self.built / path)
                found[path] = (status.st_size, status.st_mtime_ns)
        return found


def _discard(folder: Path, out_dir: Path) -> None:
    """Remove `folder` in the background, named as a replaced tree: if its deleter dies with the
    machine, the next build starts another (publish/swap.py)."""
    if not folder.exists():
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{Path(out_dir).name}.old-", dir=folder.parent))
    os.rename(folder, aside / "tree")
    remove_in_background(aside)
