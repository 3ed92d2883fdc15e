"""Related stories: each story's six nearest (shared honorees, then topics, then tags, then newest), on demand."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from itertools import chain

from haoren.schema import Story

RELATED_LIMIT = 6


class RelatedStories(Mapping):
    """slug -> related stories, ranked the first time a story asks.

    Ranking all 10,000 stories of a big archive takes seconds; a build asks for every one, the
    preview only for the page opened. The indexes are built at once; a ranking, once made, is
    kept (it depends on nothing but the frozen stories), so the mapping behaves as a frozen one.
    """

    def __init__(self, stories: tuple[Story, ...]):
        self._stories = stories
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
            ranked = self._rank(self._number[slug])  # KeyError for a slug that is not a published story
            self._ranked[slug] = ranked
        return ranked

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
