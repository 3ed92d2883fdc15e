"""`build.py rename`: move an item's file, rewrite every reference to it in place, redirect its published URL."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from haoren.edit.new import FOLDERS, SUFFIXES, Request, id_problem
from haoren.edit.spans import Source, Span, link_spans, markdown_nodes, reference_spans
from haoren.load.documents import Document, load_site
from haoren.model.ledger import read_ledger
from haoren.model.site import build_site
from haoren.problems import Problem, ProblemsFound
from haoren.publish.redirects import REDIRECTS_FILE
from haoren.validate.fields import ID, suggest
from haoren.validate.references import SECTIONS, as_folder
from haoren.validate.site import RULES, check_site, validate

# What an id field must refer to for a rename of each kind to rewrite it.
TARGETS = {"story": frozenset({"story"}), "honoree": frozenset({"honoree", "organization"}),
           "campaign": frozenset({"campaign"}), "topic": frozenset({"topic"})}
NEW_REDIRECTS = (
    "# yaml-language-server: $schema=../schemas/redirects.schema.json\n"
    "# 旧网址 → 新网址：改名或删除已发布的条目后，旧链接仍然有效。\n"
)


class RenamedWithProblems(ProblemsFound):
    """The rename is written, but the check found problems afterwards (most often ones the site had before)."""

    outcome = "the rename was made; fix these before publishing"

    def __init__(self, problems: list[Problem], summary: str):
        super().__init__(problems)
        self.summary = summary


@dataclass
class Plan:
    """Everything one rename writes: edited texts by path, the move, and the redirect it adds."""

    source: Document
    target_rel: str
    texts: dict[str, str] = field(default_factory=dict)
    references: int = 0
    files: int = 0  # files whose references were rewritten
    redirect: str | None = None


def find_item(documents: list[Document], kind: str, old: str) -> Document:
    found = [doc for doc in documents if doc.kind == kind and Path(doc.rel).stem == old]
    if not found:
        known = [Path(doc.rel).stem for doc in documents if doc.kind == kind]
        where = f"{FOLDERS[kind]}/**/{old}{SUFFIXES[kind]}"
        raise ProblemsFound([Problem(where, 1, "id", f'no {kind} "{old}"{suggest(old, known)}')])
    return found[0]


def url_of(kind: str, item_id: str) -> str:
    return f"/{SECTIONS[kind]}/{item_id}/"


def read_source(doc: Document) -> Source:
    with open(doc.path, encoding="utf-8", newline="") as file:  # line endings kept as written
        return Source.read(file.read(), doc.rel.endswith(".md"))


def file_spans(doc: Document, source: Source, kind: str, old: str, new: str) -> list[Span]:
    """The edits one file needs: id fields naming the item, and site links to its address in Markdown."""
    node = source.node()
    old_url, new_url = url_of(kind, old), url_of(kind, new)
    if doc.kind == "redirects":
        return redirect_spans(node, source, old_url, new_url)
    rules = RULES.get(doc.kind, {})
    spans = list(reference_spans(node, rules, TARGETS[kind], old, new, source.yaml_start))
    for scalar in markdown_nodes(node, rules):
        spans += link_spans(source.text, source.yaml_start + scalar.start_mark.index,
                            source.yaml_start + scalar.end_mark.index, old_url, new_url)
    return spans + list(link_spans(source.text, source.body_start, len(source.text), old_url, new_url))


def scalar_of(item: MappingNode, key: str) -> ScalarNode | None:
    return next((value for key_node, value in item.value
                 if isinstance(key_node, ScalarNode) and key_node.value == key and isinstance(value, ScalarNode)),
                None)


def redirect_spans(node: object, source: Source, old_url: str, new_url: str) -> list[Span]:
    """Redirects to the old address now lead to the new one; a redirect away from the new address (a rename
    being undone) is removed, or it would hide the item."""
    spans: list[Span] = []
    for index, item in enumerate(node.value if isinstance(node, SequenceNode) else ()):
        if not isinstance(item, MappingNode):
            continue
        source_url, target = scalar_of(item, "from"), scalar_of(item, "to")
        if source_url is not None and as_folder(source_url.value) == new_url:
            spans.append(item_lines(source, item, index))
        elif target is not None and as_folder(target.value) == old_url:
            quote = target.style if target.style in ("'", '"') else ""
            spans.append(Span(target.start_mark.index, target.end_mark.index, quote + new_url + quote))
    return spans


def item_lines(source: Source, item: MappingNode, index: int) -> Span:
    """The whole lines of one `- from: …` item of a block list, to delete it."""
    text, start, end = source.text, item.start_mark.index, item.end_mark.index
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() != "-":
        line = text.count("\n", 0, start) + 1
        raise ProblemsFound([Problem(REDIRECTS_FILE, line, f"redirects[{index}].from",
                                     "redirects the new address away; remove this redirect first")])
    if not text[:end].endswith("\n"):
        newline = text.find("\n", end)
        end = len(text) if newline == -1 else newline + 1
    return Span(line_start, end, "")


def redirect_entry(old_url: str, new_url: str) -> str:
    return f"{{from: {old_url}, to: {new_url}}}"


def add_redirect(site: Path, texts: dict[str, str], old_url: str, new_url: str) -> None:
    """Append `{from: old, to: new}` to content/redirects.yml, in the list's own style, keeping the rest."""
    path = site / REDIRECTS_FILE
    if REDIRECTS_FILE in texts:
        raw = texts[REDIRECTS_FILE]
    elif path.is_file():
        with open(path, encoding="utf-8", newline="") as file:
            raw = file.read()
    else:
        raw = NEW_REDIRECTS
    source = Source.read(raw, markdown=False)
    node, text = source.node(), source.text
    entry = redirect_entry(old_url, new_url)
    if isinstance(node, SequenceNode) and node.flow_style:
        close = node.end_mark.index - 1  # the "]"
        separator = ", " if node.value else ""
        texts[REDIRECTS_FILE] = source.apply([Span(close, close, separator + entry)])
        return
    newline = "\r\n" if "\r\n" in text else "\n"
    indent = " " * (node.start_mark.column if isinstance(node, SequenceNode) else 0)
    ending = "" if not text or text.endswith("\n") else newline
    texts[REDIRECTS_FILE] = source.apply([Span(len(text), len(text), f"{ending}{indent}- {entry}{newline}")])


def was_published(site: Path, documents: list[Document], item: Document, kind: str, old: str,
                  now: datetime) -> bool:
    """Whether the old address was public, so old links need a redirect.

    An item the lifecycle withholds now (a draft, a scheduled story, withdrawn consent) needs none, and a
    redirect to it would show nothing. Otherwise the committed ledger (content/published.yml) decides, so
    a fresh clone without site/ decides as the machine that published; a site with no ledger yet takes a
    public item to have been published.
    """
    if not ID.fullmatch(old):  # a file name that is no id never had a page
        return False
    content, _ = validate(site, documents)
    if content is not None:
        model = build_site(content, now)
        public = {"story": model.story_by_slug, "honoree": model.honoree_by_id,
                  "campaign": model.campaign_by_id, "topic": model.topic_by_id}[kind]
        if old not in public:
            return False
    elif kind == "story" and item.data.get("draft") == "true":
        return False
    ledger = read_ledger(site)  # a damaged ledger refuses the rename with its line
    return ledger is None or url_of(kind, old) in ledger


def plan_rename(site: Path, kind: str, old: str, new: str, now: datetime) -> Plan:
    documents, problems = load_site(site)
    if problems:  # a file that cannot be read may name the item: nothing is renamed until it is fixed
        raise ProblemsFound(problems)
    item = find_item(documents, kind, old)
    folder = item.rel.rpartition("/")[0]
    plan = Plan(item, f"{folder}/{new}{SUFFIXES[kind]}")
    refused = id_problem(plan.target_rel, site, Request(kind, new))
    if refused:
        raise ProblemsFound([refused])
    for doc in documents:
        source = read_source(doc)
        spans = file_spans(doc, source, kind, old, new)
        if spans:
            plan.texts[doc.rel] = source.apply(spans)
            plan.references += len(spans)
            plan.files += 1
    if was_published(site, documents, item, kind, old, now):
        plan.redirect = REDIRECTS_FILE
        add_redirect(site, plan.texts, url_of(kind, old), url_of(kind, new))
    return plan


def write_text(path: Path, text: str) -> None:
    """Replace the file in one step, so an interrupted rename never leaves half a file."""
    temporary = path.with_name(f".{path.name}.rename-tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as file:
        file.write(text)
    os.replace(temporary, path)


def rename(site: Path, kind: str, old: str, new: str, now: datetime) -> str:
    """Rename the item and return what was done; ProblemsFound when refused (nothing written) or, as
    RenamedWithProblems, when the check still finds problems after the rename."""
    plan = plan_rename(site, kind, old, new, now)
    source_rel = plan.source.rel
    moved_text = plan.texts.pop(source_rel, None)
    target = site / plan.target_rel
    os.rename(plan.source.path, target)  # id_problem made sure nothing is there
    if moved_text is not None:
        write_text(target, moved_text)
    for rel, text in plan.texts.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        write_text(site / rel, text)
    edited = plan.files
    summary = (f"Renamed {kind} {old} → {new}: {source_rel} → {plan.target_rel}; "
               f"{plan.references} reference{'s' if plan.references != 1 else ''} rewritten in {edited} "
               f"file{'s' if edited != 1 else ''}")
    if plan.redirect:
        summary += f"; {url_of(kind, old)} now redirects to {url_of(kind, new)} ({plan.redirect})"
    _, problems = check_site(site)
    if problems:
        raise RenamedWithProblems(problems, summary + ".")
    return summary + "."
