"""The page memo: a story's or an honoree's pages, and each page of a list, kept with what making them read,
reused while every read gives the same.

Making one page reads a few things of the model (its item, its neighbours, its honorees, their
stars…), calls the build's media (an image's HTML), asks for drawings and prints QR codes. While a
page job runs, its Renderer sees the Site and the context through recorders (`tracing.tracing`). The
next build reuses the job's pages when the same job (the same item, by its bytes) finds every
read and every media call giving what it gave, and everything else that decides a page (the
code, the templates, the settings, the edition) is unchanged: that is the memo's `tag` plus
`Renderer`-wide inputs (`shared_inputs`). Then it asks again for the drawings the job asked for, so
the cards and posters of reused pages are published as if the pages were made. (The QR codes' cache
keeps the code of every page that shows one, made or given back: drawing.qrcodes.QrCodes.save.)

A list's page (listing.list_pages) is kept the same way, by its own inputs (its items, its place
in the list, its title) instead of an item: an edit then makes again only the pages of the lists
that show what changed (`kept_page`).

Only jobs that raised no problem are kept. A value that cannot be pickled makes its job one
that is never kept: it is simply made every build.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from haoren.cachefile import keep_only, mark_used, read_kept
from haoren.render.pages import GeneratedPage
from haoren.render.pages.edition import finished_page
from haoren.render.pages.render import Renderer
from haoren.render.pages.tracing import MISSING, WHOLE, Digests, Entry, NotKept, Trace, shared_inputs, tracing


SHARDS = 256  # files the memo is kept in, by key: an edit rewrites the few that hold what it changed


class PageMemo:
    """The last build's kept jobs for one edition under `folder`, and this build's, saved for the next.

    With the `site` folder, what is kept and its keys hold the paths under it by their place in it
    (cachefile): moving the folder keeps every page. The memos of a build's editions share `digests`
    (made for the `site` folder): each edition's jobs read the same Site's values.
    """

    def __init__(self, folder: Path, tag: str, site: Path | None = None, digests: Digests | None = None):
        # Under its tag: after a code or template change no kept page can be reused, and none is
        # read (at 10,000 stories, hundreds of megabytes held for nothing by a full build).
        self._folder = Path(folder) / tag[:16]
        self._tag = tag
        self._shared = ""
        self._kept: dict[bytes, Entry] = {}
        for shard in range(SHARDS):
            loaded = read_kept(self._file(shard), site)
            if isinstance(loaded, dict):
                self._kept.update(loaded)
        self._used: dict[bytes, Entry] = {}
        self._made: set[bytes] = set()
        # A value's digest is the same for every edition: shared, the 繁體 edition's jobs pickle no value the
        # first edition's did (at 10,000 stories, its pages in an edit took 1.3 s where they took 1.8 s).
        self.digests = digests if digests is not None else Digests(site)
        self._site = site

    def _file(self, shard: int) -> Path:
        return self._folder / f"{shard:02x}" / "memo.pickle"

    def start(self, r: Renderer) -> None:
        self._shared = shared_inputs(r, self._tag, self.digests)

    def key(self, job_name: str, item: object) -> bytes | None:
        """The job's key: the shared inputs, what it makes and its item's bytes; None if it cannot be kept."""
        try:
            item_digest = self.digests.of(item)
        except NotKept:
            return None
        return hashlib.blake2b(f"{self._shared}\0{job_name}\0".encode() + item_digest, digest_size=20).digest()

    def reuse(self, r: Renderer, key: bytes) -> tuple[GeneratedPage, ...] | None:
        """The kept pages of the job, asked for again as the job would, when every read gives the same."""
        entry = self._kept.get(key)
        if entry is None or not self._holds(r, entry):
            return None
        if r.context.drawings is not None:
            r.context.drawings.take(entry.drawings)
        self._used[key] = entry
        return entry.pages

    def _holds(self, r: Renderer, entry: Entry) -> bool:
        site, digests = r.site, self.digests
        try:
            for name, key, made in entry.reads:
                value = getattr(site, name)
                if key == WHOLE:
                    now = digests.of_whole(value) if isinstance(value, Mapping) else digests.of(value)
                else:
                    now = digests.of(value[key]) if key in value else MISSING
                if now != made:
                    return False
            for name, args, made in entry.calls:
                function = getattr(r.context, name)
                if function is None or digests.of(function(*args)) != made:
                    return False
        except Exception:  # noqa: BLE001  a read or call that fails now (a file gone) means: make it anew
            return False
        drawings = r.context.drawings
        return not entry.drawings or (drawings is not None and drawings.named_alike(entry.drawings))

    @staticmethod
    def entry(trace: Trace, pages: tuple[GeneratedPage, ...]) -> Entry:
        """The entry of a job just made (what render.pages.inparts sends back from the forked part)."""
        reads = tuple((name, key, made) for (name, key), made in trace.reads.items())
        for page in pages:
            page.fingerprint  # noqa: B018  taken now, so the memo keeps it with the page
            # Packed now, not when the memo is saved: a cold build at 10,000 stories held 8,000
            # pages' HTML unpacked until then (the memo pickles it packed anyway).
            page.pack()
        return Entry(reads, tuple(trace.calls), dict(trace.drawings), pages)

    def add(self, made: Mapping[bytes, Entry], reused: Iterable[bytes] = ()) -> None:
        """The entries of the jobs made this build (Renderer.kept_jobs), and the keys of those given back
        while jobs ran (Renderer.reused_jobs: in the forked part, `reuse` marked them in its own copy)."""
        self._used.update(made)
        self._made.update(made)
        self._used.update({key: self._kept[key] for key in reused})

    def save(self) -> None:
        """Keep exactly this build's jobs (reused and made) for the next build, rewriting only the
        shards whose jobs changed; one that cannot be pickled (a page's media call given what pickle
        refuses) costs its shard, never the build."""
        shards: list[dict[bytes, Entry]] = [{} for _ in range(SHARDS)]
        for key, entry in self._used.items():
            shards[key[0] % SHARDS][key] = entry
        kept: list[set[bytes]] = [set() for _ in range(SHARDS)]
        for key in self._kept:
            kept[key[0] % SHARDS].add(key)
        for shard, entries in enumerate(shards):
            file = self._file(shard)
            if entries.keys() == kept[shard] and not self._made & entries.keys() and file.is_file():
                mark_used(file)
                continue
            try:
                keep_only(file, entries, self._site)
            except (pickle.PicklingError, TypeError, AttributeError):
                file.unlink(missing_ok=True)


def made_or_kept(r: Renderer, memo: PageMemo, key: bytes,
                 make: Callable[[], Sequence[GeneratedPage]]) -> tuple[GeneratedPage, ...]:
    """The pages `make` makes, while what they read is recorded; kept for the next build unless refused."""
    trace = Trace()
    problems = len(r.problems)
    try:
        with tracing(r, trace, memo.digests):
            pages = tuple(make())
    except NotKept:  # it read what cannot be pickled: made again, plainly, and not kept
        del r.problems[problems:]
        return tuple(make())
    if len(r.problems) == problems:
        r.kept_jobs[key] = memo.entry(trace, pages)
    return pages


def kept_page(r: Renderer, name: str, inputs: object, make: Callable[[], GeneratedPage]) -> GeneratedPage:
    """A page given back by the memo when the same `inputs` (by their bytes) find every read the same, else made.

    `name` tells what makes it (a template); `inputs` is all `make` is given besides the Renderer.
    A page the memo keeps is kept finished for r's edition (edition.finished_page): a list's pages are
    most of what an edit gives back, and converting a 繁體 edition's anew each build cost as much as
    making them (at 10,000 stories, 2 s of an edit). Without a memo it is made as it is.
    """
    memo = r.memo
    key = memo.key(name, inputs) if isinstance(memo, PageMemo) else None
    if not isinstance(memo, PageMemo) or key is None:
        return make()
    reused = memo.reuse(r, key)
    if reused is not None:
        r.reused_jobs.add(key)
        return reused[0]
    return made_or_kept(r, memo, key, lambda: (finished_page(r, make()),))[0]
