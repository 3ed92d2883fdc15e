"""A new file's text from a rule table: every field in table order, each under a comment saying what it means."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from haoren.schema import Rule

REQUIRED = "（必填）"
# Plain YAML scalars that need no quotes: no indicator characters, no surrounding space, no line break.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`\\][^:#,\[\]{}&*!|>'\"%@`\\\n]*(?<!\s)")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


def scalar(value: str) -> str:
    """`value` as a YAML scalar the loader reads back as the same text: plain when safe, else quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(value) for value in values) + "]"


def comment(rule: Rule) -> str:
    return rule.doc + (REQUIRED if rule.required else "")


def field_lines(rules: Mapping[str, Rule], values: Mapping[str, str], skip: frozenset[str] = frozenset(),
                path: str = "", indent: int = 0) -> list[str]:
    """The lines for `rules` at `indent`. `values` maps dotted names (`honors[].title`) to YAML value
    text; a field without one is left empty (YAML reads it as absent), and a required mapping or list of
    mappings is written out with one item, so every required field has its place."""
    pad, lines = " " * indent, []
    for key, rule in rules.items():
        name = path + key
        if name in skip:
            continue
        lines.append(f"{pad}# {comment(rule)}")
        if name in values:
            lines.append(f"{pad}{key}: {values[name]}")
        elif rule.type == "map" and rule.fields is not None and rule.required:
            lines.append(f"{pad}{key}:")
            lines += field_lines(rule.fields, values, skip, name + ".", indent + 2)
        elif rule.type == "list" and rule.item is not None and rule.item.fields is not None and rule.required:
            lines.append(f"{pad}{key}:")
            lines += list_item_lines(rule.item.fields, values, skip, name + "[].", indent + 2)
        else:
            lines.append(f"{pad}{key}:")
            if rule.fields is not None:  # an optional mapping: its fields shown, commented out
                lines += [f"{pad}  # {sub}:  # {comment(sub_rule)}" for sub, sub_rule in rule.fields.items()]
    return lines


def list_item_lines(rules: Mapping[str, Rule], values: Mapping[str, str], skip: frozenset[str], path: str,
                    indent: int) -> list[str]:
    """One list item holding a mapping: `- ` before its first key, the rest aligned under it."""
    lines = field_lines(rules, values, skip, path, indent + 2)
    first = next(index for index, line in enumerate(lines) if not line.lstrip().startswith("#"))
    lines[first] = " " * indent + "- " + lines[first][indent + 2:]
    return [" " * indent + line[indent + 2:] if index < first else line for index, line in enumerate(lines)]


def schema_line(rel: str, schema: str) -> str:
    """The comment that tells the YAML language server which JSON Schema to use, relative to the file."""
    depth = rel.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{schema}.schema.json"


def yaml_file(rel: str, schema: str, header: list[str], rules: Mapping[str, Rule], values: Mapping[str, str],
              skip: frozenset[str] = frozenset()) -> str:
    lines = [schema_line(rel, schema), *(f"# {line}" for line in header), *field_lines(rules, values, skip)]
    return "\n".join(lines) + "\n"


def markdown_file(rel: str, schema: str, header: list[str], rules: Mapping[str, Rule], values: Mapping[str, str],
                  body: str) -> str:
    """Front matter between `---` lines (the schema line first in it), then the Markdown body."""
    return "---\n" + yaml_file(rel, schema, header, rules, values) + "---\n\n" + body.rstrip("\n") + "\n"
