"""What a page job reads while it runs, for the page memo: digests of values, and the recorders the
Site, the media calls and the drawings are seen through (`tracing`)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from haoren.cachefile import pickled
from haoren.render.pages import Drawings, GeneratedPage
from haoren.render.pages.render import Renderer


WHOLE = "\0whole"  # the read of a whole attribute of the Site (or a whole mapping), not of one key
MISSING = b"\0missing"  # the digest of a key a mapping did not hold


class NotKept(Exception):
    """A job read a value that cannot be pickled; it is made every build."""


class Digests:
    """Digests of values by the bytes of their pickle, each object's once a build.

    Objects are kept alive with their digest, so an id is never reused for another object. Paths
    under `site` count by their place in it (cachefile.pickled): a moved site folder reuses its pages.
    """

    def __init__(self, site: Path | None = None) -> None:
        self._known: dict[int, tuple[object, bytes]] = {}
        self._site = site

    def pickled(self, value: object) -> bytes:
        return pickled(value, self._site)

    def of(self, value: object) -> bytes:
        if type(value) is tuple:  # often made anew for each read (related stories, neighbours): not kept
            return hashlib.blake2b(b"tuple\0" + b"".join(map(self.of, value)), digest_size=16).digest()
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        try:
            data = self.pickled(value)
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


@dataclass(frozen=True)
class Entry:
    """One job's pages and the trace that says when they may be reused."""

    reads: tuple[tuple[str, object, bytes], ...]
    calls: tuple[tuple[str, tuple, bytes], ...]
    drawings: Mapping[str, object]
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
    """`r` sees the Site, the media and the drawings through recorders until the block ends."""
    site, context = r.site, r.context
    r.site = _TracedSite(site, trace, digests)  # type: ignore[assignment]  (templates' `site` follows r.site)
    r.context = dataclasses.replace(
        context, **{name: _calling(name, getattr(context, name), trace, digests) for name in MEDIA_CALLS},
        drawings=_TracedDrawings(context.drawings, trace) if context.drawings is not None else None,
    )
    try:
        yield
    finally:
        r.site, r.context = site, context


def shared_inputs(r: Renderer, tag: str, digests: Digests) -> str:
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
    return hashlib.blake2b(digests.pickled(parts), digest_size=20).hexdigest()
