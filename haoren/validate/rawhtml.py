"""Checks the raw HTML, links and attribute lists in editors' Markdown for anything that could run code."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Collection, Iterator
from urllib.parse import urlsplit

FORBIDDEN_TAGS = frozenset({
    "script", "style", "object", "embed", "form", "base", "meta", "link", "applet", "frame", "frameset",
})
# Attributes whose value a browser follows or loads (SVG animation attributes can set an href).
URL_ATTRIBUTES = frozenset({
    "href", "xlink:href", "src", "srcset", "action", "formaction", "poster", "background", "data",
    "codebase", "cite", "longdesc", "lowsrc", "dynsrc", "manifest", "to", "from", "values",
})
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Attributes that carry a whole document or script of their own, whatever the tag.
CODE_ATTRIBUTES = frozenset({"srcdoc"})
# Browsers drop ASCII controls and whitespace anywhere in a scheme ("java\tscript:").
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# Markdown link destinations: inline `[x](url)` / `![x](url)` and reference definitions `[x]: url`.
INLINE_LINK = re.compile(r"\]\(\s*<?((?:[^\s()<>]|\([^\s()]*\))*)")
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)", re.MULTILINE)
# attr_list: `{: #id .class key=value }` or `{ key=value }` after a block or an inline element.
ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
ATTR_PAIR = re.compile(r"""([^\s=}]+)=("[^"]*"|'[^']*'|[^\s}]*)""")


@dataclass(frozen=True)
class Unsafe:
    """One refused piece of a Markdown text: `line` is 0-based within the text."""

    line: int
    message: str


def find_unsafe_html(text: str, iframe_hosts: Collection[str] = ()) -> list[Unsafe]:
    """Every tag, attribute and link in `text` that could run code or embed an unlisted site."""
    found: list[Unsafe] = []
    if "<" in text:
        parser = TagChecker(iframe_hosts)
        try:
            parser.feed(text)
            parser.close()
        except AssertionError:  # Python 3.11's tokenizer asserts on markup like "<![" instead of skipping it
            parser.refuse("has markup the HTML reader cannot follow (such as \"<![\"); write \"<\" as &lt;")
        found.extend(parser.found)
    lines = LineIndex(text)
    if "](" in text:
        found.extend(link_problems(INLINE_LINK.finditer(text), lines))
    if "]:" in text:
        found.extend(link_problems(REFERENCE_LINK.finditer(text), lines))
    if "{" in text:
        for match in ATTR_LIST.finditer(text):
            for key, value in ATTR_PAIR.findall(match.group(1)):
                message = attribute_problem(key.lower(), html.unescape(value.strip("\"'")), "{ }")
                if message:
                    found.append(lines.at(match.start(), message))
    return sorted(found, key=lambda unsafe: unsafe.line)


class TagChecker(HTMLParser):
    """Walks the tags of a text with the standard library's HTML tokenizer and keeps what it refuses."""

    def __init__(self, iframe_hosts: Collection[str]):
        super().__init__(convert_charrefs=True)
        self.iframe_hosts = iframe_hosts
        self.found: list[Unsafe] = []

    def refuse(self, message: str) -> None:
        self.found.append(Unsafe(self.getpos()[0] - 1, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if ":" in tag:  # `<javascript:alert(1)>`, written like an autolink
            message = link_problem(tag)
            if message:
                self.refuse(message)
            return
        if tag in FORBIDDEN_TAGS:
            self.refuse(f"<{tag}> is not allowed in the text")
        elif tag == "iframe":
            self.check_iframe(dict(attrs).get("src") or "")
        for name, value in attrs:
            message = attribute_problem(name, value or "", f"<{tag}>")
            if message:
                self.refuse(message)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def check_iframe(self, src: str) -> None:
        host = urlsplit(src.strip()).hostname if src.strip().startswith("https://") else None
        if host is None or host not in self.iframe_hosts:
            allowed = ", ".join(self.iframe_hosts) or "none: the settings list no iframe_hosts"
            self.refuse(f'<iframe src="{src}"> is not from an allowed host (allowed: {allowed})')


def attribute_problem(name: str, value: str, where: str) -> str | None:
    """A message when attribute `name` of tag `where` ("<a>", or "{ }" for attr_list) may run code."""
    if name.startswith("on") or name in CODE_ATTRIBUTES:
        return f"the {name} attribute on {where} is not allowed (it runs code)"
    if name in URL_ATTRIBUTES:
        for part in value.split(",") if name == "srcset" else (value,):
            scheme = dangerous_scheme(part)
            if scheme:
                return f'{name}="{shown(part)}" on {where} uses {scheme}, which is not allowed'
    return None


def link_problem(url: str) -> str | None:
    scheme = dangerous_scheme(url)
    return f'link "{shown(url)}" uses {scheme}, which is not allowed' if scheme else None


def dangerous_scheme(url: str) -> str | None:
    """The scheme of `url` when it runs code or smuggles content in ("javascript:"), else None."""
    plain = INVISIBLE.sub("", url).lower()
    return next((scheme for scheme in DANGEROUS_SCHEMES if plain.startswith(scheme)), None)


def shown(url: str) -> str:
    visible = INVISIBLE.sub("", url)
    return visible if len(visible) <= 40 else visible[:40] + "…"


def link_problems(matches: Iterator[re.Match[str]], lines: LineIndex) -> Iterator[Unsafe]:
    for match in matches:
        message = link_problem(html.unescape(match.group(1)))
        if message:
            yield lines.at(match.start(1), message)


class LineIndex:
    """Turns character offsets of one text into 0-based line numbers."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] | None = None

    def at(self, offset: int, message: str) -> Unsafe:
        if self.starts is None:  # built only when something is found: most texts are clean
            self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return Unsafe(bisect_right(self.starts, offset) - 1, message)
