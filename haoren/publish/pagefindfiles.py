"""Pagefind's output made byte-stable: the same records give the same files, whatever the process.

Pagefind 1.5.2 keeps each filter's values (and the list of filters) in Rust hash maps, whose order
is seeded at random per process, and names every file after its content. So two cold runs write the
same index with different filter files, a different meta file and a different entry. Here the
filter values and filters are sorted, and the files renamed by their new content, as Pagefind names
them: `<language>_<hash>`. Nothing else is touched; the decoded structures round-trip through CBOR
byte for byte.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind data file starts with
FILTER_HASH = 7  # hex digits of a filter file's name, as Pagefind writes them
META_HASH = 13


class UnexpectedIndex(Exception):
    """Pagefind wrote files this step does not know how to read (another Pagefind version)."""


def stabilize(bundle: Path) -> None:
    """Rewrite the filter files, the meta file and the entry of the Pagefind `bundle` folder in a stable order."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, about in sorted(entry["languages"].items()):
        meta_file = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_file)
        try:
            filters = meta[3]
            renamed = sorted((name, _stable_filter(bundle / "filter", language, hash_))
                             for name, hash_ in filters)
        except (IndexError, TypeError, ValueError) as unknown:
            raise UnexpectedIndex(f"{meta_file.name}: {unknown}") from None
        meta[3] = [list(pair) for pair in renamed]
        about["hash"] = _write(bundle, "pagefind.{}.pf_meta", language, META_HASH, meta)
        if meta_file.name != f"pagefind.{about['hash']}.pf_meta":
            meta_file.unlink()
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _stable_filter(folder: Path, language: str, hash_: str) -> str:
    """One filter file with its values sorted, under its new name; returns the name's hash part."""
    path = folder / f"{hash_}.pf_filter"
    name, values = _read(path)
    stable = _write(folder, "{}.pf_filter", language, FILTER_HASH, [name, sorted(values, key=lambda v: v[0])])
    if path.name != f"{stable}.pf_filter":
        path.unlink()
    return stable


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnexpectedIndex(f"{path.name} is not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE):])


def _write(folder: Path, pattern: str, language: str, digits: int, value) -> str:
    data = SIGNATURE + cbor2.dumps(value)
    stem = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    # mtime 0: gzip's header would otherwise carry the time of writing.
    (folder / pattern.format(stem)).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return stem
