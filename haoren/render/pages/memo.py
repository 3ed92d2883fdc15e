"""The page memo: a story's or an honoree's pages, and each page of a list, kept with what making them read,
reused while every read gives the same.

Making one page reads a few things of the model (its item, its neighbours, its honorees, their
stars…), calls the build's media (an image's HTML) and asks for drawings and QR codes. While a
page job runs, its Renderer sees the Site and the context through recorders (`tracing`). The
next build reuses the job's pages when the same job (the same item, by its bytes) finds every
read and every media call giving what it gave, and everything else that decides a page (the
code, the templates, the settings, the edition) is unchanged: that is the memo's `tag` plus
`Renderer`-wide inputs (`shared_inputs`). Then it asks again for what the job asked for, so
the cards, posters and QR codes of reused pages are published as if the pages were made.

A list's page (listing.list_pages) is kept the same way, by its own inputs (its items, its place
in the list, its title) instead of an item: an edit then makes again only the pages of the lists
that show what changed (`kept_page`).

Only jobs that raised no problem are kept. A value that cannot be pickled makes its job one
that is never kept: it is simply made every build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from haoren.cachefile import keep_only, read_kept
from haoren.drawing.drawcache import mark_used
from haoren.render.pages import Drawings, GeneratedPage
from haoren.render.pages.render import Renderer

WHOLE = "\0whole"  # the read of a whole attribute of the Site (or a whole mapping), not of one key
MISSING = b"\0missing"  # the digest of a key a mapping did not hold


class NotKept(Exception):
    """A job read a value that cannot be pickled; it is made every build."""


class Digests:
    """Digests of values by the bytes of their pickle, each object's once a build.

    Objects are kept alive with their digest, so an id is never reused for another object.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, bytes]] = {}

    def of(self, value: object) -> bytes:
        if type(value) is tuple:  # often made anew for each read (related stories, neighbours): not kept
            return hashlib.blake2b(b"tuple\0" + b"".join(map(self.of, value)), digest_size=16).digest()
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as failed:  # noqa: BLE001  whatever pickling raises, the job is just not kept
            raise NotKept(type(value).__name__) from failed
        made = hashlib.blake2b(data, digest_size=16).digest()
        self._known[id(value)] = (value, made)
        return made

    def of_whole(self, value: object) -> bytes:
        """A mapping's items in order (a mapping may hold what does not pickle, such as a loader)."""
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        made = self.of(tuple(value.items()) if isinstance(value, Mapping) else value)
        self._known[id(value)] = (value, made)
        return made


@dataclass
class Trace:
    """What one job read and asked while it ran."""

    reads: dict[tuple[str, object], bytes] = field(default_factory=dict)  # (Site attribute, key) -> digest
    calls: list[tuple[str, tuple, bytes]] = field(default_factory=list)  # media call, its arguments, result digest
    drawings: dict[str, object] = field(default_factory=dict)  # Drawings.asked() entries the job caused
    qr_urls: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One job's pages and the trace that says when they may be reused."""

    reads: tuple[tuple[str, object, bytes], ...]
    calls: tuple[tuple[str, tuple, bytes], ...]
    drawings: Mapping[str, object]
    qr_urls: tuple[str, ...]
    pages: tuple[GeneratedPage, ...]


class _TracedMapping(Mapping):
    def __init__(self, name: str, mapping: Mapping, trace: Trace, digests: Digests):
        self._name, self._mapping, self._trace, self._digests = name, mapping, trace, digests

    def _read(self, key: object) -> bool:
        present = key in self._mapping
        self._trace.reads[(self._name, key)] = self._digests.of(self._mapping[key]) if present else MISSING
        return present

    def __getitem__(self, key: object) -> Any:
        self._read(key)
        return self._mapping[key]

    def get(self, key: object, default: Any = None) -> Any:
        return self._mapping[key] if self._read(key) else default

    def __contains__(self, key: object) -> bool:
        return self._read(key)

    def _whole(self) -> Mapping:
        self._trace.reads[(self._name, WHOLE)] = self._digests.of_whole(self._mapping)
        return self._mapping

    def __iter__(self) -> Iterator:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())


class _TracedSite:
    """The Site as a page job sees it: every attribute read, and every key of a mapping, recorded."""

    def __init__(self, site: object, trace: Trace, digests: Digests):
        self._site, self._trace, self._digests = site, trace, digests

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._site, name)
        if isinstance(value, Mapping):
            return _TracedMapping(name, value, self._trace, self._digests)
        self._trace.reads[(name, WHOLE)] = self._digests.of(value)
        return value


class _TracedDrawings:
    """Drawings that remember what each call added to the plan."""

    def __init__(self, drawings: Drawings, trace: Trace):
        self._drawings, self._trace = drawings, trace
        self.card_size = drawings.card_size

    def _asking(self, name: str) -> None:
        self._trace.drawings[name] = self._drawings.asked_for(name)

    def card(self, key: str, title: str, image: Path | None) -> str:
        url = self._drawings.card(key, title, image)
        self._asking(url.removeprefix("/").removesuffix(".jpg"))
        return url

    def poster(self, key: str, **fields: Any) -> tuple[str, str]:
        png, pdf = self._drawings.poster(key, **fields)
        self._asking(png.removeprefix("/").removesuffix(".png"))
        return png, pdf

    def asked(self) -> Mapping[str, object]:
        return self._drawings.asked()

    def asked_for(self, name: str) -> object:
        return self._drawings.asked_for(name)

    def take(self, asked: Mapping[str, object]) -> None:
        self._drawings.take(asked)

    def named_alike(self, asked: Mapping[str, object]) -> bool:
        return self._drawings.named_alike(asked)


def _calling(name: str, function: Callable | None, trace: Trace, digests: Digests) -> Callable | None:
    if function is None:
        return None

    def call(*args: Any) -> Any:
        result = function(*args)
        trace.calls.append((name, args, digests.of(result)))
        return result
    return call


MEDIA_CALLS = ("image_html", "image_size", "video_sources")


@contextlib.contextmanager
def tracing(r: Renderer, trace: Trace, digests: Digests) -> Iterator[None]:
    """`r` sees the Site, the media, the drawings and the QR codes through recorders until the block ends."""
    site, context = r.site, r.context
    qr_svg = context.qr_svg

    def printing(url: str) -> str:
        trace.qr_urls.append(url)
        return qr_svg(url)

    r.site = _TracedSite(site, trace, digests)  # type: ignore[assignment]  (templates' `site` follows r.site)
    r.context = dataclasses.replace(
        context, **{name: _calling(name, getattr(context, name), trace, digests) for name in MEDIA_CALLS},
        drawings=_TracedDrawings(context.drawings, trace) if context.drawings is not None else None,
        qr_svg=printing if qr_svg is not None else None,
    )
    try:
        yield
    finally:
        r.site, r.context = site, context


def shared_inputs(r: Renderer, tag: str) -> str:
    """All a page job may depend on besides its item and what it reads and asks: the memo's `tag`
    (code, templates, the edition's text conversion), the settings, the edition, the URLs of tags
    and rolls the Renderer knows, and which media the build has."""
    context, site = r.context, r.site
    wired = tuple(getattr(context, name) is None for name in (*MEDIA_CALLS, "qr_svg", "drawings"))
    parts = (
        tag, site.settings, r.edition.code, r.edition.prefix, tuple((e.code, e.prefix) for e in context.editions),
        sorted(site.stories_by_tag), sorted(r.roll_periods), context.search_shard_above, wired,
        context.drawings.card_size if context.drawings is not None else None,
        context.image_html.__qualname__,
    )
    return hashlib.blake2b(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).hexdigest()


SHARDS = 256  # files the memo is kept in, by key: an edit rewrites the few that hold what it changed


class PageMemo:
    """The last build's kept jobs for one edition under `folder`, and this build's, saved for the next."""

    def __init__(self, folder: Path, tag: str):
        # Under its tag: after a code or template change no kept page can be reused, and none is
        # read (at 10,000 stories, hundreds of megabytes held for nothing by a full build).
        self._folder = Path(folder) / tag[:16]
        self._tag = tag
        self._shared = ""
        self._kept: dict[bytes, Entry] = {}
        for shard in range(SHARDS):
            loaded = read_kept(self._file(shard))
            if isinstance(loaded, dict):
                self._kept.update(loaded)
        self._used: dict[bytes, Entry] = {}
        self._made: set[bytes] = set()
        self.digests = Digests()

    def _file(self, shard: int) -> Path:
        return self._folder / f"{shard:02x}" / "memo.pickle"

    def start(self, r: Renderer) -> None:
        self._shared = shared_inputs(r, self._tag)

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
        if r.context.qr_svg is not None:
            for url in entry.qr_urls:
                r.context.qr_svg(url)
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
        return Entry(reads, tuple(trace.calls), dict(trace.drawings), tuple(trace.qr_urls), pages)

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
                keep_only(file, entries)
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
    """
    memo = r.memo
    key = memo.key(name, inputs) if memo is not None else None
    if memo is None or key is None:
        return make()
    reused = memo.reuse(r, key)
    if reused is not None:
        r.reused_jobs.add(key)
        return reused[0]
    return made_or_kept(r, memo, key, lambda: (make(),))[0]
