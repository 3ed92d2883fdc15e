"""Rendered Markdown by text: shared by a build's editions, and kept for the next build by text hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from haoren.cachefile import keep_only, mark_used, read_kept
from haoren.render.pages.markdown import CostlyMarkdown

SHARDS = 256  # files the texts are kept in, by hash: an edit rewrites the one that holds the text it changed


class MarkdownCache:
    """This build's rendered texts (`rendered`), and the last build's under `folder`, valid only for `tag`.

    The tag stands for everything besides the text that decides the HTML: Haoren's code, the
    installed packages, the iframe hosts. Only the texts of the last build are kept. Without a
    folder the cache lives in memory only, for one build.
    """

    def __init__(self, folder: Path | None = None, tag: str = ""):
        self.rendered: dict[str, str | CostlyMarkdown] = {}
        self._folder = None if folder is None else Path(folder) / "markdown" / tag
        self._known: dict[bytes, str | CostlyMarkdown] = {}
        self._keys: dict[str, bytes] = {}  # text -> key, hashed once a build
        self._stored: list[set[bytes]] = [set() for _ in range(SHARDS)]  # the keys each shard file holds
        if self._folder is None:
            return
        for shard in range(SHARDS):
            loaded = read_kept(self._file(shard))
            if isinstance(loaded, dict):
                self._known.update(loaded)
                self._stored[shard] = set(loaded)

    def _file(self, shard: int) -> Path:
        assert self._folder is not None
        return self._folder / f"{shard:02x}" / "texts.pickle"

    def key(self, text: str) -> bytes:
        known = self._keys.get(text)
        if known is None:
            known = self._keys[text] = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
        return known

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
        """Keep exactly this build's texts for the next build, rewriting only the shards whose texts changed
        (a text's HTML is decided by the text and the tag); a failure to write costs only time."""
        if self._folder is None:
            return
        shards: list[dict[bytes, str | CostlyMarkdown]] = [{} for _ in range(SHARDS)]
        for text, html in self.rendered.items():
            key = self.key(text)
            shards[key[0] % SHARDS][key] = html
        for shard, texts in enumerate(shards):
            file = self._file(shard)
            if texts.keys() == self._stored[shard] and (file.is_file() or not texts):
                if texts:
                    mark_used(file)
            elif texts:
                keep_only(file, texts)
            else:
                file.unlink(missing_ok=True)
