"""The last clean validation, and each file's checked entry, remembered by the hash of every content file
and of the code that checked them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from haoren.cachefile import keep_only, mark_used, read_kept
from haoren.drawing.fonts import installed_fonts
from haoren.load.documents import Document, is_document
from haoren.schema import Content
from haoren.sourcedigests import SourceDigests
from haoren.validate.paths import CACHE_FOLDER
from haoren.validate.site import EntryMemo

CONTENT_FOLDERS = ("stories", "honorees", "content")
CODE = Path(__file__).resolve().parents[1]  # the whole haoren package
# Written by every build that publishes something new, and never read by the validation remembered here:
# `check` and `build` read and compare it on every run (model.ledger). Counting it would make each such
# build throw away the next check's result.
LEDGER = Path("content/published.yml")
_LEDGER_NAME = LEDGER.as_posix()

FileDigests = dict[str, bytes]  # site-relative POSIX path -> digest of its bytes (or "link:" + a symlink's target)


def checking_context() -> str:
    """What every check result depends on besides the files: Haoren's code and the installed CJK font
    (the glyph check: a font removed or upgraded checks again). Not the site's place: the results
    are kept with their paths under the site folder by their place in it (cachefile)."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(installed_fonts().encode() + b"\0")
    code: FileDigests = {}
    _digest_folder(os.fspath(CODE.parent), CODE.name, code, SourceDigests())
    for rel in sorted(code):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0" + code[rel])
    return digest.hexdigest()


def content_digests(site_dir: Path, source_digests: SourceDigests | None = None) -> FileDigests:
    """Every file under the content folders (names, links, bytes), the ledger of published addresses aside.

    A symlink counts by its target text, so adding one changes the digests and the validator gets to
    refuse it. The ledger counts only as such a symlink. With the digests the last build kept
    (`source_digests`), a file unchanged since is not read again: an archive's photos are gigabytes.
    """
    digests: FileDigests = {}
    source_digests = source_digests if source_digests is not None else SourceDigests()
    for folder in CONTENT_FOLDERS:
        _digest_folder(os.fspath(site_dir), folder, digests, source_digests)
    return digests


def _digest_folder(site: str, folder: str, digests: FileDigests, source_digests: SourceDigests) -> None:
    """Each file's digest under `site/folder`, by its path from `site` (content/published.yml aside):
    Haoren's code and the content alike. By directory entries and text paths: at 10,000 stories, a
    Path and two stat calls per file took 0.4 s of the content digests' 0.7 s."""
    try:
        entries = list(os.scandir(os.path.join(site, folder)))
    except OSError:  # gone, or not a folder: as os.walk, nothing under it
        return
    for entry in entries:
        rel = f"{folder}/{entry.name}"
        if entry.is_symlink():  # by its target text: symlinked folders are not followed
            digests[rel] = b"link:" + os.fsencode(os.readlink(entry.path))
        elif entry.is_dir():
            if entry.name != "__pycache__":
                _digest_folder(site, rel, digests, source_digests)
        elif entry.is_file():
            if rel == _LEDGER_NAME:
                continue
            try:
                digests[rel] = bytes.fromhex(source_digests.of(entry.path))
            except FileNotFoundError:  # removed since it was listed
                digests[rel] = b""
        else:
            digests[rel] = b""


def fingerprint(context: str, digests: FileDigests) -> str:
    """One key for a check: its context and every content file."""
    digest = hashlib.blake2b(context.encode(), digest_size=32)
    for rel in sorted(digests):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0" + digests[rel])
    return digest.hexdigest()


def remembered(site_dir: Path, key: str) -> Content | None:
    """The Content validated under exactly this fingerprint, if the last clean check left one."""
    file = _check_file(site_dir, key)
    content = read_kept(file, site_dir)
    if not isinstance(content, Content):
        file.unlink(missing_ok=True)  # damaged: a kept file is always a whole result (see remember)
        return None
    mark_used(file)
    return content


def remember(site_dir: Path, key: str, content: Content) -> None:
    """Keep one clean result; the previous one is no longer needed. One kept under the same key already
    is this very result (the same files, code and font): it is not written again."""
    file = _check_file(site_dir, key)
    if file.is_file():
        mark_used(file)
    else:
        keep_only(file, content, site_dir)


def _check_file(site_dir: Path, key: str) -> Path:
    return site_dir / CACHE_FOLDER / "check" / f"{key}.pickle"


ENTRY_SHARDS = 256  # files the entries are kept in, by path: an edit rewrites the one that holds the file


@dataclass(frozen=True)
class KeptEntries:
    """The last check's entries as they were read: remember_entries rewrites only the shards that differ."""

    context: str | None = None
    digests: FileDigests = field(default_factory=dict)
    entries: Mapping[str, object] = field(default_factory=dict)  # path -> its entry, compared by identity


def remembered_entries(
    site_dir: Path, context: str, digests: FileDigests
) -> tuple[Callable[[str, str], Document | None], EntryMemo, KeptEntries]:
    """The last check's entries, the reader check_site takes for the files whose bytes are the same,
    and what was read (for remember_entries).

    Nothing is kept when the context changed, or when any file that is not a content document (an image,
    captions, a video) was added, removed or changed: entries checked the files they name. A missing or
    damaged shard keeps nothing of its files.
    """
    kept_context, then, memo = None, {}, {}
    for shard in range(ENTRY_SHARDS):
        loaded = read_kept(_shard_file(site_dir, shard), site_dir)
        if not (isinstance(loaded, tuple) and len(loaded) == 3 and kept_context in (None, loaded[0])):
            continue
        kept_context = loaded[0]
        then.update(loaded[1])
        memo.update(loaded[2])
    read = KeptEntries(kept_context, dict(then), dict(memo))
    if kept_context != context or _other_file_changed(then, digests):
        memo, then = {}, {}

    def unchanged(rel: str, _path: str) -> Document | None:
        kept = memo.get(rel)
        return kept.doc if kept is not None and rel in digests and digests[rel] == then.get(rel) else None

    return unchanged, memo, read


def remember_entries(site_dir: Path, context: str, digests: FileDigests, memo: EntryMemo,
                     read: KeptEntries = KeptEntries()) -> None:
    """Keep this check's entries (problems or not): the next check reads again only the files changed since.

    A shard whose files, digests and entries are those `read` holds is left as it is.
    """
    now_digests: list[FileDigests] = [{} for _ in range(ENTRY_SHARDS)]
    now_entries: list[EntryMemo] = [{} for _ in range(ENTRY_SHARDS)]
    then_digests: list[FileDigests] = [{} for _ in range(ENTRY_SHARDS)]
    then_entries: list[dict[str, object]] = [{} for _ in range(ENTRY_SHARDS)]
    for rel, value in digests.items():
        now_digests[_shard_of(rel)][rel] = value
    for rel, entry in memo.items():
        now_entries[_shard_of(rel)][rel] = entry
    for rel, value in read.digests.items():
        then_digests[_shard_of(rel)][rel] = value
    for rel, entry in read.entries.items():
        then_entries[_shard_of(rel)][rel] = entry
    for shard in range(ENTRY_SHARDS):
        file = _shard_file(site_dir, shard)
        entries, kept = now_entries[shard], then_entries[shard]
        same = (read.context == context and now_digests[shard] == then_digests[shard]
                and entries.keys() == kept.keys() and all(entries[rel] is kept[rel] for rel in entries))
        if same and file.is_file():
            mark_used(file)
        else:
            keep_only(file, (context, now_digests[shard], entries), site_dir)


def _shard_of(rel: str) -> int:
    return hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=1).digest()[0] % ENTRY_SHARDS


def _shard_file(site_dir: Path, shard: int) -> Path:
    return site_dir / CACHE_FOLDER / "check-entries" / f"{shard:02x}" / "entries.pickle"


def _other_file_changed(then: Mapping[str, bytes], now: Mapping[str, bytes]) -> bool:
    """Whether a file that is not a content document was added, removed or changed: only the files
    whose digests differ are asked (at 10,000 stories, asking all took 0.1 s of every check)."""
    return any(not is_document(rel) for rel in then.keys() | now.keys() if then.get(rel) != now.get(rel))
