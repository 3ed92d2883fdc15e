"""Rendered Markdown by text: shared by a build's editions, and kept for the next build by text hash."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path

from haoren.render.pages.markdown import CostlyMarkdown


class MarkdownCache:
    """This build's rendered texts (`rendered`), and the last build's under `folder`, valid only for `tag`.

    The tag stands for everything besides the text that decides the HTML: Haoren's code, the
    installed packages, the iframe hosts. Only the texts of the last build are kept. Without a
    folder the cache lives in memory only, for one build.
    """

    def __init__(self, folder: Path | None = None, tag: str = ""):
        self.rendered: dict[str, str | CostlyMarkdown] = {}
        self._file = None if folder is None else Path(folder) / "markdown" / f"{tag}.pickle"
        self._known: dict[bytes, str | CostlyMarkdown] = {}
        if self._file is None:
            return
        try:
            with open(self._file, "rb") as file:
                loaded = pickle.load(file)
            if isinstance(loaded, dict):
                self._known = loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def recall(self, texts: Iterable[str]) -> list[str]:
        """Take what the last build rendered of `texts` into this build's; the texts still to render, in order."""
        missing = []
        for text in texts:
            known = self._known.get(self.key(text))
            if known is None:
                missing.append(text)
            else:
                self.rendered[text] = known
        return missing

    def save(self) -> None:
        """Keep exactly this build's texts for the next build; a failure to write costs only time."""
        if self._file is None:
            return
        folder = self._file.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*.pickle"):
                if old != self._file:
                    old.unlink(missing_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as file:
                pickle.dump({self.key(text): html for text, html in self.rendered.items()}, file,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(file.name, self._file)
        except OSError:
            pass
