"""The last clean validation, remembered by the hash of every content file and of the code that checked it."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from haoren.drawing.drawcache import mark_used
from haoren.schema import Content

CONTENT_FOLDERS = ("stories", "honorees", "content")
CODE = Path(__file__).resolve().parents[1]  # the whole haoren package
# Written by every build that publishes something new, and never read by the validation remembered here:
# `check` and `build` read and compare it on every run (model.ledger). Counting it would make each such
# build throw away the next check's result.
LEDGER = Path("content/published.yml")


def fingerprint(site_dir: Path) -> str:
    """The site's place, every file under its content folders (names, links, bytes) and Haoren's code.

    A symlink counts by its target text, so adding one changes the fingerprint and the
    validator gets to refuse it. The ledger of published addresses counts only as such a symlink.
    """
    digest = hashlib.blake2b(digest_size=32)
    digest.update(os.fsencode(site_dir.resolve()) + b"\0")  # the content records hold absolute image paths
    ledger = site_dir / LEDGER
    for root in [CODE, *(site_dir / folder for folder in CONTENT_FOLDERS)]:
        for path in sorted(_walk(root)):
            if path == ledger and not path.is_symlink():
                continue
            digest.update(os.fsencode(path) + b"\0")
            if path.is_symlink():
                digest.update(b"link:" + os.fsencode(os.readlink(path)))
            elif path.is_file():
                digest.update(hashlib.blake2b(path.read_bytes(), digest_size=32).digest())
    return digest.hexdigest()


def _walk(root: Path):
    for folder, folders, files in os.walk(root):  # os.walk does not follow symlinked folders
        folders[:] = [f for f in folders if f != "__pycache__"]
        for name in files + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            yield Path(folder, name)


def remembered(cache_dir: Path, key: str) -> Content | None:
    """The Content validated under exactly this fingerprint, if the last clean check left one."""
    try:
        with open(cache_dir / "check" / f"{key}.pickle", "rb") as file:
            content = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    mark_used(cache_dir / "check" / f"{key}.pickle")
    return content


def remember(cache_dir: Path, key: str, content: Content) -> None:
    """Keep one clean result; the previous one is no longer needed."""
    folder = cache_dir / "check"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pickle"):
        old.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as file:
        pickle.dump(content, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(file.name, folder / f"{key}.pickle")
