"""Bytes → documents with a line for every key: strict UTF-8, strict YAML, our own front matter."""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from haoren.load.yamlhelp import explain
from haoren.problems import Problem, ProblemsFound

YAML_LIMIT = 1 << 20  # bytes of one YAML file or one front matter
MARKDOWN_LIMIT = 5 << 20  # bytes of one Markdown file
MAX_DEPTH = 32  # nested mappings and lists; deeper is never a real content file
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# Tags our resolver hands out. They contain a space, which no tag written in YAML can,
# so any other tag on a node was written by the editor.
_PLAIN = "haoren plain"
_QUOTED = "haoren quoted"
_COLLECTION = "haoren collection"
_UNTAGGED = frozenset({_PLAIN, _QUOTED, _COLLECTION})
_SHORT_TAG = "tag:yaml.org,2002:"
# libyaml counts these as line breaks; editors and our line numbers do not.
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_ROOTS = ("stories", "honorees", "content")
_SYMLINK = "symbolic links are not allowed; put the real file or folder here"


class LineMap(dict):
    """A YAML mapping (str keys) that remembers the file line of itself and of every key."""

    def __init__(self, items: Iterable = (), *, line: int = 1, key_lines: dict[str, int] | None = None):
        super().__init__(items)
        self.line = line
        self.key_lines: dict[str, int] = dict(key_lines or {})

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML list that remembers the file line of itself and of every item."""

    def __init__(self, items: Iterable = (), *, line: int = 1, item_lines: list[int] | None = None):
        super().__init__(items)
        self.line = line
        self.item_lines: list[int] = list(item_lines or [])

    def line_of(self, index: int) -> int:
        try:
            return self.item_lines[index]
        except (IndexError, TypeError):
            return self.line


@dataclass(frozen=True)
class Document:
    """One editor's file, parsed. For kind "redirects" `data` is `{"redirects": LineList}`."""

    rel: str  # posix path relative to the site folder
    path: Path  # absolute
    kind: str  # story | honoree | campaign | topic | page | settings | redirects | edition
    data: LineMap  # the front matter, or the whole YAML file
    body: str = ""  # Markdown body of .md files, front matter removed
    body_line: int = 0  # 1-based line of the file where the body starts


class _TextLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
    """Composes nodes with marks and no YAML 1.1 typing: the resolver only tells plain from quoted."""

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return _COLLECTION


class _Builder:
    """Turns composed nodes of one text into LineMap/LineList, collecting every problem."""

    def __init__(self, text: str, rel: str, first_line: int):
        self.rel = rel
        self.first_line = first_line
        self.problems: list[Problem] = []
        self.breaks: list[int] | None = None
        if any(c in text for c in _ODD_BREAKS):
            self.breaks = [m.start() for m in re.finditer("\n", text)]

    def line(self, mark: yaml.Mark) -> int:
        if self.breaks is None:
            return mark.line + self.first_line
        return bisect_left(self.breaks, mark.index) + self.first_line

    def add(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.rel, line, field, message))

    def build(self, node: Node, path: str, depth: int) -> str | None | LineMap | LineList:
        if node.tag not in _UNTAGGED:
            tag = "!!" + node.tag[len(_SHORT_TAG):] if node.tag.startswith(_SHORT_TAG) else node.tag
            self.add(self.line(node.start_mark), "yaml", f'tag "{tag}" is not allowed; write plain text')
        if isinstance(node, ScalarNode):
            return None if node.tag is _PLAIN and node.value in NULLS else node.value
        if depth > MAX_DEPTH:
            self.add(self.line(node.start_mark), "yaml", f"nested deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, SequenceNode):
            return self.build_list(node, path, depth)
        return self.build_map(node, path, depth)

    def build_list(self, node: SequenceNode, path: str, depth: int) -> LineList:
        items = LineList(line=self.line(node.start_mark))
        for index, item in enumerate(node.value):
            items.item_lines.append(self.line(item.start_mark))
            items.append(self.build(item, f"{path}[{index}]", depth + 1))
        return items

    def build_map(self, node: MappingNode, path: str, depth: int) -> LineMap:
        mapping = LineMap(line=self.line(node.start_mark))
        for key_node, value_node in node.value:
            line = self.line(key_node.start_mark)
            key = self.build(key_node, path, depth) if isinstance(key_node, ScalarNode) else None
            if key is None:
                found = "null" if isinstance(key_node, ScalarNode) else "a list or mapping"
                self.add(line, "yaml", f"a key must be text, not {found}")
                continue
            key_path = f"{path}.{key}" if path else key
            if key in mapping:
                first = mapping.key_lines[key]
                self.add(line, key_path, f'duplicate key "{key}" (first at line {first})')
                continue
            mapping.key_lines[key] = line
            mapping[key] = self.build(value_node, key_path, depth + 1)
        return mapping


def _found(rel: str, line: int, field: str, message: str) -> ProblemsFound:
    """The exception for a text that has exactly one problem."""
    return ProblemsFound([Problem(rel, line, field, message)])


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _syntax_problem(error: Exception, text: str, builder: _Builder) -> Problem:
    """One problem for a YAML error, at the line of its mark, without libyaml's snippets."""
    line, message = builder.first_line, f"could not be parsed: {_describe(error)}"
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = builder.line(mark) if mark else line
        message = error.problem or "invalid YAML"
        if message.startswith("found undefined alias"):
            return Problem(builder.rel, line, "yaml", "anchors and aliases are not allowed")
        if message == "but found another document":
            return Problem(builder.rel, line, "yaml", 'one document per file; remove this "---" line')
        context_line = builder.line(error.context_mark) if error.context_mark else None
        start = builder.first_line
        plain = explain(message, error.context, text.split("\n"), line - start,
                        None if context_line is None else context_line - start)
        if plain:
            return Problem(builder.rel, plain[0] + start, "yaml", plain[1])
        if error.context:
            where = f" at line {builder.line(error.context_mark)}" if error.context_mark else ""
            message += f" ({error.context}{where})"
    elif isinstance(error, yaml.reader.ReaderError):
        # ReaderError.position counts UTF-8 bytes, unlike marks, which count characters.
        encoded = text.encode("utf-8", "surrogatepass")
        line = encoded.count(b"\n", 0, error.position) + builder.first_line
        char = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"{error.reason} (U+{char:04X})"
    return Problem(builder.rel, line, "yaml", message)


def _anchor_problems(text: str, builder: _Builder) -> list[Problem]:
    """Anchors leave no trace in composed nodes, so find them (and aliases) in the events."""
    return [
        Problem(builder.rel, builder.line(event.start_mark), "yaml", "anchors and aliases are not allowed")
        for event in yaml.parse(text, Loader=_TextLoader)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
    ]


def _parse(text: str, rel: str, first_line: int, allow_list: bool) -> LineMap | LineList:
    """Parse one YAML text whose top level is a mapping (or a list, if allowed)."""
    if len(text) * 4 > YAML_LIMIT and len(text.encode("utf-8", "surrogatepass")) > YAML_LIMIT:
        raise _found(rel, first_line, "file", f"YAML larger than {YAML_LIMIT >> 20} MiB")
    builder = _Builder(text, rel, first_line)
    try:
        if "&" in text:  # an anchor needs "&": skip the event pass for almost every file
            anchors = _anchor_problems(text, builder)
            if anchors:
                raise ProblemsFound(anchors)
        node = yaml.compose(text, Loader=_TextLoader)
    except ProblemsFound:
        raise
    except Exception as error:  # libyaml errors, and anything odd text can provoke in it
        raise ProblemsFound([_syntax_problem(error, text, builder)]) from None
    if node is None:
        return LineMap(line=first_line)
    if not isinstance(node, MappingNode) and not (allow_list and isinstance(node, SequenceNode)):
        what = "a list" if allow_list else "a mapping of keys to values"
        found = "a list" if isinstance(node, SequenceNode) else "text"
        builder.add(builder.line(node.start_mark), "yaml", f"the top level must be {what}, not {found}")
        raise ProblemsFound(builder.problems)
    data = builder.build(node, "", 1)
    if builder.problems:
        raise ProblemsFound(builder.problems)
    return data  # type: ignore[return-value]


def load_yaml(text: str, rel: str, first_line: int = 1) -> LineMap:
    """Parse YAML whose top level is a mapping; lines count from `first_line`. Raises only ProblemsFound.

    Every scalar stays the text it was written as; a plain `~`, `null` or empty value is None.
    An empty text (or only comments) is an empty mapping.
    """
    try:
        return _parse(text, rel, first_line, allow_list=False)  # type: ignore[return-value]
    except ProblemsFound:
        raise
    except Exception as error:  # a bug here must still reach the editor as one line
        raise _found(rel, first_line, "yaml", f"could not be parsed: {_describe(error)}") from None


def decode(data: bytes, rel: str) -> str:
    """UTF-8 bytes → text with a leading BOM dropped and every line ending made "\\n"."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        head = data[: error.start]
        line = 1 + head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n")
        byte = data[error.start]
        raise _found(rel, line, "file", f"not UTF-8 (byte 0x{byte:02X}); save the file as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_front_matter(text: str, rel: str) -> tuple[LineMap, str, int]:
    """Markdown text → (front matter, body, line where the body starts)."""
    first, _, rest = text.partition("\n")
    if first.rstrip(" \t") != "---":
        raise _found(rel, 1, "file", 'must start with a "---" line opening the front matter')
    end = _FRONT_MATTER_END.search(rest)
    if end is None:
        raise _found(rel, 1, "file", 'the front matter opened at line 1 has no closing "---" line')
    front = rest[: end.start()]
    body_line = front.count("\n") + 3  # the opening line, the front matter's lines, the closing line
    return load_yaml(front, rel, first_line=2), rest[end.end() + 1 :], body_line


def _kind_of(parts: tuple[str, ...]) -> str | None:
    """The document kind of a file under the site folder, or None for files we do not read."""
    root, name = parts[0], parts[-1]
    if root == "stories" and name.endswith(".md"):
        return "story"
    if root == "honorees" and name.endswith(".yml"):
        return "honoree"
    if root != "content":
        return None
    if len(parts) == 2:
        return {"site.yml": "settings", "redirects.yml": "redirects"}.get(name)
    if len(parts) == 3 and parts[1] in ("campaigns", "topics") and name.endswith(".yml"):
        return parts[1][:-1]
    if parts[1] == "pages" and name.endswith(".md"):
        return "page"
    if len(parts) == 3 and parts[1] == "editions" and name.endswith(".yml"):
        return "edition"
    return None


def _misnamed(name: str) -> str | None:
    """The extension a content file should have instead of its own, if it is a look-alike."""
    stem, dot, suffix = name.rpartition(".")
    wanted = {"yml": ".yml", "yaml": ".yml", "md": ".md", "markdown": ".md"}.get(suffix.lower())
    return wanted if stem and dot and wanted and "." + suffix != wanted else None


def _walk(site: Path, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    """Every regular file under the content roots, by its rel and its path, without following (and
    reporting) symlinks. Paths as text: at 10,000 stories a Path for each file took 0.2 s of every check,
    and the unchanged files (most) are never opened."""
    pending = [(os.path.join(site, root), root) for root in _ROOTS]
    while pending:
        folder, rel = pending.pop()
        files: list[tuple[str, str]] = []
        try:
            if os.path.islink(folder):
                problems.append(Problem(rel, 1, "file", _SYMLINK))
                continue
            if not os.path.isdir(folder):
                continue
            for entry in os.scandir(folder):
                entry_rel = f"{rel}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, entry_rel))
                elif entry.is_symlink():
                    problems.append(Problem(entry_rel, 1, "file", _SYMLINK))
                elif entry.is_file(follow_symlinks=False):
                    files.append((entry_rel, entry.path))
        except OSError as error:
            problems.append(Problem(rel, 1, "file", f"could not be read: {_describe(error)}"))
        yield from files


def _read(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it is over `limit`; never through a symlink."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as file:
        data = file.read(limit + 1)
    return data if len(data) <= limit else None


def _load_document(rel: str, path: Path, kind: str) -> Document:
    markdown = rel.endswith(".md")
    limit = MARKDOWN_LIMIT if markdown else YAML_LIMIT
    data = _read(path, limit)
    if data is None:
        raise _found(rel, 1, "file", f"larger than {limit >> 20} MiB")
    text = decode(data, rel)
    if markdown:
        front, body, body_line = split_front_matter(text, rel)
        return Document(rel, path, kind, front, body, body_line)
    if kind != "redirects":
        return Document(rel, path, kind, load_yaml(text, rel))
    entries = _parse(text, rel, 1, allow_list=True)
    if isinstance(entries, LineMap) and entries:
        raise _found(rel, entries.line, "yaml", "the top level must be a list, not a mapping")
    if isinstance(entries, LineMap):  # an empty file: no redirects yet
        entries = LineList(line=1)
    data = LineMap({"redirects": entries}, line=1, key_lines={"redirects": entries.line})
    return Document(rel, path, kind, data)


def is_document(rel: str) -> bool:
    """Whether load_site reads the file at `rel` (site-relative) as a Document; other files are what
    documents name (images, captions, videos) or are refused."""
    parts = tuple(rel.split("/"))
    return not _misnamed(parts[-1]) and _kind_of(parts) is not None


def load_site(
    site: Path, unchanged: Callable[[str, str], Document | None] | None = None
) -> tuple[list[Document], list[Problem]]:
    """Every content file of a site folder as a Document (sorted by rel), and every problem met.

    Never raises: a file that fails in an unexpected way becomes one problem of that file.
    `unchanged(rel, path)` may give the Document already read from an unchanged file (the preview's);
    `path` is the file's path as text.
    """
    site = Path(site).absolute()
    documents: list[Document] = []
    problems: list[Problem] = []
    seen_settings = False
    for rel, path in _walk(site, problems):
        seen_settings = seen_settings or rel == "content/site.yml"
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:  # os gave undecodable name bytes back as surrogates
            shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            problems.append(Problem(shown, 1, "file", "the file name is not UTF-8; rename the file"))
            continue
        parts = tuple(rel.split("/"))
        wanted = _misnamed(parts[-1])
        if wanted:
            problems.append(Problem(rel, 1, "file", f"rename to {wanted}; other extensions are not read"))
            continue
        kind = _kind_of(parts)
        if kind is None:
            continue
        try:
            documents.append((unchanged and unchanged(rel, path)) or _load_document(rel, Path(path), kind))
        except ProblemsFound as found:
            problems.extend(found.problems)
        except Exception as error:  # one unreadable file must not hide the others' problems
            problems.append(Problem(rel, 1, "file", f"could not be read: {_describe(error)}"))
    if not seen_settings and not any(p.path == "content/site.yml" for p in problems):
        problems.append(Problem("content/site.yml", 1, "file", "missing: every site needs its settings file"))
    documents.sort(key=lambda document: document.rel)
    return documents, sorted(problems)
