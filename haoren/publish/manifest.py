"""The manifest of a published site/: every file with the fingerprint of its inputs, kept beside site/."""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 2
_FILES_AT_ONCE = 4096  # files a manifest is written a slice of at a time (_write_files)
Identity = tuple[int, int, int]  # a manifest file's (inode, size, mtime_ns): every build writes a new file


@dataclass(frozen=True)
class Manifest:
    """What the last build published: the whole build's input fingerprint and each file's.

    `files` maps a site-relative path to (fingerprint, size, mtime_ns); the last two tell whether
    the file in site/ is still the one the build wrote (a carried-over file is a hard link, so it
    keeps both; a copy made with its times, `cp -a`, too).
    """

    build: str
    files: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    # The manifest file's (inode, size, mtime_ns) when read: every build writes a new file, so a
    # second read finding the same identity finds this very manifest (read_manifest's `known`).
    identity: Identity | None = field(default=None, compare=False)
    # False when read with check_files=False: its files are not yet compared with the folder's.
    checked: bool = field(default=True, compare=False)

    def fingerprint(self, path: str) -> str | None:
        entry = self.files.get(path)
        return entry[0] if entry else None


class Unusable(Exception):
    """The last build cannot be built upon; the message says why, in a few words."""


def manifest_path(out_dir: Path) -> Path:
    """Beside site/, never inside it: a web server publishing site/ never serves it."""
    out_dir = Path(out_dir).absolute()
    return out_dir.parent / f".{out_dir.name}.manifest.json"


def read_manifest(out_dir: Path, known: Manifest | None = None, *, check_files: bool = True,
                  walked: Identity | None = None) -> Manifest:
    """The manifest of `out_dir`, checked against the files there; raises Unusable saying why not.

    `known`, the manifest an earlier read in this build returned, is returned again without reading
    or walking `out_dir` when the manifest file is still the one it came from: no build has
    published since (each writes a new file), and that read checked the files, or they are checked now.
    Without `check_files` the files are left for a later read to check (walking them takes a
    ten-year archive's site/ half a second, which a build that changed something spends later,
    while the search index is made). `walked` is the identity of a manifest whose files a walk elsewhere
    found as listed (publish/treewalks.py): while the manifest is still that one, they are not walked again.
    """
    path = manifest_path(out_dir)
    if not Path(out_dir).is_dir():
        raise Unusable(f"there is no {Path(out_dir).name}/ yet")
    if known is not None and known.identity is not None and _identity(path) == known.identity:
        if known.checked or not check_files:
            return known
        if walked != known.identity:
            _check_files(Path(out_dir), known)
        return dataclasses.replace(known, checked=True)
    try:
        identity = _identity(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("another format")
        manifest = Manifest(str(data["build"]), {
            str(name): (str(entry[0]), int(entry[1]), int(entry[2]))
            for name, entry in data["files"].items()
        }, identity, check_files)
    except FileNotFoundError:
        raise Unusable(f"no manifest beside {Path(out_dir).name}/") from None
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        raise Unusable(f"the manifest {path.name} is damaged") from None
    if check_files and (walked is None or walked != identity):
        _check_files(Path(out_dir), manifest)
    return manifest


def _identity(path: Path) -> Identity | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def files_under(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under `root` (site-relative, with '/') with its size and mtime_ns, in one walk.

    One scandir pass with each entry's own stat: a site of two editions at 10,000 stories has
    over 30,000 files, and this runs on every build, the ones that change nothing included.
    """
    found: dict[str, tuple[int, int]] = {}
    for name, entry in _entries_under(root):
        status = entry.stat()
        found[name] = (status.st_size, status.st_mtime_ns)
    return found


def names_under(root: Path) -> set[str]:
    """Every file under `root` (relative, with '/'), from its folders' listings alone (no file's status)."""
    return {name for name, _ in _entries_under(root)}


def _entries_under(root: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    pending = [(os.fspath(root), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    yield prefix + entry.name, entry


def _check_files(out_dir: Path, manifest: Manifest) -> None:
    """Every file the manifest lists is there, unchanged, and there is no other."""
    found = files_under(out_dir)
    for name in sorted(found.keys() ^ manifest.files.keys()):
        where = "added to" if name in found else "missing from"
        raise Unusable(f"{name} was {where} {out_dir.name}/ since the last build")
    for name, (_, size, mtime_ns) in manifest.files.items():
        if found[name] != (size, mtime_ns):
            raise Unusable(f"{name} in {out_dir.name}/ was changed since the last build")


def forget_manifest(out_dir: Path) -> None:
    """Before a swap: until the new manifest is written, no manifest means the next build starts cold."""
    manifest_path(out_dir).unlink(missing_ok=True)


def write_manifest(out_dir: Path, build: str, fingerprints: Mapping[str, str],
                   found: Mapping[str, tuple[int, int]] | None = None) -> None:
    """Record every file now in `out_dir` with its fingerprint and its identity on disk.

    `found` is files_under() of the tree swapped in as `out_dir`, when the caller walked it already:
    a rename keeps every file's size and mtime.
    """
    found = files_under(Path(out_dir)) if found is None else found
    _write_files(out_dir, build, ((name, (fingerprints[name], *found[name])) for name in sorted(fingerprints)))


def write_listed(out_dir: Path, build: str, files: Mapping[str, tuple[str, int, int]]) -> None:
    """Record `files` (path -> fingerprint, size, mtime_ns) as the manifest of `out_dir`, as they are."""
    _write_files(out_dir, build, sorted(files.items()))


def _write_files(out_dir: Path, build: str, files: Iterable[tuple[str, tuple[str, int, int]]]) -> None:
    """The manifest written a slice of its files at a time, in the order given (by path), as one JSON object.

    At 10,000 stories with the 繁體 edition, the whole text and the dict it was made from (90,000
    files) were the largest process's last and highest 50 MB.
    """
    path = manifest_path(out_dir)
    files = iter(files)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=path.name,
                                     suffix=".tmp", delete=False) as file:
        file.write(f'{{"build": {json.dumps(build, ensure_ascii=False)}, "files": {{')
        separator = ""
        while part := dict(itertools.islice(files, _FILES_AT_ONCE)):
            file.write(separator + json.dumps(part, ensure_ascii=False)[1:-1])
            separator = ", "
        file.write(f'}}, "format": {FORMAT}}}')
    os.replace(file.name, path)
