"""Finds the images a Markdown text names: `![alt](src)`, reference-style `![alt][id]` and raw `<img>`."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown.blockprocessors import ReferenceProcessor
from markdown.inlinepatterns import ImageInlineProcessor, ReferenceInlineProcessor

# A code span: a run of backticks, then anything up to a run of the same length, within one block.
_CODE_SPAN = re.compile(r"(?<!\\)(`+)((?:[^\n]|\n(?![ \t]*\n))+?)(?<!`)\1(?!`)")
# Python-Markdown's own rules, so that a path is read here exactly as the renderer will read it.
_DEFINITION = ReferenceProcessor.RE  # `[id]: src "title"`
_REFERENCE = ReferenceInlineProcessor.RE_LINK  # the `[id]` after `![alt]`
_SPACES = ReferenceInlineProcessor.NEWLINE_CLEANUP_RE
# Python-Markdown swaps a backslash escape for a placeholder before it looks for images, so
# `\)` does not close a path and `\![` starts none; the placeholder holds no line break.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!|])")
_PLACEHOLDER = re.compile("\x02([0-9]+)\x03")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Where HTML comments open and close (`\-->` is an escaped `-`, no end).
_COMMENT_MARK = re.compile(r"<!--|(?<!\\)-->")
_NOT_NEWLINE = re.compile(r"[^\n]")
_BRACKET = re.compile(r"[\[\]]")


@dataclass(frozen=True)
class NamedImage:
    """One image a text names. Lines are 0-based within the text.

    `line` is where its path is written and `alt_line` where its alt text is: they differ for a
    reference-style image, whose path sits in its `[id]: path` definition.
    """

    src: str
    alt: str
    line: int
    alt_line: int


def find_images(text: str) -> list[NamedImage]:
    """Every image `text` shows, by line: not what sits in a code span or an HTML comment.

    A commented-out image is left alone on purpose: it is not shown, so it is neither checked nor published.
    """
    if "![" not in text and "<" not in text:
        return []
    plain = _uncommented(_CODE_SPAN.sub(_blanked, text) if "`" in text else text)
    found = _markdown_images(plain, _uncommented(text)) if "![" in plain else []
    found += [NamedImage(tag.src, tag.alt, tag.line, tag.line) for tag in find_image_tags(plain)]
    return sorted(found, key=lambda image: (image.alt_line, image.line))


class _MarkdownSyntax(ImageInlineProcessor):
    """Python-Markdown's inline image parser, run on raw text: it stashed nothing, so nothing to restore."""

    def __init__(self) -> None:
        super().__init__(r"\!\[")

    def unescape(self, text: str) -> str:
        return text


@dataclass(frozen=True)
class ImageTag:
    """One <img> of an HTML text: where it is (offsets of the whole tag, 0-based line) and what it says."""

    start: int
    end: int
    line: int
    src: str
    alt: str


def find_image_tags(html: str) -> list[ImageTag]:
    """Every <img> tag of `html` (or of the raw HTML in a Markdown text), in order."""
    if "<" not in html:
        return []
    parser = _ImageTags(html)
    parser.feed(html)
    parser.close()
    return parser.found


class _ImageTags(HTMLParser):
    """The standard library's HTML tokenizer, keeping the <img> tags."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts = [0] + [match.end() for match in re.finditer("\n", html)]
        self.searched, self.last_close = "", -1  # the last "-->" of the text being tokenized
        self.found: list[ImageTag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            line, column = self.getpos()
            start = self.starts[line - 1] + column
            values = dict(attrs)
            self.found.append(ImageTag(start, start + len(self.get_starttag_text() or ""), line - 1,
                                       (values.get("src") or "").strip(), values.get("alt") or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def parse_comment(self, i: int, report: bool = True) -> int:
        if self.searched is not self.rawdata:  # close() goes on with what feed() left
            self.searched, self.last_close = self.rawdata, self.rawdata.rfind("-->")
        if self.last_close < i + 4:
            return i + 1  # unclosed: text to Python-Markdown, so no more hidden from us than from readers
        return super().parse_comment(i, report)

    def parse_html_declaration(self, i: int) -> int:
        # Only a comment hides what follows. Python-Markdown passes "<!x" and "<![图](a.jpg)" on as text
        # (and before 3.13 this tokenizer raises AssertionError on "<![x").
        return super().parse_html_declaration(i) if self.rawdata.startswith("<!--", i) else i + 1


def _markdown_images(text: str, blocks: str) -> list[NamedImage]:
    """Inline and reference-style images in `text` (code spans blanked), looked for block by block as
    Python-Markdown does; the `[id]: src` definitions come from `blocks`, read before code spans are.
    """
    definitions = {  # a later definition of the same id wins, as in Python-Markdown
        match.group(1).strip().lower(): (match.group(2).lstrip("<").rstrip(">"),
                                         blocks.count("\n", 0, match.start(2)))
        for match in _DEFINITION.finditer(blocks)
    }
    # Python-Markdown takes the definitions out of their block before it looks for images
    text = _DEFINITION.sub(_blanked, text) if definitions else text
    text = _ESCAPE.sub(lambda match: f"\x02{ord(match.group(1))}\x03", text)
    starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    syntax = _MarkdownSyntax()
    found = []
    for start, block in _blocks(text):
        closing = _closing_brackets(block) if "![" in block else {}
        position = block.find("![")
        while position != -1:
            # Python-Markdown's getText, without rescanning the block for each "![": the same nesting count
            end = after = closing.get(position + 1, -1) + 1
            src, src_line, alt = None, 0, block[position + 2:after - 1]
            if after and block.startswith("(", after) and block.find(")", after) != -1:
                link, _title, link_end, handled = syntax.getLink(block, after)
                if handled:
                    src, src_line, end = link, line_of(start + after), link_end
            if after and src is None:
                referenced = _referenced(block, after, alt, definitions)
                if referenced:
                    (src, src_line), end = referenced
            if src is not None:
                alt_line = line_of(start + position)
                found.append(NamedImage(_as_html(src).strip(), _as_html(alt), src_line, alt_line))
            position = block.find("![", max(end, position + 2))
    return found


def _closing_brackets(block: str) -> dict[int, int]:
    """The offset of the "]" that closes each "[" of `block`, counting nesting like Python-Markdown."""
    closing, opened = {}, []
    for match in _BRACKET.finditer(block):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            closing[opened.pop()] = match.start()
    return closing


def _uncommented(text: str) -> str:
    """`text` with its HTML comments blanked, in one pass.

    As in Python-Markdown, the last "<!--" before a "-->" opens the comment, only one that starts a
    line goes on over a blank line, and an unclosed one is text.
    """
    if "<!--" not in text:
        return text
    parts, position, opened = [], 0, -1
    for mark in _COMMENT_MARK.finditer(text):
        if mark.group() == "<!--":
            opened = mark.start()
        elif opened >= 0:
            at_line_start = opened == 0 or text[opened - 1] == "\n"
            if at_line_start or not _BLANK_LINE.search(text, opened, mark.start()):
                parts += [text[position:opened], _NOT_NEWLINE.sub(" ", text[opened:mark.end()])]
                position = mark.end()
            opened = -1
    parts.append(text[position:])
    return "".join(parts)


def _referenced(block: str, after: int, alt: str,
                definitions: dict[str, tuple[str, int]]) -> tuple[tuple[str, int], int] | None:
    """The definition `![alt][id]`, `![alt][]` or `![alt]` names, and where the image ends.

    Like Python-Markdown, the short form still counts when the `[id]` after it names nothing.
    """
    reference = _REFERENCE.match(block, after)
    if reference:
        label = _SPACES.sub(" ", (reference.group(1) or alt).lower())
        if label in definitions:
            return definitions[label], reference.end()
    label = _SPACES.sub(" ", alt.lower())
    return (definitions[label], after) if label in definitions else None


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each blank-line-separated block: no image spans a blank line."""
    position = 0
    for separator in _BLANK_LINE.finditer(text):
        yield position, text[position:separator.start()]
        position = separator.end()
    yield position, text[position:]


def _as_html(value: str) -> str:
    """What a browser reads from the attribute Python-Markdown writes: escapes undone, entities resolved."""
    return html.unescape(_PLACEHOLDER.sub(lambda match: chr(int(match.group(1))), value))


def _blanked(match: re.Match[str]) -> str:
    """A code span or comment turned into spaces, keeping its line breaks so that lines still count."""
    return _NOT_NEWLINE.sub(" ", match.group())
