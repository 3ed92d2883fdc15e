"""The tree the last swap replaced, kept beside site/ so the next build is written over it: only what changed.

A build used to make its new site/ from nothing: a folder for each of 13,000 pages and a link for each
of 40,000 files at 10,000 stories, for an edit that changes a hundred. Now the site/ a swap replaces is
kept as `.<out>.kept/site`, with the manifest it was published with (`.<out>.kept/manifest.json`).
The next build moves it into its work folder and makes it the new tree:

- a file whose fingerprint is the one this build wants stays as it is (`TreeUpdate.holds`);
- any other is unlinked before its new content is written (`TreeUpdate.clear`): the kept files are
  hard links of the published site's and of the cache's, and writing into one would change those;
- what this build did not place is removed at the end, and the folders it leaves empty
  (`TreeUpdate.finish`).

The kept tree is only used when it is exactly what its manifest says (every file's size and mtime,
and no other file). Its manifest is removed before the tree is touched, so a build killed while
updating it leaves nothing that could be used again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from haoren.publish.manifest import Manifest, files_under
from haoren.publish.swap import remove_in_background

KEPT_FORMAT = 1


def kept_folder(out_dir: Path) -> Path:
    out_dir = Path(out_dir).absolute()
    return out_dir.parent / f".{out_dir.name}.kept"


def keep_tree(tree: Path, out_dir: Path, manifest: Manifest | None) -> None:
    """Keep `tree` (the site/ a swap just replaced, published with `manifest`) for the next build.

    Without a manifest to describe it, nothing is kept: the caller deletes the tree.
    """
    if manifest is None or not tree.is_dir():
        return
    folder = kept_folder(out_dir)
    _discard(folder, out_dir)
    # Named like a work folder: one a killed build left is removed by the next (publish/swap.py).
    staging = Path(tempfile.mkdtemp(prefix=f".{Path(out_dir).name}.tmp-", dir=folder.parent))
    os.rename(tree, staging / "site")
    files = {name: list(entry) for name, entry in manifest.files.items()}
    (staging / "manifest.json").write_text(json.dumps({"format": KEPT_FORMAT, "files": files}), encoding="utf-8")
    os.rename(staging, folder)  # whole or not at all: a folder without its manifest is never used


class TreeUpdate:
    """Where this build's files go in `built`: over the kept tree when it is usable, else into a new folder."""

    def __init__(self, built: Path, kept: Mapping[str, str]):
        self.built = Path(built)
        self._kept = dict(kept)  # site path -> fingerprint, of the files `built` holds now
        self._placed: set[str] = set()
        self._folders: set[Path] = set()  # made or found so far: one mkdir a folder, not one a file

    @classmethod
    def start(cls, out_dir: Path, built: Path, usable: bool) -> TreeUpdate:
        """Move the kept tree to `built` when `usable` (the published site was checked) and it is whole."""
        folder = kept_folder(out_dir)
        kept = _checked(folder) if usable else None
        if kept is None:
            _discard(folder, out_dir)
            return cls(built, {})
        try:
            (folder / "manifest.json").unlink()  # from here, a killed build leaves a tree never used again
            os.rename(folder / "site", built)
        except OSError:  # not kept after all: this build makes its tree from nothing
            _discard(folder, out_dir)
            return cls(built, {})
        _discard(folder, out_dir)  # empty now, unless something was added since the check
        return cls(built, kept)

    @property
    def reused(self) -> bool:
        return bool(self._kept)

    def holds(self, path: str, fingerprint: str) -> bool:
        """True, and nothing to write, when the tree holds `path` with this fingerprint already (and no
        other file was put there this build)."""
        if path not in self._placed and self._kept.get(path) == fingerprint:
            self._placed.add(path)
            return True
        return False

    def clear(self, path: str) -> Path:
        """`built/path` ready to be written: no file there (a kept one is unlinked), its folder made."""
        target = self.built / path
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

    def placed(self, path: str) -> None:
        """`path` was put in place by a rename over whatever was there (MkDocs' files, merged)."""
        self._placed.add(path)

    def finish(self) -> None:
        """Remove the kept files this build did not place, then the folders that left empty."""
        folders: set[Path] = set()
        for path in self._kept.keys() - self._placed:
            target = self.built / path
            target.unlink(missing_ok=True)
            folders.update(parent for parent in target.parents if parent != self.built and self.built in parent.parents)
        for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
            try:
                folder.rmdir()  # refused while it holds anything
            except OSError:
                pass


def _checked(folder: Path) -> dict[str, str] | None:
    """The kept tree's fingerprints when it holds exactly the files its manifest lists, as listed."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if data.get("format") != KEPT_FORMAT:
            return None
        listed = {str(name): (str(entry[0]), int(entry[1]), int(entry[2])) for name, entry in data["files"].items()}
        found = files_under(folder / "site")
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    if found.keys() != listed.keys() or any(found[name] != entry[1:] for name, entry in listed.items()):
        return None
    return {name: entry[0] for name, entry in listed.items()}


def _discard(folder: Path, out_dir: Path) -> None:
    """Remove `folder` in the background, named as a replaced tree: if its deleter dies with the
    machine, the next build starts another (publish/swap.py)."""
    if not folder.exists():
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{Path(out_dir).name}.old-", dir=folder.parent))
    os.rename(folder, aside / "tree")
    remove_in_background(aside)
