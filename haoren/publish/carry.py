"""Carrying unchanged outputs over from the last published site/: the incremental plan of one publish."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from haoren.publish.kept import TreeUpdate
from haoren.publish.manifest import (Identity, Manifest, Unusable, files_under, forget_manifest,
                                     read_manifest, write_manifest)


@dataclass(frozen=True)
class Carry:
    """Which outputs of this build the published `out_dir` already holds, by fingerprint.

    `render_key` stands for everything every page's file depends on besides the page itself
    (software, mkdocs.yml, the theme, the settings, the nav); a page's fingerprint is that plus
    the page's own finished content, so the file MkDocs would write for it is the same exactly
    when the fingerprint is.
    """

    out_dir: Path
    render_key: str
    previous: Manifest | None
    cold_reason: str | None

    @classmethod
    def start(cls, out_dir: Path, incremental: bool, render_key: str, known: Manifest | None = None,
              walked: Identity | None = None) -> Carry:
        """Read and check the last manifest; any doubt makes this a cold build, with the reason.

        `known` is the manifest this build read before it took the lock, `walked` the identity of one
        whose files a walk found as listed (see read_manifest).
        """
        if not incremental:
            return cls(Path(out_dir), render_key, None, "asked for a full build")
        try:
            return cls(Path(out_dir), render_key, read_manifest(out_dir, known, walked=walked), None)
        except Unusable as why:
            return cls(Path(out_dir), render_key, None, str(why))

    def unchanged(self, path: str, fingerprint: str) -> bool:
        return self.previous is not None and self.previous.fingerprint(path) == fingerprint

    def link(self, tree: TreeUpdate, files: Iterable[tuple[str, str]]) -> int:
        """Hard-link each (path, fingerprint) from the published site into `tree`, unless the tree holds
        it already (a kept tree, publish/kept.py); returns how many files are carried over."""
        count = 0
        for path, fingerprint in files:
            count += 1
            if not tree.holds(path, fingerprint):
                link_or_copy(self.out_dir / path, tree.clear(path))
        return count

    def forget_published(self) -> None:
        """Just before the swap: a build killed between swap and record leaves no manifest, so starts cold."""
        forget_manifest(self.out_dir)

    def record(self, build_key: str, fingerprints: Mapping[str, str],
               found: Mapping[str, tuple[int, int]] | None = None) -> None:
        write_manifest(self.out_dir, build_key, fingerprints, found)


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link costs no bytes and keeps the file's identity; across file systems, a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def bytes_key(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=20).hexdigest()


