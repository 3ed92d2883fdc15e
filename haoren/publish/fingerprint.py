"""Fingerprints of build inputs: values, files, folders, Haoren's code and the installed packages."""

from __future__ import annotations

import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path

CODE = Path(__file__).resolve().parents[1]  # the whole haoren package
# Bump when the incremental mechanism itself changes what a fingerprint means.
SCHEME = "haoren-incremental-1"


def digest(*parts: object) -> str:
    """A stable hex digest of values whose repr() is faithful (str, numbers, dates, frozen dataclasses, tuples).

    repr() of our frozen records lists every field with its value, so two values with the same
    digest render the same; it never depends on object identity, unlike pickle's memo.
    """
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def tree_digest(*roots: Path) -> str:
    """Every file's relative name and bytes under each root, in order (a missing root counts as missing).

    Where the roots are does not count: a moved site folder renders the same files.
    """
    hasher = hashlib.blake2b(digest_size=20)
    for number, root in enumerate(roots):
        hasher.update(f"root {number}\0".encode())
        if root.is_file():
            hasher.update(root.read_bytes())
            continue
        if not root.is_dir():
            hasher.update(b"missing\0")
            continue
        for folder, folders, files in os.walk(root):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(files):
                path = Path(folder, name)
                hasher.update(os.fsencode(path.relative_to(root)) + b"\0")
                hasher.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    return hasher.hexdigest()


@functools.lru_cache(maxsize=1)
def software_digest() -> str:
    """Haoren's own code and every installed package at its version: a new release renders anew."""
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return digest(SCHEME, tree_digest(CODE), packages)
