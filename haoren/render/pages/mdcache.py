"""Rendered Markdown by text: shared by a build's editions, and kept for the next build by text hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from haoren.cachefile import keep_only, read_kept
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
        loaded = read_kept(self._file)
        if isinstance(loaded, dict):
            self._known = loaded

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
        if self._file is not None:
            keep_only(self._file, {self.key(text): html for text, html in self.rendered.items()})
