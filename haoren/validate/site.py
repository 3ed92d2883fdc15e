"""Per-file rules, then the cross-reference pass: every loaded document becomes Content or problems."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlsplit

from haoren.load.documents import Document, load_site
from haoren.problems import Problem
from haoren.schema import (
    CAMPAIGN_FIELDS,
    HONOREE_FIELDS,
    ID_MAX_LENGTH,
    PAGE_FIELDS,
    REDIRECT_FIELDS,
    RESERVED_SECTIONS,
    SETTINGS_FIELDS,
    STORY_FIELDS,
    TOPIC_FIELDS,
    Content,
    Image,
    Redirect,
    Rule,
    Settings,
)
from haoren.validate.bodyimages import find_images
from haoren.validate.entry import Entry
from haoren.validate.fields import ID, Reading, a, line_at, read_fields
from haoren.validate.glyphs import drawing_font, glyph_problems
from haoren.validate.mdcost import find_costly_markdown
from haoren.validate.naming import pinyin_id
from haoren.validate.paths import SiteFiles
from haoren.validate.privacy import find_personal_data
from haoren.validate.rawhtml import find_unsafe_html
from haoren.validate.records import BUILDERS
from haoren.validate.references import check_redirects, check_references, check_unique_ids
from haoren.validate.videos import check_video
from haoren.validate.traditional import edition_problems, read_overrides

RULES: Mapping[str, Mapping[str, Rule]] = {
    "story": STORY_FIELDS, "honoree": HONOREE_FIELDS, "campaign": CAMPAIGN_FIELDS, "topic": TOPIC_FIELDS,
    "page": PAGE_FIELDS, "settings": SETTINGS_FIELDS,
}
SETTINGS_PATH = "content/site.yml"
MISSING_SETTINGS = Problem(SETTINGS_PATH, 1, "file", "missing: every site needs its settings file")
PAGES_FOLDER = "content/pages/"
# A minor's school and home together locate a child: the contract forbids publishing both.
SCHOOL = re.compile(r"学校|學校|小学|小學|中学|中學|幼儿园|幼兒園|学堂|學堂|职高|職高|技校")
MINOR_SCHOOL_FIELDS = ("affiliation", "headline", "summary", "bio")



@dataclass(frozen=True)
class SiteRules:
    """What the settings decide for other files; lenient defaults while the settings are broken."""

    districts: tuple[str, ...] | None = None
    iframe_hosts: tuple[str, ...] = ()
    video_hosts: tuple[str, ...] = Settings.__dataclass_fields__["video_hosts"].default


@dataclass
class Remembered:
    """A file's entry, the Document and rules it was read from, and its drawn-text problems once known."""

    doc: Document
    rules: SiteRules
    entry: Entry
    glyphs: list[Problem] | None = None


EntryMemo = dict[str, Remembered]  # by path


def check_site(
    site: Path, unchanged: Callable[[str, str], Document | None] | None = None, memo: EntryMemo | None = None
) -> tuple[Content | None, list[Problem]]:
    """Load and validate the site folder `site`; Content only when no file has a problem.

    The preview passes `unchanged` (Documents of files not changed since) and `memo` (their entries).
    """
    documents, problems = load_site(site, unchanged)
    # a file that could not be read is reported once, not again by every file naming it
    content, more = validate(site, documents, unreadable={problem.path for problem in problems}, memo=memo)
    if any(problem.path == SETTINGS_PATH for problem in problems):  # the loader said why there are none
        more = [problem for problem in more if problem != MISSING_SETTINGS]
    problems = problems + more
    return (None if problems else content), problems


def validate(
    site: Path, documents: list[Document], unreadable: Iterable[str] = (), memo: EntryMemo | None = None
) -> tuple[Content | None, list[Problem]]:
    """Check every document, then the references between them; Content only when nothing is wrong.

    `unreadable` are the paths of files that failed to load: ids they would have are not "missing".
    `memo` keeps each file's entry between runs (the preview's): read again only when its Document
    or the settings' rules changed; the references between files are always checked again.
    """
    files = SiteFiles(site.resolve())
    ordered = sorted(documents, key=lambda doc: doc.rel)
    settings_docs = [doc for doc in ordered if doc.kind == "settings"]
    entries: list[Entry] = []
    rules = SiteRules()
    for doc in settings_docs:
        entry = guarded(doc, lambda: read_entry(doc, rules, files))
        entries.append(entry)
        values = entry.values
        rules = SiteRules(values.get("districts"), values.get("iframe_hosts", ()),
                          values.get("video_hosts", SiteRules.video_hosts))
    others = [doc for doc in ordered if doc.kind != "settings"]
    entries += [remembered_entry(doc, rules, files, memo) for doc in others]
    if memo is not None:  # files deleted since
        for rel in memo.keys() - {doc.rel for doc in others}:
            del memo[rel]
    problems = [problem for entry in entries for problem in entry.reading.problems]
    problems += drawn_text_problems(entries, memo)
    if not settings_docs:
        problems.append(MISSING_SETTINGS)
    problems += check_unique_ids(entries, site)
    problems += check_references(entries, unreadable)
    problems += check_redirects(entries, unreadable)
    problems += edition_problems(entries)
    if problems:
        return None, problems
    records: dict[str, list[Any]] = {}
    for entry in entries:
        records.setdefault(entry.doc.kind, []).append(entry.record)
    return Content(
        settings=records["settings"][0], stories=tuple(records.get("story", ())),
        honorees=tuple(records.get("honoree", ())), campaigns=tuple(records.get("campaign", ())),
        topics=tuple(records.get("topic", ())), pages=tuple(records.get("page", ())),
        redirects=records.get("redirects", [()])[0],
        overrides=tuple(pair for pairs in records.get("edition", ()) for pair in pairs),
    ), []


def remembered_entry(doc: Document, rules: SiteRules, files: SiteFiles, memo: EntryMemo | None) -> Entry:
    """The entry of `doc`, read now unless `memo` holds one read from this very Document under these rules."""
    kept = memo.get(doc.rel) if memo is not None else None
    if kept is not None and kept.doc is doc and kept.rules == rules:
        return kept.entry
    entry = guarded(doc, lambda: read_entry(doc, rules, files))
    if memo is not None:
        memo[doc.rel] = Remembered(doc, rules, entry)
    return entry


def drawn_text_problems(entries: list[Entry], memo: EntryMemo | None = None) -> list[Problem]:
    """Texts that share cards and posters draw, with characters the CJK font lacks (no tofu boxes)."""
    font, problems = drawing_font(SETTINGS_PATH)
    if font is None:
        return problems
    for entry in entries:
        kept = memo.get(entry.doc.rel) if memo is not None else None
        if kept is None or kept.entry is not entry or kept.glyphs is None:
            found = glyph_problems(entry.doc.kind, entry.doc.rel, entry.reading.texts, font)
            if kept is not None and kept.entry is entry:
                kept.glyphs = found
        problems += kept.glyphs if kept is not None and kept.entry is entry else found
    return problems


def guarded(doc: Document, read: Callable[[], Entry]) -> Entry:
    """Run `read`; a bug while checking one file becomes a problem of that file, never a traceback."""
    try:
        return read()
    except Exception as error:  # noqa: BLE001: every other file must still be checked and reported
        reading = Reading(doc.rel)
        reading.report(1, "file", f"could not be checked ({type(error).__name__}: {error}); "
                                  "this is a bug in Haoren, please report it")
        # keep its id, so that files naming it are not blamed too
        return Entry(doc, item_id(doc, Reading(doc.rel)), {}, reading)


def read_entry(doc: Document, rules: SiteRules, files: SiteFiles) -> Entry:
    reading = Reading(doc.rel, rules.districts)
    entry = Entry(doc, item_id(doc, reading), {}, reading)
    images: dict[str, Image | None] = {}
    if doc.kind == "redirects":
        entry.values = read_redirects(doc, reading)
    elif doc.kind == "edition":
        entry.values = read_overrides(doc, reading)
    elif not isinstance(doc.data, dict):
        reading.report(1, "file", "must hold a mapping of fields (name: value)")
        return entry
    else:
        fields = RULES[doc.kind]
        entry.values = read_fields(doc.data, fields, reading)
        images = {key: files.image(doc, key, rule.alt, entry.values, reading)
                  for key, rule in fields.items() if rule.type == "image" and key in entry.values}
        images["body_images"] = read_body_images(entry, files)
        KIND_RULES.get(doc.kind, lambda *_: None)(entry, rules, files)
        scan_texts(entry, rules)
    if not reading.problems:
        entry.record = BUILDERS[doc.kind](entry, images)
    return entry


def item_id(doc: Document, reading: Reading) -> str | None:
    """The id of a story, honoree, campaign or topic (the file stem); a page's URL; else None."""
    if doc.kind in ("settings", "redirects", "edition"):
        return None
    if doc.kind == "page":
        segments = doc.rel.removeprefix(PAGES_FOLDER).removesuffix(".md").split("/")
        if segments[0] in RESERVED_SECTIONS:
            reading.report(1, "url", f'"/{segments[0]}/" belongs to the generated site; move the page')
        for segment in segments:
            if not ID.fullmatch(segment):
                reading.report(1, "url", f'"{segment}" in the file path is not a URL segment '
                                         "(lowercase letters, digits and single hyphens)")
        return "/" + "/".join(segments) + "/"
    stem = Path(doc.rel).stem
    if not ID.fullmatch(stem) or len(stem) > ID_MAX_LENGTH:
        suggested = pinyin_id(stem)
        hint = f"; rename the file to {suggested}{Path(doc.rel).suffix}" if suggested else ""
        reading.report(1, "id", f'"{stem}" (the file name) is not an id: lowercase letters, digits and '
                                f"single hyphens, at most {ID_MAX_LENGTH} characters{hint}")
    return stem


def read_redirects(doc: Document, reading: Reading) -> dict[str, Any]:
    """content/redirects.yml, a list of {from, to}: each kept with its name and lines for the later pass."""
    items = doc.data["redirects"]
    redirects = []
    for index, item in enumerate(items):
        name = f"redirects[{index}]"
        if not isinstance(item, dict):
            reading.report(items.line_of(index), name, "must be a mapping like {from: /old/, to: /new/}")
            continue
        values = read_fields(item, REDIRECT_FIELDS, reading, name + ".")
        if "from" in values and "to" in values:
            redirect = Redirect(old=values["from"], new=values["to"], line=item.line_of("to"))
            redirects.append((name, item, redirect))
    return {"redirects": tuple(redirects)}


def read_body_images(entry: Entry, files: SiteFiles) -> tuple[Image, ...]:
    """The images of the file's Markdown (a body, a bio, a description), each checked like a cover."""
    doc, reading = entry.doc, entry.reading
    texts = [(text.field, text.line, text.value) for text in reading.texts if text.markdown]
    if doc.kind in ("story", "page"):
        texts.append(("body", doc.body_line, doc.body))
    return tuple(image for name, line, value in texts
                 for image in files.body_images(doc.rel, name, line, value, reading))


def scan_texts(entry: Entry, rules: SiteRules) -> None:
    """Personal data in every text field and body; code in every Markdown text."""
    reading, doc = entry.reading, entry.doc
    texts = [(text.field, text.line, text.value, text.markdown, text.phones, text.emails) for text in reading.texts]
    if doc.kind in ("story", "page"):
        texts.append(("body", doc.body_line, doc.body, True, False, False))
    for name, line, value, markdown, phones, emails in texts:
        for finding in find_personal_data(value, allow_phones=phones, allow_emails=emails):
            reading.report(line + finding.line, name, finding.message)
        if markdown:
            for unsafe in find_unsafe_html(value, rules.iframe_hosts):
                reading.report(line + unsafe.line, name, unsafe.message)
            for costly in find_costly_markdown(value):
                reading.report(line + costly.line, name, costly.message)


# --- rules that tie fields of one file together -----------------------------------------

def check_story(entry: Entry, rules: SiteRules, files: SiteFiles) -> None:
    values = entry.values
    if "updated" in values and "date" in values and values["updated"] < values["date"]:
        entry.reading.report(line_at(entry.doc.data, "updated"), "updated",
                             f'"{entry.doc.data["updated"]}" is before the date "{entry.doc.data["date"]}"')
    check_video(entry, rules.video_hosts, files)


def check_honoree(entry: Entry, rules: SiteRules, files: SiteFiles) -> None:
    data, values, report = entry.doc.data, entry.values, entry.reading.report
    kind = values.get("kind")

    def missing(key: str) -> bool:  # `key:` with nothing after it counts as absent, as in read_fields
        return data.get(key) is None

    if kind == "group" and missing("members"):
        report(line_at(data, "members"), "members", "is required for a group: list its members' names")
    if kind in ("person", "organization") and "members" in data:
        report(line_at(data, "members"), "members", f"only a group has members, not {a(kind)}")
    if kind in ("person", "group") and missing("category"):
        report(line_at(data, "category"), "category", f"is required for {a(kind)}")
    if kind == "organization" and missing("registered"):
        report(line_at(data, "registered"), "registered", "is required for an organization: is it a registered "
                                                          "legal entity? write true or false")
    if kind in ("person", "group") and "registered" in data:
        report(line_at(data, "registered"), "registered",
               f"only an organization is registered, not {a(kind)}")
    consent = values.get("consent")
    if consent is not None and values.get("minor") and consent.get("guardian") is not True:
        report(line_at(data, "consent", "guardian"), "consent.guardian",
               "a minor needs a guardian's consent: write guardian: true")
    if values.get("minor") and values.get("locality"):
        for name in MINOR_SCHOOL_FIELDS:
            if isinstance(values.get(name), str) and SCHOOL.search(values[name]):
                report(line_at(data, name), name, "names a school while locality says where this minor lives; "
                                                  "never publish a minor's school together with home")
    if consent is not None and consent.get("photo") is not True:
        # pictures in the bio are photos too, and usually of the honoree
        in_bio = find_images(values.get("bio", ""))
        shown = "a photo" if "photo" in values else "an image in bio" if in_bio else ""
        if shown:
            report(line_at(data, "consent", "photo"), "consent.photo", f"{shown} needs consent.photo: true")
    for index, honor in enumerate(data.get("honors") if isinstance(data.get("honors"), list) else ()):
        if isinstance(honor, dict) and ("campaign" in honor) != ("award" in honor):
            missing = "award" if "campaign" in honor else "campaign"
            report(honor.line, f"honors[{index}].{missing}",
                   "is required with campaign: name the award" if missing == "award"
                   else "is required with award: name the campaign it was given in")
    check_video(entry, rules.video_hosts, files)


def check_campaign(entry: Entry, rules: SiteRules, files: SiteFiles) -> None:
    data, timeline = entry.doc.data, entry.values.get("timeline", {})
    steps = [("nomination", "start"), ("nomination", "end"), ("notice", "start"), ("notice", "end"),
             ("results", "date")]
    known = [(stage, key, timeline[stage][key]) for stage, key in steps if key in timeline.get(stage, {})]
    for (stage, key, day), (next_stage, next_key, next_day) in zip(known, known[1:]):
        if next_day < day:
            name = f"timeline.{next_stage}.{next_key}"
            entry.reading.report(line_at(data, "timeline", next_stage, next_key), name,
                                 f"{next_day} is before timeline.{stage}.{key} {day}")
    seen: set[str] = set()
    for index, target in enumerate(entry.values.get("targets", ())):
        if target.get("award") in seen:
            entry.reading.report(line_at(data, "targets", index), f"targets[{index}].award",
                                 f'"{target["award"]}" is listed twice')
        seen.add(target.get("award"))


def check_settings(entry: Entry, rules: SiteRules, files: SiteFiles) -> None:
    data, values, report = entry.doc.data, entry.values, entry.reading.report
    base = values.get("base_url")
    if base is not None and (urlsplit(base).query or urlsplit(base).fragment):
        report(line_at(data, "base_url"), "base_url", f'"{base}" must be the site address, without ? or #')
    thresholds = values.get("star_thresholds")
    if thresholds is not None and (len(thresholds) != 5 or list(thresholds) != sorted(set(thresholds))):
        report(line_at(data, "star_thresholds"), "star_thresholds", "must be 5 whole numbers of hours, "
               "each larger than the last, like [100, 300, 600, 1000, 1500]")
    if "zh-Hans" in values.get("editions", ()) and values.get("script") == "zh-Hant":
        report(line_at(data, "editions"), "editions", "a site written in Traditional has no Simplified "
                                                      "edition; list zh-Hant only")
    if values.get("mainland", True) and not values.get("footer", {}).get("icp"):
        report(line_at(data, "footer", "icp"), "footer.icp", "a site hosted in mainland China must show its "
                                                              "ICP 备案号")


KIND_RULES: Mapping[str, Callable[[Entry, SiteRules, SiteFiles], None]] = {
    "story": check_story, "honoree": check_honoree, "campaign": check_campaign, "settings": check_settings,
}
