"""The content shapes: typed, frozen records for every kind of file an editor writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

# --- vocabularies of the contract (../shared/spec/content-model.md) -------------------

CATEGORIES = ("助人为乐", "见义勇为", "诚实守信", "敬业奉献", "孝老爱亲", "志愿服务")
HONOREE_KINDS = ("person", "group", "organization")
STORY_KINDS = ("news", "feature", "spotlight")
LEVELS = ("county", "city", "province", "national")  # ascending: the honors timeline order
HONOR_STATUSES = ("winner", "nominee")
DEFAULT_STAR_THRESHOLDS = (100, 300, 600, 1000, 1500)


@dataclass(frozen=True)
class Image:
    """An image named by a content file: `source` is the absolute, verified file."""

    source: Path
    alt: str
    credit: str | None = None
    src: str | None = None  # for an image in a Markdown text: its path as written, to find it in the HTML


@dataclass(frozen=True)
class Honor:
    title: str
    level: str
    period: str  # "2020-02", "2020-Q1" or "2020"
    campaign: str | None = None
    award: str | None = None
    status: str = "winner"


@dataclass(frozen=True)
class Volunteer:
    hours: int
    organization: str | None = None  # honoree id of kind organization
    since: int | None = None


@dataclass(frozen=True)
class Consent:
    publish: bool
    photo: bool = False
    date: date | None = None
    guardian: bool = False


@dataclass(frozen=True)
class Video:
    url: str
    captions: Path | None = None


@dataclass(frozen=True)
class Honoree:
    id: str
    path: str  # relative to the site folder, for messages
    name: str
    kind: str
    headline: str
    summary: str
    district: str
    honors: tuple[Honor, ...]
    consent: Consent
    category: str | None = None  # normalized to one of CATEGORIES
    members: tuple[str, ...] = ()
    bio: str = ""  # Markdown
    gender: str | None = None
    birth: str | None = None  # "YYYY" or "YYYY-MM"
    ethnicity: str | None = None
    political_status: str | None = None
    locality: str | None = None
    affiliation: str | None = None
    deceased: bool = False
    photo: Image | None = None
    volunteer: Volunteer | None = None
    registered: bool | None = None
    minor: bool = False
    video: Video | None = None
    body_images: tuple[Image, ...] = ()  # the images `bio` shows


@dataclass(frozen=True)
class Story:
    slug: str
    path: str
    title: str
    date: datetime  # aware, Asia/Shanghai
    summary: str
    body: str  # Markdown, front matter removed
    body_line: int  # line of the file where the body starts (1-based)
    kind: str = "news"
    subtitle: str | None = None
    updated: datetime | None = None
    author: str | None = None
    source: str | None = None
    editor: str | None = None
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    honorees: tuple[str, ...] = ()
    campaign: str | None = None
    cover: Image | None = None
    draft: bool = False
    body_images: tuple[Image, ...] = ()  # the images `body` shows


@dataclass(frozen=True)
class Target:
    award: str
    count: int
    kind: str  # person / group / organization


@dataclass(frozen=True)
class Timeline:
    nomination_start: date
    nomination_end: date
    notice_start: date
    notice_end: date
    results_date: date
    notice_contact: str | None = None
    notice_address: str | None = None


@dataclass(frozen=True)
class Campaign:
    id: str
    path: str
    title: str
    organizer: str
    description: str  # Markdown
    targets: tuple[Target, ...]
    timeline: Timeline
    basis: str | None = None
    body_images: tuple[Image, ...] = ()  # the images `description` shows


@dataclass(frozen=True)
class Topic:
    id: str
    path: str
    title: str
    description: str  # Markdown
    cover: Image | None = None
    pinned: tuple[str, ...] = ()
    body_images: tuple[Image, ...] = ()  # the images `description` shows


@dataclass(frozen=True)
class Page:
    """A hand-written page from content/pages/**/<name>.md."""

    path: str
    url: str  # "/about/" or "/help/faq/"
    title: str
    body: str  # Markdown
    body_line: int
    body_images: tuple[Image, ...] = ()  # the images `body` shows


@dataclass(frozen=True)
class Redirect:
    old: str  # old URL path, "/stories/old-slug/"
    new: str  # where it went now


@dataclass(frozen=True)
class Footer:
    icp: str | None = None  # ICP 备案号
    icp_link: str = "https://beian.miit.gov.cn/"
    police: str | None = None  # 公安备案号
    contact: str | None = None  # the office's published contact line
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """content/site.yml: what editors set once for the whole site."""

    name: str
    organizer: str  # 主办单位
    base_url: str  # "https://example.gov.cn" without trailing slash
    districts: tuple[str, ...]
    undertaker: str | None = None  # 承办单位
    description: str = ""
    star_thresholds: tuple[int, ...] = DEFAULT_STAR_THRESHOLDS
    footer: Footer = field(default_factory=Footer)
    wechat_qr: Image | None = None
    script: str = "zh"  # "zh" (Simplified) or "zh-Hant"
    mainland: bool = True
    correction_contact: str | None = None  # where 【纠错】 goes (mailto: of the office or a URL)
    iframe_hosts: tuple[str, ...] = ()  # hosts allowed in <iframe src> of story bodies
    video_hosts: tuple[str, ...] = ("v.qq.com", "player.bilibili.com", "www.bilibili.com")


@dataclass(frozen=True)
class Content:
    """Everything loaded and validated from one site folder, before lifecycle is decided."""

    settings: Settings
    stories: tuple[Story, ...]
    honorees: tuple[Honoree, ...]
    campaigns: tuple[Campaign, ...]
    topics: tuple[Topic, ...]
    pages: tuple[Page, ...]
    redirects: tuple[Redirect, ...] = ()


# --- field rules: what each file may contain, checked by fields.py --------------------

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # ASCII so shared links survive WeChat, SMS, copy-paste
ID_MAX_LENGTH = 80
CATEGORY_VARIANTS = MappingProxyType({"乐于助人": "助人为乐", "孝老敬亲": "孝老爱亲", "爱岗敬业": "敬业奉献"})
SCRIPTS = ("zh", "zh-Hant")
GENDERS = ("男", "女")
# URL sections the pipeline generates itself; a hand-written page may not start with one.
RESERVED_SECTIONS = (
    "stories", "honorees", "campaigns", "topics", "honor-roll", "archive", "tags", "spotlight", "media", "cards",
    "posters", "assets", "search", "feed.xml", "feed.json", "sitemap.xml", "robots.txt", "404.html",
)


@dataclass(frozen=True, eq=False)
class Rule:
    """One field: its type, whether it is required, and its limits.

    `type` is one of: text, markdown, bool, int, year, date, datetime, period, birth, choice,
    category, district, id, url, link (https, mailto: or a site path), host, urlpath, path,
    image (a path with a required alt sibling), list, map.
    """

    type: str
    required: bool = False
    least: int = 0  # characters of text, items of a list, or the smallest int
    most: int | None = None
    choices: tuple[str, ...] = ()
    item: Rule | None = None  # list
    fields: Mapping[str, Rule] | None = None  # map
    refers: str | None = None  # id: what it names (honoree, topic, campaign, story, organization)
    alt: str | None = None  # image: the sibling field holding its alt text
    phones: bool = False  # text: the office's own public numbers (notice.contact, footer.contact)


def text(required: bool = False, least: int = 0, most: int | None = None, phones: bool = False) -> Rule:
    return Rule("text", required, least, most, phones=phones)


def of(type_: str, required: bool = False) -> Rule:
    return Rule(type_, required)


def whole(required: bool = False, least: int = 0) -> Rule:
    return Rule("int", required, least)


def choice(choices: tuple[str, ...], required: bool = False) -> Rule:
    return Rule("choice", required, choices=choices)


def ref(refers: str, required: bool = False) -> Rule:
    return Rule("id", required, refers=refers)


def image(alt: str) -> Rule:
    return Rule("image", alt=alt)


def list_of(item: Rule, required: bool = False, least: int = 0) -> Rule:
    return Rule("list", required, least, item=item)


def mapping(required: bool = False, **fields: Rule) -> Rule:
    return Rule("map", required, fields=MappingProxyType(fields))


def fields_of(**fields: Rule) -> Mapping[str, Rule]:
    return MappingProxyType(fields)


STORY_FIELDS = fields_of(
    title=text(True, most=64), subtitle=text(), date=of("datetime", True), updated=of("datetime"),
    summary=text(True, 1, 200), kind=choice(STORY_KINDS), author=text(), source=text(), editor=text(),
    topics=list_of(ref("topic")), tags=list_of(text(True)), honorees=list_of(ref("honoree")),
    campaign=ref("campaign"), cover=image("cover_alt"), cover_alt=text(), cover_credit=text(),
    draft=of("bool"),
)

HONOR_FIELDS = fields_of(
    title=text(True), level=choice(LEVELS, True), period=of("period", True),
    campaign=ref("campaign"), award=text(), status=choice(HONOR_STATUSES),
)

HONOREE_FIELDS = fields_of(
    name=text(True), kind=choice(HONOREE_KINDS, True), members=list_of(text(True), least=1),
    category=of("category"), headline=text(True, most=30), summary=text(True, 20, 300),
    bio=of("markdown"), gender=choice(GENDERS), birth=of("birth"), ethnicity=text(),
    political_status=text(), district=of("district", True), locality=text(), affiliation=text(),
    deceased=of("bool"), photo=image("photo_alt"), photo_alt=text(), photo_credit=text(),
    honors=list_of(mapping(**HONOR_FIELDS), True, least=1),
    volunteer=mapping(hours=whole(True), organization=ref("organization"), since=of("year")),
    registered=of("bool"), minor=of("bool"),
    consent=mapping(True, publish=of("bool", True), photo=of("bool", True), date=of("date", True),
                    guardian=of("bool")),
    video=mapping(url=of("url", True), captions=of("path", True)),
)

CAMPAIGN_FIELDS = fields_of(
    title=text(True, most=64), organizer=text(True), basis=text(), description=of("markdown", True),
    targets=list_of(mapping(award=text(True), count=whole(True, 1), kind=choice(HONOREE_KINDS, True)),
                    True, 1),
    timeline=mapping(
        True,
        nomination=mapping(True, start=of("date", True), end=of("date", True)),
        notice=mapping(True, start=of("date", True), end=of("date", True), contact=text(phones=True),
                       address=text()),
        results=mapping(True, date=of("date", True)),
    ),
)

TOPIC_FIELDS = fields_of(
    title=text(True, most=64), description=of("markdown", True), cover=image("cover_alt"),
    cover_alt=text(), cover_credit=text(), pinned=list_of(ref("story")),
)

PAGE_FIELDS = fields_of(title=text(True, most=64))

SETTINGS_FIELDS = fields_of(
    name=text(True, most=64), organizer=text(True), undertaker=text(), base_url=of("url", True),
    description=text(), districts=list_of(text(True), True, 1), star_thresholds=list_of(whole(True)),
    script=choice(SCRIPTS), mainland=of("bool"),
    footer=mapping(icp=text(), icp_link=of("url"), police=text(), contact=text(phones=True), lines=list_of(text(True))),
    wechat_qr=image("wechat_qr_alt"), wechat_qr_alt=text(), correction_contact=of("link"),
    iframe_hosts=list_of(of("host", True)), video_hosts=list_of(of("host", True)),
)

REDIRECT_FIELDS = fields_of(**{"from": of("urlpath", True), "to": of("urlpath", True)})
