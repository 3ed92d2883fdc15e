"""Related-story rankings kept between builds in .haoren-cache/related/, by the key of what they depend on."""

from __future__ import annotations

from pathlib import Path

from haoren.cachefile import keep_only, mark_used, read_kept
from haoren.model.related import Rankings, RelatedStories


class RankingCache:
    """The last build's rankings: `kept(key)` for the model, `keep(related)` once a build ranked them all."""

    def __init__(self, cache_dir: Path):
        self.folder = Path(cache_dir) / "related"

    def kept(self, key: str) -> Rankings | None:
        path = self.folder / f"{key}.pickle"
        rankings = read_kept(path)
        if not isinstance(rankings, dict):
            return None
        mark_used(path)
        return rankings

    def keep(self, related: RelatedStories) -> None:
        """Only the latest set is kept; an unchanged one is not written again."""
        path = self.folder / f"{related.key}.pickle"
        if not path.exists():
            keep_only(path, related.rankings())
