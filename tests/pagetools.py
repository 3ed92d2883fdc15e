"""Helpers for the page tests: generate a site's pages from records, and read their HTML as a reader would."""

from __future__ import annotations

import base64
from datetime import datetime
from html.parser import HTMLParser

from haoren.model.site import build_site
from haoren.render.pages import GeneratedPage, generate_pages
from haoren.render.pages.render import RenderContext
from haoren.schema import Content

VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


def pages_of(content: Content, now: datetime, **context) -> dict[str, GeneratedPage]:
    """Every generated page by URL."""
    site = build_site(content, now)
    return {page.url: page for page in generate_pages(site, RenderContext(**context))}


class Reader(HTMLParser):
    """Elements with their attributes and the text inside them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []  # {"tag", "attrs", "text"}
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": []}
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"].append(data)


def read(html: str) -> list[dict]:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader.elements


def text(html: str) -> str:
    """The visible text, whitespace collapsed."""
    reader = Reader()
    chunks: list[str] = []
    reader.handle_data = chunks.append  # type: ignore[method-assign]
    reader.feed(html)
    return " ".join("".join(chunks).split())


def texts(html: str, css_class: str) -> list[str]:
    """The text of every element that has `css_class`, whitespace collapsed."""
    return [
        " ".join("".join(e["text"]).split())
        for e in read(html)
        if css_class in (e["attrs"].get("class") or "").split()
    ]


def links(html: str) -> list[str]:
    return [e["attrs"]["href"] for e in read(html) if e["tag"] == "a" and e["attrs"].get("href")]


def link_texts(html: str) -> dict[str, str]:
    """href -> text of each link (the last one wins)."""
    return {
        e["attrs"]["href"]: " ".join("".join(e["text"]).split())
        for e in read(html)
        if e["tag"] == "a" and e["attrs"].get("href")
    }


def rows(html: str) -> list[list[str]]:
    """The cells of every table row, header rows included."""
    found: list[list[str]] = []
    for e in read(html):
        if e["tag"] == "tr":
            found.append([])
        elif e["tag"] in ("td", "th") and found:
            found[-1].append(" ".join("".join(e["text"]).split()))
    return found


def shard_characters(listed: dict) -> dict[str, str]:
    """Each shard's ideographs as the search page reads them from `shard-characters.json` (parsed): a bit
    per character of the list, the first one the highest bit of the first byte."""
    every = listed["characters"]
    return {shard: "".join(c for i, c in enumerate(every) if base64.b64decode(bits)[i >> 3] & (0x80 >> (i & 7)))
            for shard, bits in listed["shards"].items()}
