"""A deterministic synthetic Chinese site of any size, following the content model, for benchmarks."""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from . import vocabulary as words
from .prose import Person, Prose

SAMPLE_SITE = Path(__file__).resolve().parents[1]
SCHEDULED_YEAR = 2030  # later than any clock the benchmarks use: these stories stay unpublished
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2021, 12, 31)
CATEGORIES = tuple(words.CATEGORY_HEADLINES)


@dataclass(frozen=True)
class GeneratedSite:
    """What generate_site wrote: counts a test or a report can check against the files."""

    root: Path
    stories: int
    drafts: int
    scheduled: int
    honorees: int
    withdrawn: int
    campaigns: int
    topics: int


def generate_site(root: Path, stories: int = 10000, honorees: int = 3000, seed: int = 0,
                  sample: Path = SAMPLE_SITE) -> GeneratedSite:
    """Write a fresh site folder at `root`: settings and theme copied from `sample`, content generated from `seed`."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    districts = _copy_settings(sample, root)
    rng = random.Random(seed)
    writer = _Writer(root, rng, districts)
    for campaign in words.CAMPAIGNS:
        writer.write_campaign(campaign)
    people = writer.write_honorees(honorees)
    published_slugs, drafts, scheduled = writer.write_stories(stories, people)
    for topic in words.TOPICS:  # last: topics pin published stories
        writer.write_topic(topic, published_slugs)
    withdrawn = sum(not person.published for person in people)
    return GeneratedSite(root, stories, drafts, scheduled, honorees, withdrawn,
                         len(words.CAMPAIGNS), len(words.TOPICS))


def _copy_settings(sample: Path, root: Path) -> tuple[str, ...]:
    """Copy what the sample site has of mkdocs.yml, theme/, content/site.yml (and the one image it names), pages."""
    if (sample / "mkdocs.yml").is_file():
        shutil.copy2(sample / "mkdocs.yml", root / "mkdocs.yml")
    if (sample / "theme").is_dir():
        shutil.copytree(sample / "theme", root / "theme")
    if (sample / "content" / "pages").is_dir():
        shutil.copytree(sample / "content" / "pages", root / "content" / "pages")
    (root / "content").mkdir(exist_ok=True)
    settings_file = sample / "content" / "site.yml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8")) if settings_file.is_file() else None
    if not isinstance(settings, dict):
        raise FileNotFoundError(f"{settings_file} is missing or not a mapping: the synthetic site copies its settings")
    (root / "content" / "site.yml").write_text(single_edition(settings_file.read_text(encoding="utf-8")),
                                               encoding="utf-8")
    qr = settings.get("wechat_qr")
    if isinstance(qr, str) and (settings_file.parent / qr).is_file():
        target = root / "content" / qr
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(settings_file.parent / qr, target)
    return tuple(settings["districts"])


def single_edition(settings_text: str) -> str:
    """The settings without their editions: the site's own edition is the baseline every figure is quoted on."""
    return re.sub(r"^(editions|conversion):.*\n", "", settings_text, flags=re.MULTILINE)


def enable_traditional_edition(root: Path) -> int:
    """Turn the 繁體 edition on and fix every name it would ask about (kept as written); return how many."""
    from haoren.validate.traditional import several_forms

    names: set[str] = set()
    for path in sorted(root.glob("honorees/**/*.yml")) + sorted(root.glob("content/campaigns/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names.update(str(data[key]) for key in ("name", "affiliation", "locality", "organizer") if data.get(key))
        names.update(str(member) for member in data.get("members") or ())
    for path in sorted(root.glob("stories/**/*.md")):
        author = re.search(r"^author: (.+)$", path.read_text(encoding="utf-8").split("\n---", 1)[0], re.MULTILINE)
        names.update([author.group(1)] if author else [])
    settings = yaml.safe_load((root / "content" / "site.yml").read_text(encoding="utf-8"))
    names.update(str(settings[key]) for key in ("organizer", "undertaker") if settings.get(key))
    undecided = sorted(name for name in names if any(several_forms(c) for c in name))
    (root / "content" / "editions").mkdir(parents=True, exist_ok=True)
    (root / "content" / "editions" / "zh-Hant.yml").write_text(
        "".join(f"{json.dumps(name, ensure_ascii=False)}: {json.dumps(name, ensure_ascii=False)}\n"
                for name in undecided), encoding="utf-8")
    with (root / "content" / "site.yml").open("a", encoding="utf-8") as file:
        file.write("editions: [zh-Hans, zh-Hant]\n")
    return len(undecided)


class _Writer:
    """Writes one site's files from one random stream; the order of calls fixes the output."""

    def __init__(self, root: Path, rng: random.Random, districts: tuple[str, ...]):
        self.root, self.rng, self.districts = root, rng, districts
        self.prose = Prose(rng)
        self.taken: set[str] = set()
        self.organizations: list[Person] = []
        self.winners: dict[tuple[str, str], int] = {}

    # --- helpers -------------------------------------------------------------------------------
    def unique(self, stem: str) -> str:
        slug, number = stem, 2
        while slug in self.taken:
            slug, number = f"{stem}-{number}", number + 1
        self.taken.add(slug)
        return slug

    def day(self, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    # --- campaigns and topics ------------------------------------------------------------------
    def write_campaign(self, campaign: tuple) -> None:
        cid, title, organizer, targets, n_start, n_end, t_start, t_end, results = campaign
        self.taken.add(cid)
        target_lines = "".join(f"  - {{award: {a}, count: {c}, kind: {k}}}\n" for a, c, k in targets)
        self.write(f"content/campaigns/{cid}.yml", (
            f"title: {title}\norganizer: {organizer}\n"
            f"description: |\n  为选树宣传先进典型，{organizer}组织开展{title}活动。\n\n"
            f"  各县市区、市直各部门单位按照推荐条件认真组织推荐，经评审和公示后发布结果。\n"
            f"targets:\n{target_lines}"
            f"timeline:\n  nomination: {{start: {n_start}, end: {n_end}}}\n"
            f"  notice: {{start: {t_start}, end: {t_end}, address: {organizer}志愿服务工作科}}\n"
            f"  results: {{date: {results}}}\n"
        ))

    def write_topic(self, topic: tuple[str, str, str], published: dict[str, list[str]]) -> None:
        tid, title, description = topic
        members = published.get(tid, [])
        pinned = self.rng.sample(members, min(len(members), self.rng.randint(0, 3)))
        pinned_line = f"pinned: [{', '.join(pinned)}]\n" if pinned else ""
        self.write(f"content/topics/{tid}.yml", (
            f"title: {title}\ndescription: |\n  {description}\n\n  本专题收录相关报道，持续更新。\n{pinned_line}"
        ))

    # --- honorees ------------------------------------------------------------------------------
    def write_honorees(self, count: int) -> list[Person]:
        kinds = ["organization" if i % 8 == 0 else "group" if i % 12 == 5 else "person" for i in range(count)]
        withdrawn = set(self.rng.sample([i for i, k in enumerate(kinds) if k != "organization"],
                                        min(max(1, count // 300), sum(k != "organization" for k in kinds))))
        people = []
        for index, kind in enumerate(kinds):
            people.append(self.write_honoree(kind, index not in withdrawn))
        return people

    def write_honoree(self, kind: str, published: bool) -> Person:
        rng = self.rng
        district, street = rng.choice(self.districts), rng.choice(words.STREETS)
        female = rng.random() < 0.5
        lines: list[str] = []
        category = None if kind == "organization" else rng.choice(CATEGORIES)
        if kind == "person":
            name, stem = self.prose.person_name(female)
        elif kind == "group":
            leader, stem = self.prose.person_name(False)
            label, label_py = rng.choice(words.GROUP_KINDS)
            name, stem = leader + label, f"{stem}-{label_py}"
        else:
            label, label_py = rng.choice(words.ORGANIZATION_NAMES)
            name, stem = district + label, label_py
        hid = self.unique(stem)
        who = Person(hid, name, kind, "她" if female and kind == "person" else "他" if kind == "person" else "他们",
                     district, street, category, published)
        headline = rng.choice(words.ORGANIZATION_HEADLINES if category is None else words.CATEGORY_HEADLINES[category])
        lines += [f"name: {name}", f"kind: {kind}"]
        if kind == "group":
            others = 1 if label_py == "fuqi" else rng.randint(1, 4)
            members = [leader] + [self.prose.person_name(rng.random() < 0.5)[0] for _ in range(others)]
            lines.append(f"members: [{', '.join(members)}]")
        if category:
            lines.append(f"category: {category}")
        summary = f"{name}，{district}{street}。" + self.prose.sentences(who, rng.randint(30, 100), 190 - len(name) - len(street) - 4)
        lines += [f"headline: {headline}", f"summary: {summary}"]
        bio = "\n\n".join(self.prose.sentences(who, 60, 220) for _ in range(rng.randint(2, 4)))
        lines.append("bio: |\n" + "\n".join(f"  {line}" if line else "" for line in bio.split("\n")))
        minor = kind == "person" and rng.random() < 0.02
        if kind == "person":
            birth = rng.randint(2004, 2008) if minor else rng.randint(1940, 2000)
            lines += [f"gender: {'女' if female else '男'}",
                      f"birth: {birth}" + (f"-{rng.randint(1, 12):02d}" if rng.random() < 0.3 else "")]
            if rng.random() < 0.2:
                lines.append("political_status: 中共党员")
        lines.append(f"district: {district}")
        lines.append(f"locality: {street}" + (rng.choice(words.COMMUNITIES) if rng.random() < 0.6 else ""))
        if kind == "person" and rng.random() < 0.4:
            lines.append(f"affiliation: {district}{rng.choice(words.ORGANIZATION_NAMES)[0]}队员")
        if kind == "person" and not minor and category == "见义勇为" and rng.random() < 0.1:
            lines.append("deceased: true")
        if minor:
            lines.append("minor: true")
        if kind == "person" and category == "志愿服务" and self.organizations:
            org = rng.choice(self.organizations)
            lines.append(f"volunteer: {{hours: {rng.randint(20, 3000)}, organization: {org.id}, "
                         f"since: {rng.randint(2005, 2020)}}}")
        if kind == "organization":
            lines.append(f"registered: {'true' if rng.random() < 0.7 else 'false'}")
        lines.append("honors:")
        lines += [f"  - {honor}" for honor in self.honors(who)]
        consent_day = self.day()
        guardian = ", guardian: true" if minor else ""
        lines.append(f"consent: {{publish: {'true' if published else 'false'}, photo: false, "
                     f"date: {consent_day.isoformat()}{guardian}}}")
        folder = {"person": "people", "group": "groups", "organization": "organizations"}[kind]
        self.write(f"honorees/{folder}/{hid}.yml", "\n".join(lines) + "\n")
        if kind == "organization":
            self.organizations.append(who)
            self.prose.organizations.append(name)
        return who

    def honors(self, who: Person) -> list[str]:
        rng = self.rng
        honors = []
        fitting = [(c, award, count) for c in words.CAMPAIGNS for award, count, kind in c[3] if kind == who.kind]
        if fitting and rng.random() < 0.25:
            campaign, award, count = rng.choice(fitting)
            key = (campaign[0], award)
            status = "winner" if self.winners.get(key, 0) < count and rng.random() < 0.8 else "nominee"
            self.winners[key] = self.winners.get(key, 0) + (status == "winner")
            honors.append(f"{{title: {award}, level: city, period: {campaign[8][:7]}, campaign: {campaign[0]}, "
                          f"award: {award}, status: {status}}}")
        for _ in range(rng.randint(1 if not honors else 0, 2)):
            level = rng.choices(("county", "city", "province", "national"), (4, 6, 2, 1))[0]
            title, every = rng.choice(words.HONORS_BY_LEVEL[level])
            year = rng.randint(2019, 2021)
            period = {"Y": str(year), "Q": f"{year}-Q{rng.randint(1, 4)}", "M": f"{year}-{rng.randint(1, 12):02d}"}[every]
            honors.append(f"{{title: {title.format(dist=who.district)}, level: {level}, period: {period}}}")
        return honors

    # --- stories -------------------------------------------------------------------------------
    def write_stories(self, count: int, people: list[Person]) -> tuple[dict[str, list[str]], int, int]:
        """Write `count` stories; return the published slugs of each topic, and the draft and scheduled counts."""
        rng = self.rng
        drafts = set(rng.sample(range(count), min(count, max(1, round(count * 0.03)))))
        scheduled = set(rng.sample(sorted(set(range(count)) - drafts), min(count - len(drafts), max(1, count // 1000))))
        published: dict[str, list[str]] = {}
        for index in range(count):
            about = people[index % len(people)] if people and (index < len(people) or rng.random() < 0.5) else None
            slug, topics = self.write_story(about, draft=index in drafts, scheduled=index in scheduled)
            if index not in drafts and index not in scheduled:
                for topic in topics:
                    published.setdefault(topic, []).append(slug)
        return published, len(drafts), len(scheduled)

    def write_story(self, about: Person | None, draft: bool, scheduled: bool) -> tuple[str, list[str]]:
        rng = self.rng
        when = date(SCHEDULED_YEAR, rng.randint(1, 12), rng.randint(1, 28)) if scheduled else self.day()
        if about is None:
            district, street = rng.choice(self.districts), rng.choice(words.STREETS)
            name, _ = self.prose.person_name(rng.random() < 0.5)
            who = Person("", name, "person", rng.choice("他她"), district, street, None, True)
            title = rng.choice(words.NEWS_TITLES).format(dist=district, street=street, cn=rng.choice(words.CHINESE_NUMERALS))
            slug, kind = self.unique(f"{rng.choice(words.NEWS_SLUGS)}-{when.year}"), "news"
        else:
            who = about
            headline_pool = words.ORGANIZATION_HEADLINES if about.category is None else words.CATEGORY_HEADLINES[about.category]
            title = f"{about.name}：{rng.choice(headline_pool)}"
            slug = self.unique(about.id)
            kind = "spotlight" if about.category in (None, "志愿服务") else "feature"
        stamp = when.isoformat() + (f" {rng.randint(7, 21):02d}:{rng.choice((0, 15, 30, 45)):02d}" if rng.random() < 0.6 else "")
        body, summary = self.prose.story_body(who)
        lines = ["---", f"title: {title}", f"date: {stamp}", f"summary: {summary}", f"kind: {kind}"]
        if not scheduled and rng.random() < 0.1:
            lines.append(f"updated: {(when + timedelta(days=rng.randint(1, 30))).isoformat()}")
        lines.append(f"author: 记者 {self.prose.person_name(rng.random() < 0.5)[0]}")
        lines.append(f"source: {rng.choice(words.SOURCES)}")
        lines.append(f"editor: {self.prose.person_name(rng.random() < 0.5)[0]}")
        topics = rng.sample([t[0] for t in words.TOPICS], rng.randint(0, 2))
        if topics:
            lines.append(f"topics: [{', '.join(topics)}]")
        lines.append(f"tags: [{', '.join(rng.sample(words.TAGS, rng.randint(1, 4)))}]")
        if about is not None:
            lines.append(f"honorees: [{about.id}]")
        if rng.random() < 0.1:
            lines.append(f"campaign: {rng.choice(words.CAMPAIGNS)[0]}")
        if draft:
            lines.append("draft: true")
        lines.append("---")
        self.write(f"stories/{when.year}/{slug}.md", "\n".join(lines) + "\n\n" + body)
        return slug, topics
