"""Editors' Markdown to safe HTML: Python-Markdown behind a cost guard, then the nh3 allow-list."""

from __future__ import annotations

import multiprocessing
import re
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from types import MappingProxyType
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup
from pymdownx.slugs import slugify

from ..bodyimages import find_image_tags

# The cost guard. Python-Markdown rescans the rest of a block for every unclosed `[`
# (measured: 4,000 `[a` in one paragraph took 10 s) and the rest of the document for every
# unclosed tag-like `<` (2,000 `<http://x`, one per paragraph: 1.3 s); nested lists and quotes
# cost about the cube of their depth (400 levels: 1.2 s; 2,000 hit RecursionError). Balanced
# links and tags are linear. So: the squared `[` counts of the blank-line-separated blocks (an
# over-estimate of what the parser sees) sum to at most BRACKET_BUDGET, at most MAX_UNCLOSED
# `<` lack their `>`, and no line nests deeper than MAX_INDENT / MAX_QUOTE_DEPTH. Measured
# worst case within these limits: about 0.2 s for one text.
MAX_CHARACTERS = 100_000
BRACKET_BUDGET = 250_000  # one block may hold 500 `[`, or 25 blocks 100 each
MAX_UNCLOSED = 300
MAX_INDENT = 64  # columns of leading whitespace: 16 list levels at four spaces
MAX_QUOTE_DEPTH = 16
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_UNCLOSED_TAG = re.compile(r"<(?=[A-Za-z/!?])[^<>]*(?:(?=<)|\Z)")
_QUOTE_MARKS = re.compile(r"[ \t]*((?:>[ \t]*)+)")

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins",
    "li", "mark", "ol", "p", "pre", "s", "small", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = MappingProxyType({
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "iframe": frozenset({"src", "title", "width", "height", "allowfullscreen"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "th": frozenset({"align", "colspan", "rowspan", "scope"}),
    # toc's anchors, so shared #links to a heading work
    **{f"h{n}": frozenset({"id"}) for n in range(1, 7)},
})
# Images and players in a body load when scrolled to: a long story stays light on a phone.
LAZY = MappingProxyType({"loading": "lazy"})
ADDED_ATTRIBUTES = MappingProxyType({"img": LAZY, "iframe": LAZY})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# nh3 keeps an <iframe> whose src it refused; an empty frame is noise, so it goes too.
_IFRAME_WITHOUT_SOURCE = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
# Python-Markdown costs about 1.3 ms per 1,000 characters: 10,000 stories are 13 CPU seconds,
# worth spreading over the cores. Small sites stay in one process.
PARALLEL_FROM = 400  # texts
CHUNK = 250


@dataclass(frozen=True)
class CostlyMarkdown:
    """A reason to refuse a text before parsing it; `line` is 0-based within the text."""

    line: int
    message: str


class MarkdownRefused(ValueError):
    """A text the guard will not hand to Python-Markdown; carries the first reason."""

    def __init__(self, reason: CostlyMarkdown):
        super().__init__(reason.message)
        self.reason = reason


def find_costly_markdown(text: str) -> list[CostlyMarkdown]:
    """Every reason the text could take Python-Markdown more than a fraction of a second."""
    if len(text) > MAX_CHARACTERS:
        return [CostlyMarkdown(0, f"is {len(text):,} characters long; split it, at most {MAX_CHARACTERS:,}")]
    found: list[CostlyMarkdown] = []
    cost = 0
    for start_line, block in _iter_blocks(text):
        cost += block.count("[") ** 2
        if cost > BRACKET_BUDGET:
            found.append(CostlyMarkdown(start_line, "has too many '[' for the Markdown parser: "
                                                    "close the brackets or write them as \\["))
            break
    unclosed = _UNCLOSED_TAG.findall(text) if "<" in text else ()
    if len(unclosed) > MAX_UNCLOSED:
        found.append(CostlyMarkdown(0, f"has {len(unclosed):,} '<' without a closing '>' "
                                       f"(at most {MAX_UNCLOSED}): close the tags or write '<' as &lt;"))
    for line, row in enumerate(text.split("\n")):
        expanded = row.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        quotes = _QUOTE_MARKS.match(row)
        depth = quotes.group(1).count(">") if quotes else 0
        if indent > MAX_INDENT or depth > MAX_QUOTE_DEPTH:
            found.append(CostlyMarkdown(line, f"nests too deep (indent {indent}, quote depth {depth}); "
                                              f"at most {MAX_INDENT} columns and {MAX_QUOTE_DEPTH} '>'"))
            break
    return found


def _iter_blocks(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each blank-line-separated block."""
    position, line = 0, 0
    for separator in _BLANK_LINE.finditer(text):
        block = text[position:separator.start()]
        yield line, block
        line += block.count("\n") + separator.group().count("\n")
        position = separator.end()
    yield line, text[position:]


class MarkdownRenderer:
    """One reusable Python-Markdown instance (it is not thread-safe: one renderer per build)."""

    def __init__(self, iframe_hosts: Collection[str] = (), base_url: str | None = None):
        """`base_url` makes relative links absolute (for feeds, read away from the site)."""
        # attr_list stays off: `{ onclick=... }` would give authors attributes.
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", "toc"],
            extension_configs={"tables": {"use_align_attribute": True},
                               "toc": {"slugify": slugify(case="lower"), "separator": "-"}},
            output_format="html",
        )
        self._iframe_hosts = frozenset(host.lower() for host in iframe_hosts)
        self._relative = ("rewrite_with_base", base_url) if base_url else None

    def render(self, text: str) -> Markup:
        """Sanitized HTML of `text`; raises MarkdownRefused when the guard refuses it."""
        if not text.strip():
            return Markup("")
        costly = find_costly_markdown(text)
        if costly:
            raise MarkdownRefused(costly[0])
        self._md.reset()
        return Markup(self.sanitize(self._md.convert(text)))

    def sanitize(self, html: str) -> str:
        """The allow-list: no scripts, handlers or styles; iframes only from the site's hosts."""
        clean = nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=self._keep_attribute,
            set_tag_attribute_values={tag: dict(values) for tag, values in ADDED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel="noopener",
            strip_comments=True,
            url_relative=self._relative,
        )
        return _IFRAME_WITHOUT_SOURCE.sub("", clean) if "<iframe" in clean else clean

    def _keep_attribute(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            parts = urlsplit(value.strip())
            if parts.scheme != "https" or (parts.hostname or "") not in self._iframe_hosts:
                return None
        return value


def replace_images(html: str, replace: Callable[[str, str], str | None]) -> str:
    """`html` with each <img> tag swapped for `replace(src, alt)`: finished HTML, or None to drop the tag.

    Meant for sanitized HTML: what `replace` returns is not sanitized again.
    """
    tags = find_image_tags(html) if "<img" in html else ()
    if not tags:
        return html
    parts, position = [], 0
    for tag in tags:
        parts += [html[position:tag.start], replace(tag.src, tag.alt) or ""]
        position = tag.end
    parts.append(html[position:])
    return "".join(parts)


def render_many(
    texts: Sequence[str], iframe_hosts: Collection[str] = (), workers: int = 1
) -> list[str | CostlyMarkdown]:
    """Sanitized HTML of each text (or why it was refused), in order; over `workers` processes when many."""
    hosts = tuple(sorted(iframe_hosts))
    # fork is cheap and needs no importable __main__, but forking while other threads run (the
    # preview server) can copy a held lock into the child: then stay in this process.
    if workers <= 1 or len(texts) < PARALLEL_FROM or threading.active_count() > 1:
        return _render_chunk(hosts, texts)
    chunks = [texts[i:i + CHUNK] for i in range(0, len(texts), CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return [result for chunk in pool.map(_render_chunk, repeat(hosts), chunks) for result in chunk]


def _render_chunk(iframe_hosts: tuple[str, ...], texts: Sequence[str]) -> list[str | CostlyMarkdown]:
    renderer = MarkdownRenderer(iframe_hosts)
    results: list[str | CostlyMarkdown] = []
    for text in texts:
        try:
            results.append(str(renderer.render(text)))
        except MarkdownRefused as refused:
            results.append(refused.reason)
    return results
