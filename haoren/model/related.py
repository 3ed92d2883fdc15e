"""Related stories: each story's six nearest (shared honorees, then topics, then tags, then newest), on demand."""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from itertools import chain
from pathlib import Path

from haoren.schema import Story

RELATED_LIMIT = 6
_RANKING_CODE = Path(__file__).read_bytes()  # a changed ranking rule makes every kept ranking unusable

Rankings = Mapping[str, tuple[str, ...]]  # slug -> the slugs of its related stories, best first


class RelatedStories(Mapping):
    """slug -> related stories, ranked the first time a story asks.

    Ranking all 10,000 stories of a big archive takes seconds; a build asks for every one, the
    preview only for the page opened. The indexes are built at once; a ranking, once made, is
    kept (it depends on nothing but the frozen stories), so the mapping behaves as a frozen one.

    For the same reason a build can hand over the rankings of an earlier build with the same
    `key`: `kept(key)` gives them, or None. An edit that moves no honoree, topic or tag (a title,
    a body) ranks nothing again.
    """

    def __init__(self, stories: tuple[Story, ...], kept: Callable[[str], Rankings | None] | None = None):
        self._stories = stories
        self.key = relations_key(stories)
        self._kept = kept
        self._kept_rankings: Rankings = {}
        self._number = {s.slug: number for number, s in enumerate(stories)}
        self._indexes: list[dict[str, list[int]]] = [defaultdict(list) for _ in range(3)]
        for number, s in enumerate(stories):  # numbered newest first, so every list is too
            for index, keys in zip(self._indexes, (s.honorees, s.topics, s.tags)):
                for key in dict.fromkeys(keys):
                    index[key].append(number)
        # Two threads of the preview may rank one story at once: both get the same tuple, one is kept.
        self._ranked: dict[str, tuple[Story, ...]] = {}

    def __getitem__(self, slug: str) -> tuple[Story, ...]:
        ranked = self._ranked.get(slug)
        if ranked is None:
            number = self._number[slug]  # KeyError for a slug that is not a published story
            ranked = self._from_kept(slug)
            if ranked is None:
                ranked = self._rank(number)
            self._ranked[slug] = ranked
        return ranked

    def rankings(self) -> dict[str, tuple[str, ...]]:
        """Every story's ranking as slugs (ranking those not asked for yet), for a later build to reuse."""
        return {slug: tuple(s.slug for s in self[slug]) for slug in self._number}

    def ranked(self) -> dict[str, tuple[str, ...]]:
        """The rankings made or handed over so far, as slugs; none is made to answer."""
        return {slug: tuple(s.slug for s in ranked) for slug, ranked in self._ranked.items()}

    def take(self, rankings: Rankings) -> None:
        """Rankings another process made of these same stories (a forked part, render.pages.inparts), so
        that `rankings()` does not make them here again: two seconds of a cold build at 10,000 stories."""
        for slug, slugs in rankings.items():
            self._ranked.setdefault(slug, tuple(self._stories[self._number[s]] for s in slugs))

    def _from_kept(self, slug: str) -> tuple[Story, ...] | None:
        if self._kept is not None:
            # Asked once, on the first ranking needed: `check` never ranks, so never reads them.
            self._kept_rankings, self._kept = self._kept(self.key) or {}, None
        slugs = self._kept_rankings.get(slug)
        if slugs is None or any(s not in self._number for s in slugs):
            return None
        return tuple(self._stories[self._number[s]] for s in slugs)

    def __iter__(self) -> Iterator[str]:
        return iter(self._number)

    def __len__(self) -> int:
        return len(self._number)

    def _rank(self, number: int) -> tuple[Story, ...]:
        """One weighted count ranks the three tiers: a shared topic outweighs every possible shared
        tag, a shared honoree every possible topic and tag. Counting by repeating index lists keeps
        the work in C (Counter); only the few candidates at the cut-off are compared in Python.
        """
        s = self._stories[number]
        by_honoree, by_topic, by_tag = self._indexes
        honorees, topics, tags = (tuple(dict.fromkeys(keys)) for keys in (s.honorees, s.topics, s.tags))
        topic_weight = len(tags) + 1
        honoree_weight = topic_weight * (len(topics) + 1)
        counts = Counter(
            chain(
                chain.from_iterable(by_honoree.get(k, ()) for k in honorees for _ in range(honoree_weight)),
                chain.from_iterable(by_topic.get(k, ()) for k in topics for _ in range(topic_weight)),
                chain.from_iterable(by_tag.get(k, ()) for k in tags),
            )
        )
        counts.pop(number, None)
        if not counts:
            return ()
        cutoff = heapq.nlargest(RELATED_LIMIT, counts.values())[-1]
        best = sorted((o for o, weight in counts.items() if weight >= cutoff), key=lambda o: (-counts[o], o))
        return tuple(self._stories[o] for o in best[:RELATED_LIMIT])


def relations_key(stories: tuple[Story, ...]) -> str:
    """What every ranking depends on: the stories' order and what relates them, and the ranking rule."""
    digest = hashlib.blake2b(_RANKING_CODE, digest_size=20)
    for s in stories:
        digest.update(repr((s.slug, s.honorees, s.topics, s.tags)).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()
