"""Editors' Markdown to safe HTML: Python-Markdown behind a cost guard, then the nh3 allow-list."""

from __future__ import annotations

import multiprocessing
import re
import threading
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from types import MappingProxyType
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from pymdownx.slugs import slugify

from haoren.validate.bodyimages import find_image_tags
from haoren.validate.mdcost import CostlyMarkdown, find_costly_markdown

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


class MarkdownRefused(ValueError):
    """A text the guard will not hand to Python-Markdown; carries the first reason."""

    def __init__(self, reason: CostlyMarkdown):
        super().__init__(reason.message)
        self.reason = reason


# A line break inside a paragraph is a space to a browser; between two Han characters (or
# Chinese punctuation) that shows as a gap the author never typed ("任务， 每天").
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


class JoinChineseLines(Treeprocessor):
    """Drop soft line breaks between Chinese characters, outside code."""

    def run(self, root) -> None:
        self._join(root)

    def _join(self, element) -> None:
        if element.tag in ("pre", "code"):
            if element.tail and "\n" in element.tail:
                element.tail = _CJK_LINE_BREAK.sub("", element.tail)
            return
        if element.text and "\n" in element.text:
            element.text = type(element.text)(_CJK_LINE_BREAK.sub("", element.text))
        for child in element:
            self._join(child)
        if element.tail and "\n" in element.tail:
            element.tail = type(element.tail)(_CJK_LINE_BREAK.sub("", element.tail))


class ChineseLinesExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802: Python-Markdown's name
        md.treeprocessors.register(JoinChineseLines(md), "join_chinese_lines", 5)


class MarkdownRenderer:
    """One reusable Python-Markdown instance (it is not thread-safe: one renderer per build)."""

    def __init__(self, iframe_hosts: Collection[str] = (), base_url: str | None = None):
        """`base_url` makes relative links absolute (for feeds, read away from the site)."""
        # attr_list stays off: `{ onclick=... }` would give authors attributes.
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", "toc", ChineseLinesExtension()],
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
