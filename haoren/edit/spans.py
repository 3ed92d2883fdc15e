"""Where a file names an item: exact character spans found from the composed YAML nodes, edited in place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterator, Mapping

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from haoren.schema import Rule

# Marks count characters, so spans index the text as Python reads it (the BOM kept apart).
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_BOM = "\ufeff"


@dataclass(frozen=True, order=True)
class Span:
    """Replace text[start:end] with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Source:
    """One file's text split for editing: its YAML part (all of a .yml, the front matter of a .md)."""

    text: str  # the whole file, BOM removed, line endings as written
    bom: bool
    yaml_start: int
    yaml_end: int
    body_start: int  # where the Markdown body starts (== len(text) for a .yml)

    @classmethod
    def read(cls, raw: str, markdown: bool) -> Source:
        bom = raw.startswith(_BOM)
        text = raw[1:] if bom else raw
        if not markdown:
            return cls(text, bom, 0, len(text), len(text))
        opening = text.find("\n") + 1
        closing = _closing_line(text, opening) if text[:opening].rstrip("\r\n").rstrip(" \t") == "---" else None
        if opening == 0 or closing is None:
            return cls(text, bom, 0, 0, len(text))
        return cls(text, bom, opening, closing[0], closing[1])

    def node(self) -> Node | None:
        return yaml.compose(self.text[self.yaml_start:self.yaml_end], Loader=_LOADER)

    def apply(self, spans: list[Span]) -> str:
        """The file with every span replaced (they never overlap), BOM restored."""
        text = self.text
        for span in sorted(spans, reverse=True):
            text = text[:span.start] + span.text + text[span.end:]
        return (_BOM if self.bom else "") + text


def _closing_line(text: str, start: int) -> tuple[int, int] | None:
    """The front matter's closing `---` line: (its start, the start of the line after it)."""
    position = start
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end == -1 else end + 1
        if text[position:end].rstrip("\r\n").rstrip(" \t") in ("---", "..."):
            return position, end
        position = end
    return None


def scalar_span(node: Node, offset: int, old: str, new: str) -> Span | None:
    """The span of a scalar whose value is `old`, rewritten to `new` in the same quoting style."""
    if not isinstance(node, ScalarNode) or node.value != old or node.style in ("|", ">"):
        return None
    quote = node.style or ""
    return Span(offset + node.start_mark.index, offset + node.end_mark.index, quote + new + quote)


def reference_spans(node: Node | None, rules: Mapping[str, Rule], targets: frozenset[str], old: str, new: str,
                    offset: int) -> Iterator[Span]:
    """Every id field (by the rule table) naming `old` as one of `targets` (honoree, organization, …)."""
    if not isinstance(node, MappingNode):
        return
    for key_node, value in node.value:
        rule = rules.get(key_node.value) if isinstance(key_node, ScalarNode) else None
        if rule is None:
            continue
        values = value.value if rule.type == "list" and isinstance(value, SequenceNode) else [value]
        item = rule.item if rule.type == "list" and rule.item is not None else rule
        for each in values:
            if item.type == "id" and item.refers in targets:
                span = scalar_span(each, offset, old, new)
                if span:
                    yield span
            elif item.fields is not None:
                yield from reference_spans(each, item.fields, targets, old, new, offset)


def markdown_nodes(node: Node | None, rules: Mapping[str, Rule]) -> Iterator[ScalarNode]:
    """The scalars of Markdown fields (a bio, a description), where links to the site may be written."""
    if not isinstance(node, MappingNode):
        return
    for key_node, value in node.value:
        rule = rules.get(key_node.value) if isinstance(key_node, ScalarNode) else None
        if rule is not None and rule.type == "markdown" and isinstance(value, ScalarNode):
            yield value
        elif rule is not None and rule.fields is not None:
            yield from markdown_nodes(value, rule.fields)


def link_spans(text: str, start: int, end: int, old_url: str, new_url: str) -> Iterator[Span]:
    """Site links to `old_url` (`/stories/a/`, written with or without its last slash) in text[start:end]."""
    stem = re.escape(old_url.rstrip("/"))
    pattern = re.compile(rf"(?<=[(\s\"'<\[=:]){stem}(?=[/)#?\s\"'>\]]|$)")
    for match in pattern.finditer(text, start, end):
        yield Span(match.start(), match.end(), new_url.rstrip("/"))
