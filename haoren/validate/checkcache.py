"""The last clean validation, and each file's checked entry, remembered by the hash of every content file
and of the code that checked them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from haoren.cachefile import keep_only, read_kept
from haoren.drawing.drawcache import mark_used
from haoren.drawing.fonts import installed_fonts
from haoren.load.documents import Document, is_document
from haoren.schema import Content
from haoren.validate.site import EntryMemo

CONTENT_FOLDERS = ("stories", "honorees", "content")
CODE = Path(__file__).resolve().parents[1]  # the whole haoren package
# Written by every build that publishes something new, and never read by the validation remembered here:
# `check` and `build` read and compare it on every run (model.ledger). Counting it would make each such
# build throw away the next check's result.
LEDGER = Path("content/published.yml")

FileDigests = dict[str, bytes]  # site-relative POSIX path -> digest of its bytes (or "link:" + a symlink's target)


def checking_context(site_dir: Path) -> str:
    """What every check result depends on besides the files: the site's place (the content records hold
    absolute image paths), Haoren's code and the installed CJK font (the glyph check: a font removed
    or upgraded checks again)."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(os.fsencode(site_dir.resolve()) + b"\0" + installed_fonts().encode() + b"\0")
    for path in sorted(_walk(CODE)):
        digest.update(os.fsencode(path.relative_to(CODE)) + b"\0" + _file_digest(path))
    return digest.hexdigest()


def content_digests(site_dir: Path) -> FileDigests:
    """Every file under the content folders (names, links, bytes), the ledger of published addresses aside.

    A symlink counts by its target text, so adding one changes the digests and the validator gets to
    refuse it. The ledger counts only as such a symlink.
    """
    ledger = site_dir / LEDGER
    digests: FileDigests = {}
    for folder in CONTENT_FOLDERS:
        for path in _walk(site_dir / folder):
            if path == ledger and not path.is_symlink():
                continue
            digests[path.relative_to(site_dir).as_posix()] = _file_digest(path)
    return digests


def fingerprint(context: str, digests: FileDigests) -> str:
    """One key for a check: its context and every content file."""
    digest = hashlib.blake2b(context.encode(), digest_size=32)
    for rel in sorted(digests):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0" + digests[rel])
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    if path.is_symlink():
        return b"link:" + os.fsencode(os.readlink(path))
    if path.is_file():
        return hashlib.blake2b(path.read_bytes(), digest_size=32).digest()
    return b""


def _walk(root: Path):
    for folder, folders, files in os.walk(root):  # os.walk does not follow symlinked folders
        folders[:] = [f for f in folders if f != "__pycache__"]
        for name in files + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            yield Path(folder, name)


def remembered(cache_dir: Path, key: str) -> Content | None:
    """The Content validated under exactly this fingerprint, if the last clean check left one."""
    content = read_kept(cache_dir / "check" / f"{key}.pickle")
    if not isinstance(content, Content):
        return None
    mark_used(cache_dir / "check" / f"{key}.pickle")
    return content


def remember(cache_dir: Path, key: str, content: Content) -> None:
    """Keep one clean result; the previous one is no longer needed."""
    keep_only(cache_dir / "check" / f"{key}.pickle", content)


def remembered_entries(
    cache_dir: Path, context: str, digests: FileDigests
) -> tuple[Callable[[str, Path], Document | None], EntryMemo]:
    """The last check's entries, and the reader check_site takes for the files whose bytes are the same.

    Nothing is kept when the context changed, or when any file that is not a content document (an image,
    captions, a video) was added, removed or changed: entries checked the files they name.
    """
    memo: EntryMemo = {}
    then: FileDigests = {}
    path = cache_dir / "check-entries" / "entries.pickle"
    try:
        kept_context, kept_digests, kept_memo = read_kept(path)  # type: ignore[misc]
    except (TypeError, ValueError):  # nothing kept, or not three things
        kept_context = None
    if kept_context == context and _named_files(kept_digests) == _named_files(digests):
        memo, then = kept_memo, kept_digests
        mark_used(path)

    def unchanged(rel: str, _path: Path) -> Document | None:
        kept = memo.get(rel)
        return kept.doc if kept is not None and rel in digests and digests[rel] == then.get(rel) else None

    return unchanged, memo


def remember_entries(cache_dir: Path, context: str, digests: FileDigests, memo: EntryMemo) -> None:
    """Keep this check's entries (problems or not): the next check reads again only the files changed since."""
    keep_only(cache_dir / "check-entries" / "entries.pickle", (context, digests, memo))


def _named_files(digests: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files that are not content documents, with their digests."""
    return {rel: value for rel, value in digests.items() if not is_document(rel)}

