"""The preview's memory: the loaded files, their validated entries and the last good site model.

On a save only the files whose size or mtime changed are read again (at start, only those changed
since the last check or build); every file's entry is kept and read again only when its file (or
the settings' rules) changed; the references between files
are checked again, and the model is rebuilt. Problems never replace the last good model: they are
kept beside it for the banner.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from haoren.load.documents import Document
from haoren.model.ledger import address_problems, read_ledger
from haoren.model.site import Site, build_site
from haoren.problems import Problem
from haoren.sourcedigests import SourceDigests
from haoren.validate.checkcache import checking_context, content_digests, remembered_entries
from haoren.validate.paths import CACHE_FOLDER
from haoren.validate.site import EntryMemo, check_site

# What a save can change; the rest of the site folder (site/, .haoren-cache/) is output.
WATCHED = ("mkdocs.yml", "stories", "honorees", "content", "theme")
CONTENT_ROOTS = ("stories/", "honorees/", "content/")


@dataclass(frozen=True)
class Generation:
    """One good model: its number (pages rendered from it are cached under it) and the site."""

    number: int
    site: Site
    overrides: tuple[tuple[str, str], ...]
    fresh_files: bool  # a file other than a content document changed: media, templates and theme read again


@dataclass(frozen=True)
class Snapshot:
    """What a page needs to know: the good model, the problems of the last save (if any), and a version
    that changes with either (the browser reloads when it does)."""

    generation: Generation | None
    problems: tuple[Problem, ...]
    version: int


class PreviewState:
    """The loaded site, refreshed in place; readers take `snapshot()`, which never changes under them."""

    def __init__(self, site_dir: Path, now: datetime):
        self.site_dir = Path(site_dir)
        self.now = now
        self._known: dict[str, tuple[tuple[int, int, int], Document]] = {}  # rel -> (stat key, document)
        self._memo: EntryMemo = {}
        self._ledger: tuple[tuple[int, int, int] | None, object] = (None, None)
        self._snapshot = Snapshot(None, (), 0)
        self._lock = threading.Lock()  # one refresh at a time
        self._changed = threading.Condition()

    def snapshot(self) -> Snapshot:
        return self._snapshot

    def refresh(self, other_files_changed: bool = True, theme_changed: bool = False) -> Snapshot:
        """Read what changed since the last refresh, validate, and rebuild the model when clean.

        `other_files_changed`: a file under the content folders that is not a content document (an
        image, captions) may have changed, so no entry is trusted (entries checked the files they name).
        `theme_changed`: theme/ or mkdocs.yml may have changed; the new model reads them afresh.
        """
        with self._lock:
            if other_files_changed:
                self._memo.clear()
            # At start, the entries the last check or build kept: only files changed since are read.
            kept = self._kept_entries() if not self._known else None
            seen: dict[str, tuple[tuple[int, int, int], Document]] = {}

            def unchanged(rel: str, path: str) -> Document | None:
                try:
                    status = os.stat(path, follow_symlinks=False)
                except OSError:
                    return None
                key = (status.st_mtime_ns, status.st_size, status.st_ino)
                known = self._known.get(rel)
                if known is not None and known[0] == key:
                    seen[rel] = known
                    return known[1]
                seen[rel] = (key, None)  # the document read now (or kept) is filled in below
                return kept(rel, path) if kept is not None else None

            content, problems = check_site(self.site_dir, unchanged, self._memo)
            # Documents read now are the memo's; keep them with their stat key for the next refresh.
            self._known = {rel: (key, doc if doc is not None else self._memo_doc(rel))
                           for rel, (key, doc) in seen.items()}
            self._known = {rel: value for rel, value in self._known.items() if value[1] is not None}
            site = None
            if content is not None:
                site = build_site(content, self.now)
                problems = address_problems(self._read_ledger(), content, site)
            previous = self._snapshot
            if problems or site is None:
                snapshot = Snapshot(previous.generation, tuple(sorted(problems)), previous.version + 1)
            else:
                number = previous.generation.number + 1 if previous.generation else 1
                generation = Generation(number, site, content.overrides, other_files_changed or theme_changed)
                snapshot = Snapshot(generation, (), previous.version + 1)
            with self._changed:
                self._snapshot = snapshot
                self._changed.notify_all()
            return snapshot

    def wait_for_change(self, version: int, timeout: float) -> Snapshot:
        """The snapshot once its version differs from `version`, or the current one after `timeout`."""
        with self._changed:
            self._changed.wait_for(lambda: self._snapshot.version != version, timeout)
            return self._snapshot

    def _kept_entries(self) -> Callable[[str, str], Document | None]:
        """The entries `check` and `build` keep (validate.checkcache), now the memo; the reader of their files."""
        site = self.site_dir.resolve()
        digests = content_digests(site, SourceDigests.from_cache(site / CACHE_FOLDER))
        unchanged, self._memo, _ = remembered_entries(site, checking_context(), digests)
        return unchanged

    def _memo_doc(self, rel: str) -> Document | None:
        kept = self._memo.get(rel)
        return kept.doc if kept else None

    def _read_ledger(self):
        """content/published.yml, read again only when it changed (13,000 addresses take a while)."""
        path = self.site_dir / "content" / "published.yml"
        try:
            status = path.stat()
            key = (status.st_mtime_ns, status.st_size, status.st_ino)
        except OSError:
            key = None
        if key is None or key != self._ledger[0]:
            self._ledger = (key, read_ledger(self.site_dir))
        return self._ledger[1]
