"""The cross-reference pass: ids unique per kind, every id a file names exists, redirects hide nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from haoren.problems import Problem
from haoren.validate.fields import a, suggest
from haoren.validate.history import newer_files

if TYPE_CHECKING:
    from haoren.validate.entry import Entry

KINDS_WITH_IDS = ("story", "honoree", "campaign", "topic")
SECTIONS = {"story": "stories", "honoree": "honorees", "campaign": "campaigns", "topic": "topics"}
NOUNS = {"honoree": "honoree", "organization": "honoree", "topic": "topic", "campaign": "campaign",
         "story": "story"}
# Addresses the pipeline itself generates (content-model.md, "Identifiers and URLs").
GENERATED = ("/", "/stories/", "/honorees/", "/campaigns/", "/topics/", "/honor-roll/", "/feed.xml",
             "/feed.json", "/sitemap.xml")
CHECKED_SECTIONS = ("stories", "honorees", "campaigns", "topics", "honor-roll")
HINT_LIMIT = 50  # did-you-mean hints per run: a mass rename must not make the check crawl


class Hints:
    """Did-you-mean hints against pools of thousands of ids, kept cheap.

    Candidates share the value's first character (of the slug, for an address), and hints stop
    after HINT_LIMIT.
    """

    def __init__(self) -> None:
        self.left = HINT_LIMIT
        self.buckets: dict[str, dict[str, list[str]]] = {}

    def hint(self, value: str, pool_name: str, pool: Iterable[str]) -> str:
        if self.left <= 0 or not value:
            return ""
        self.left -= 1
        if pool_name not in self.buckets:
            buckets: dict[str, list[str]] = {}
            for candidate in pool:
                buckets.setdefault(bucket_of(candidate), []).append(candidate)
            self.buckets[pool_name] = buckets
        return suggest(value, self.buckets[pool_name].get(bucket_of(value), ()))


def bucket_of(value: str) -> str:
    """The first character of an id, or of the slug of an address ("/stories/a" for "/stories/abc/")."""
    return value[: value.find("/", 1) + 2] if value.startswith("/") else value[:1]


def check_unique_ids(entries: Iterable[Entry], site: Path | None = None) -> list[Problem]:
    """Ids are unique within their kind whatever the subfolder: the newer file gets the problem.

    Newer by git's history when the site is in a git work tree; when that cannot tell, every file
    with the id is reported, each naming the others.
    """
    files: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        if entry.id is not None and entry.doc.kind in KINDS_WITH_IDS:
            files.setdefault((entry.doc.kind, entry.id), []).append(entry.doc.rel)
    problems = []
    for (kind, id_), rels in files.items():
        if len(rels) < 2:
            continue
        newer = newer_files(site, rels) if site is not None else rels[1:]
        for rel in newer:
            if len(newer) == len(rels):
                others = ", ".join(other for other in rels if other != rel)
                message = f'"{id_}" is also the id of {others}; each {kind} needs its own file name'
            else:
                older = ", ".join(other for other in rels if other not in newer)
                message = f'"{id_}" is already the id of {older}; each {kind} needs its own file name'
            problems.append(Problem(rel, 1, "id", message))
    return problems


def index_by_id(entries: Iterable[Entry]) -> dict[str, dict[str, Entry]]:
    index: dict[str, dict[str, Entry]] = {kind: {} for kind in KINDS_WITH_IDS}
    for entry in entries:
        if entry.id is not None and entry.doc.kind in index:
            index[entry.doc.kind].setdefault(entry.id, entry)
    return index


def ids_of_files(rels: Iterable[str]) -> dict[str, set[str]]:
    """The ids files at `rels` would give their kind (the stem, whatever the extension), by kind."""
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS_WITH_IDS}
    for rel in rels:
        parts = rel.split("/")
        kind = {"stories": "story", "honorees": "honoree"}.get(parts[0])
        if parts[0] == "content" and len(parts) == 3 and parts[1] in ("campaigns", "topics"):
            kind = parts[1][:-1]
        if kind is not None:
            ids[kind].add(parts[-1].split(".")[0])
    return ids


def check_references(entries: list[Entry], unreadable: Iterable[str] = ()) -> list[Problem]:
    """Every id a file names is a file of the right kind; awards are in their campaign; pins in the topic.

    An id of a file in `unreadable` (paths that failed to load, reported already) is not missing.
    """
    index = index_by_id(entries)
    pools = dict(index, organization=index["honoree"])
    broken = ids_of_files(unreadable)
    broken["organization"] = broken["honoree"]
    hints = Hints()
    problems: list[Problem] = []
    for entry in entries:
        def report(line: int, name: str, message: str) -> None:
            problems.append(Problem(entry.doc.rel, line, name, message))

        for ref in entry.reading.refs:
            target, value = pools[ref.target].get(ref.value), ref.value
            if target is None and value in broken[ref.target]:
                continue
            if target is None:
                noun = NOUNS[ref.target]
                report(ref.line, ref.field, f'no {noun} "{value}"{hints.hint(value, noun, index[noun])}')
            elif ref.target == "organization" and target.values.get("kind", "organization") != "organization":
                report(ref.line, ref.field, f'"{value}" is {a(target.values["kind"])}, not an organization')
            elif ref.target == "story" and not lists_topic(target, entry.id):
                report(ref.line, ref.field,
                       f'story "{value}" is not in this topic: add "{entry.id}" to its topics')
        if entry.doc.kind == "honoree":
            check_awards(entry, index["campaign"], report)
    return problems


def lists_topic(story: Entry, topic: str | None) -> bool:
    if "topics" not in story.values:  # a broken topics field is reported already
        return isinstance(story.doc.data, dict) and "topics" in story.doc.data
    return topic in story.values["topics"]


def check_awards(entry: Entry, campaigns: dict[str, Entry], report: Callable[[int, str, str], None]) -> None:
    """honors[i].award is a target of honors[i].campaign, and one for this honoree's kind."""
    honors = entry.doc.data.get("honors")
    kind = entry.values.get("kind")
    for index, honor in enumerate(honors if isinstance(honors, list) else ()):
        if not isinstance(honor, dict) or not isinstance(honor.get("award"), str):
            continue
        campaign = campaigns.get(honor.get("campaign"))  # type: ignore[arg-type]
        if campaign is None:
            continue  # an unknown campaign is reported on its own field
        award = honor["award"].strip()
        awards = {target["award"]: target.get("kind") for target in campaign.values.get("targets", ())
                  if "award" in target}
        name, line = f"honors[{index}].award", honor.line_of("award")
        if award not in awards:
            report(line, name, f'campaign "{campaign.id}" has no award "{award}"{suggest(award, awards)}')
        elif kind and awards[award] and awards[award] != kind:
            report(line, name, f'"{award}" is awarded to {a(awards[award])}, not to {a(kind)}')


def check_redirects(entries: list[Entry], unreadable: Iterable[str] = ()) -> list[Problem]:
    """A redirect never hides a current address, is declared once, and leads to an address that exists."""
    current = current_addresses(entries)
    for kind, ids in ids_of_files(unreadable).items():  # reported already; still addresses of the site
        current.update((f"/{SECTIONS[kind]}/{id_}/", "a file that could not be read") for id_ in ids
                       if f"/{SECTIONS[kind]}/{id_}/" not in current)
    hints = Hints()
    problems = []
    for entry in entries:
        if entry.doc.kind != "redirects":
            continue
        redirects = entry.values.get("redirects", ())
        sources = {as_folder(redirect.old) for _, _, redirect in redirects}
        seen: dict[str, str] = {}
        for name, item, redirect in redirects:
            def report(key: str, message: str) -> None:
                problems.append(Problem(entry.doc.rel, item.line_of(key), f"{name}.{key}", message))

            old, new = as_folder(redirect.old), as_folder(redirect.new)
            if old in current:
                report("from", f'"{redirect.old}" is a current address ({current[old]}); '
                               "a redirect would hide it")
            if old in seen:
                report("from", f'"{redirect.old}" is already redirected by {seen[old]}')
            seen.setdefault(old, name)
            if new in sources:
                report("to", f'"{redirect.new}" is itself redirected; point to the final address')
            elif new not in current and new.split("/")[1] in CHECKED_SECTIONS:
                hint = hints.hint(new, "urls", current)
                report("to", f'"{redirect.new}" is not an address of this site{hint}')
    return problems


def current_addresses(entries: Iterable[Entry]) -> dict[str, str]:
    """Every address the site has now, with what makes it exist."""
    current = {url: "generated" for url in GENERATED}
    for entry in entries:
        kind = entry.doc.kind
        if entry.id is not None and kind in SECTIONS:
            current[f"/{SECTIONS[kind]}/{entry.id}/"] = entry.doc.rel
        elif entry.id is not None and kind == "page":
            current[entry.id] = entry.doc.rel
        for honor in entry.values.get("honors", ()) if kind == "honoree" else ():
            if "period" in honor:
                current.setdefault(f"/honor-roll/{honor['period']}/", "an honor roll")
    return current


def as_folder(path: str) -> str:
    """`/stories/a` and `/stories/a/` are one address; `/feed.xml` stays a file."""
    return path if path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/"

