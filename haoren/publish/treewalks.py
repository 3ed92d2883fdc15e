"""The published and kept trees checked against their manifests in a forked process, while the build goes on.

Publishing an edit walks both trees (40,000 files each at 10,000 stories) before it writes anything:
a second of the build's one busy core, beside Pagefind, which wanted that core. At the build's
start the second core is idle. The walk here only ever confirms: for each tree, the identity of the
manifest whose every file it found as listed. publish skips its own walk of a tree whose manifest is
still that one (manifest.read_manifest's `walked`); in every other case, a problem found included,
the tree is walked where it is used, so what a build says and does is as before. A file changed
between this walk and its use goes unseen, as one changed between publish's walk and the swap
always did.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from haoren.publish.kept import kept_tree
from haoren.publish.manifest import Identity, read_manifest
from haoren.forking import can_fork


class WalkedTrees:
    """What the forked walk confirmed, asked for when a tree is about to be used."""

    def __init__(self, receiver: Connection | None):
        self._receiver = receiver
        self._confirmed: dict[str, Identity] | None = None if receiver is not None else {}

    def confirmed(self, tree: Path) -> Identity | None:
        """The identity of the manifest `tree` was found to match, waiting for the walk if it runs still."""
        if self._confirmed is None:
            try:
                self._confirmed = self._receiver.recv()
            except (EOFError, OSError):  # it died without a word: every tree is walked where it is used
                self._confirmed = {}
        return self._confirmed.get(str(Path(tree).absolute()))


@contextlib.contextmanager
def walked_trees(out_dir: Path) -> Iterator[WalkedTrees]:
    """`out_dir` and its kept tree (publish/kept.py) walked in a forked process while the body runs; the
    process is gone when the body ends, however it ends. Where forking is not safe, nothing is walked."""
    if not can_fork():
        yield WalkedTrees(None)
        return
    trees = [Path(out_dir).absolute(), kept_tree(out_dir)]
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    walker = context.Process(target=_walk, args=(trees, sender, receiver), daemon=True)
    walker.start()
    sender.close()
    try:
        yield WalkedTrees(receiver)
    finally:
        receiver.close()
        walker.terminate()  # done long before, unless the build failed early
        walker.join()


def _walk(trees: list[Path], sender: Connection, receiver: Connection) -> None:
    """In the forked process: send the identity of each tree's manifest that its files match."""
    receiver.close()  # a parent that stops listening breaks the pipe: this process ends, not blocks
    confirmed = {}
    for tree in trees:
        try:
            confirmed[str(tree)] = read_manifest(tree).identity
        except Exception:  # noqa: BLE001  whatever it is (a tree removed meanwhile), publish walks and says it
            pass
    with contextlib.suppress(OSError):
        sender.send(confirmed)
    sender.close()
