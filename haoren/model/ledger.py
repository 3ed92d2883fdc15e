"""The published-URL ledger (content/published.yml): what was published, and the guards that read it.

`build` records every item address it published (stories, honorees, campaigns, topics, hand-written
pages) with its title; the file is committed, so `check` on any machine (a CI on a fresh clone
included) refuses content that would drop one of them without a redirect, and names where the item
probably went. A redirect must also lead to a published item, never to a draft, scheduled or
withheld one.

API for other tools: `read_ledger` (the `rename` command asks it whether an address was published),
`is_published(site_dir, url)`, `add_redirect(site_dir, old, new)`; the pipeline uses `read_ledger`,
`address_problems`, `next_ledger`, `write_ledger`.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from haoren.load.documents import decode, load_site, load_yaml
from haoren.model.site import Site, is_honoree_published, is_story_published, period_start
from haoren.problems import Problem, ProblemsFound
from haoren.schema import Content
from haoren.validate.references import SECTIONS, as_folder, ids_of_files
from haoren.validate.site import PAGES_FOLDER

LEDGER_FILE = "content/published.yml"
REDIRECTS_FILE = "content/redirects.yml"
HEADER = (
    "# 已发布的网址（build.py build 自动更新；请随内容一起提交，不要手改）。\n"
    "# 改名或删除其中的文章、人物、活动、专题或页面时，在 content/redirects.yml 里加一条重定向。\n"
)
_URL = re.compile(r"/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+")


@dataclass(frozen=True)
class Entry:
    """One published address: its title when published, and its line in the ledger (0: not from a file)."""

    title: str
    line: int = 0


Ledger = Mapping[str, Entry]


def read_ledger(site_dir: Path) -> dict[str, Entry] | None:
    """The ledger of `site_dir`, or None when it has none yet; raises ProblemsFound for a damaged one."""
    path = Path(site_dir) / LEDGER_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    entries = load_yaml(decode(data, LEDGER_FILE), LEDGER_FILE)
    problems, ledger = [], {}
    for url, title in entries.items():
        line = entries.line_of(url)
        if not _URL.fullmatch(url) or not isinstance(title, str):
            problems.append(Problem(LEDGER_FILE, line, "published", f'"{url}" is not a line "/path/: title"; '
                                    "restore this file from git (build.py build rewrites it)"))
        else:
            ledger[url] = Entry(title, line)
    if problems:
        raise ProblemsFound(problems)
    return ledger


def is_published(site_dir: Path, url: str) -> bool:
    """Whether the ledger says `url` was published (so moving it needs a redirect)."""
    return as_folder(url) in (read_ledger(site_dir) or {})


def published_items(site: Site) -> dict[str, str]:
    """Every item address this site publishes, with its title."""
    items = {f"/stories/{s.slug}/": s.title for s in site.stories}
    items.update((f"/honorees/{h.id}/", h.name) for h in site.honorees)
    items.update((f"/campaigns/{v.campaign.id}/", v.campaign.title) for v in site.campaigns)
    items.update((f"/topics/{t.id}/", t.title) for t in site.topics)
    items.update((p.url, p.title) for p in site.pages)
    return items


def withheld_items(content: Content, site: Site) -> dict[str, str]:
    """Addresses of items that have a file but are not published now, each with why."""
    withheld = {}
    for story in content.stories:
        if story.slug not in site.story_by_slug:
            withheld[f"/stories/{story.slug}/"] = (
                "a draft story" if story.draft else f"a story scheduled for {story.date:%Y-%m-%d %H:%M}")
    for honoree in content.honorees:
        if honoree.id not in site.honoree_by_id:
            if not honoree.consent.publish:
                why = "an honoree withheld (consent.publish: false)"
            else:
                due = min(period_start(honor.period) for honor in honoree.honors)
                why = f"an honoree not published before {due}"
            withheld[f"/honorees/{honoree.id}/"] = why
    return withheld


def address_problems(ledger: Ledger | None, content: Content, site: Site) -> list[Problem]:
    """Published addresses this content would drop without a redirect; redirects to unpublished items."""
    withheld = withheld_items(content, site)
    problems = [
        Problem(REDIRECTS_FILE, redirect.line, f"redirects[{index}].to",
                f'"{redirect.new}" is {withheld[as_folder(redirect.new)]}, so readers would find nothing '
                "there; point to a published address")
        for index, redirect in enumerate(site.redirects) if as_folder(redirect.new) in withheld
    ]
    kept = {as_folder(redirect.old) for redirect in site.redirects} | set(withheld)
    return problems + lost_address_problems(ledger, published_items(site), kept)


def unvalidated_address_problems(ledger: Ledger | None, site_dir: Path) -> list[Problem]:
    """What `address_problems` can tell while files have problems, so they all show in one run.

    The files as written decide: every item file keeps its address (a file name is its id, a
    title as typed), and so does a `from` of content/redirects.yml. A redirect to an unpublished
    item needs the model, so it is reported once the files are valid.
    """
    if not ledger:
        return []
    documents, unreadable = load_site(site_dir)
    current: dict[str, str] = {}
    kept = {f"/{SECTIONS[kind]}/{id_}/" for kind, ids in ids_of_files(p.path for p in unreadable).items()
            for id_ in ids}
    kept |= {page_address(p.path) for p in unreadable if p.path.startswith(PAGES_FOLDER)}
    for doc in documents:
        data = doc.data if isinstance(doc.data, dict) else {}
        title = data.get("title", data.get("name"))
        if doc.kind in SECTIONS:
            current[f"/{SECTIONS[doc.kind]}/{Path(doc.rel).stem}/"] = title if isinstance(title, str) else ""
        elif doc.kind == "page":
            current[page_address(doc.rel)] = title if isinstance(title, str) else ""
        elif doc.kind == "redirects":
            kept |= {as_folder(item["from"]) for item in data.get("redirects", ())
                     if isinstance(item, dict) and isinstance(item.get("from"), str)}
    return lost_address_problems(ledger, current, kept)


def page_address(rel: str) -> str:
    """The address of a hand-written page's file (content/pages/a/b.md → /a/b/)."""
    return "/" + rel.removeprefix(PAGES_FOLDER).rsplit(".", 1)[0] + "/"


def lost_address_problems(ledger: Ledger | None, current: Mapping[str, str], kept: set[str]) -> list[Problem]:
    """Each ledger address neither `current` (address → title) nor `kept` has, with where it probably went."""
    if not ledger:
        return []
    problems = []
    new = {url: title for url, title in current.items() if url not in ledger}
    for url in sorted(set(ledger) - set(current) - kept, key=lambda u: (ledger[u].line, u)):
        title = ledger[url].title
        target = likely_new_address(url, title, new)
        where = (f'; {_noun(url)} "{title}" is now at {target}' if target and title
                 else f"; it is probably now at {target}" if target else "")
        problems.append(Problem(
            LEDGER_FILE, ledger[url].line or 1, "published",
            f'"{url}" was published and this content would remove it{where}; add '
            f"{{from: {url}, to: {target or '<its new address>'}}} to {REDIRECTS_FILE} "
            "so old links keep working"))
    return problems


def likely_new_address(url: str, title: str, new: Mapping[str, str]) -> str | None:
    """Where a vanished item probably went: a new address of its section with its title, else a close slug."""
    section = url.split("/")[1]
    candidates = {u: t for u, t in new.items() if u.split("/")[1] == section}
    same_title = sorted(u for u, t in candidates.items() if title and t == title)
    if same_title:
        return same_title[0]
    close = difflib.get_close_matches(url, sorted(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def _noun(url: str) -> str:
    section = url.split("/")[1]
    nouns = {folder: kind for kind, folder in SECTIONS.items()}
    return "the " + nouns.get(section, "page")


def next_ledger(ledger: Ledger | None, site: Site) -> dict[str, str]:
    """What this build published, plus earlier addresses a redirect now keeps alive (so it cannot go quietly)."""
    entries = published_items(site)
    for redirect in site.redirects:
        old = as_folder(redirect.old)
        if ledger and old in ledger:
            entries.setdefault(old, ledger[old].title)
    return entries


def ledger_text(entries: Mapping[str, str]) -> str:
    """The ledger file: sorted, one `url: "title"` a line, so merges and diffs stay readable."""
    # A JSON string is a valid YAML double-quoted scalar: any title survives the round trip.
    return HEADER + "".join(f"{url}: {json.dumps(entries[url], ensure_ascii=False)}\n" for url in sorted(entries))


def write_ledger(site_dir: Path, entries: Mapping[str, str]) -> bool:
    """Write the ledger if it changed (through a temporary file and a rename); True when it did."""
    path = Path(site_dir) / LEDGER_FILE
    text = ledger_text(entries)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".published-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def add_redirect(site_dir: Path, old: str, new: str) -> None:
    """Append `{from: old, to: new}` to content/redirects.yml, keeping its comments and layout.

    Redirects that led to `old` are pointed at `new`, so no redirect leads to another one.
    """
    path = Path(site_dir) / REDIRECTS_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    old, new = as_folder(old), as_folder(new)
    chained = re.compile(r"(\bto:\s*)" + re.escape(old.rstrip("/")) + r"/?(?=\s*[},\n]|\s*$)", re.MULTILINE)
    text = chained.sub(lambda match: match.group(1) + new, text)
    if text and not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + f"- {{from: {old}, to: {new}}}\n", encoding="utf-8")


def seeded(paths: Iterable[str]) -> dict[str, Entry]:
    """A ledger for a site that has none yet, from the addresses its last published site listed."""
    return {as_folder(path): Entry("") for path in paths if _URL.fullmatch(as_folder(path))}
