"""The search index made beside the pages, in a thread of its own: each edition's, and its files for publish.

The pipeline hands each edition's searched pages to `indexing` as soon as they are made; publish asks
`kept_index` for the shards kept whole (placed while Pagefind runs on the others) and `search_index`
for every file once Pagefind is done.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from haoren.publish.searchindex import SearchIndexError, SearchIndexes
from haoren.publish.site import PublishError
from haoren.render.editions import Edition
from haoren.render.pages import GeneratedPage

# An edition's index being made, and the files of it kept whole (known sooner).
Indexing = tuple[Future[None], Future[dict[str, Path | bytes]]]


def search_index(indexed: list[Indexing], indexes: SearchIndexes) -> dict[str, Path | bytes]:
    """The search index's files once Pagefind is done with every edition; its failure is a failure to publish."""
    try:
        for indexing, _ in indexed:  # each edition's, in order
            indexing.result()
    except SearchIndexError as failed:
        raise PublishError(str(failed)) from None
    return indexes.files()


def kept_index(indexed: list[Indexing]) -> dict[str, Path | bytes]:
    """The search index's files kept whole from the last build (its kept shards), each edition's as soon
    as it knows them: publish places them while Pagefind runs on the others."""
    return {name: file for _, kept in indexed for name, file in kept.result().items()}


def indexing(indexes: SearchIndexes, edition: Edition, pages: list[GeneratedPage],
             searching: ThreadPoolExecutor, alone: bool) -> Indexing:
    """The edition's index of its searched `pages`, made in the `searching` thread. When `alone` (no
    other edition's index is being made, and another edition's pages are still to come), an index kept
    whole is taken here: with no thread running, the next edition's pages are made on both cores
    (render.pages.inparts)."""
    kept: Future[dict[str, Path | bytes]] = Future()
    if alone and indexes.kept(edition, pages):
        return indexed_here(indexes, edition, pages, kept), kept
    return searching.submit(indexed, indexes, edition, pages, kept), kept


def indexed(indexes: SearchIndexes, edition: Edition, pages: list[GeneratedPage],
            kept: Future[dict[str, Path | bytes]]) -> None:
    """`indexes.add`, with `kept` resolved however it ends (empty when add gave none): publish waits on it."""
    try:
        indexes.add(edition, pages, kept.set_result)
    finally:
        if not kept.done():
            kept.set_result({})


def indexed_here(indexes: SearchIndexes, edition: Edition, pages: list[GeneratedPage],
                 kept: Future[dict[str, Path | bytes]]) -> Future[None]:
    """The edition indexed in this thread, as a finished Future: its failure shows where a thread's would."""
    done: Future[None] = Future()
    try:
        done.set_result(indexed(indexes, edition, pages, kept))
    except SearchIndexError as failed:
        done.set_exception(failed)
    return done
