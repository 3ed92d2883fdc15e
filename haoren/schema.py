"""The content shapes: typed, frozen records for every kind of file an editor writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

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


@dataclass(frozen=True)
class Topic:
    id: str
    path: str
    title: str
    description: str  # Markdown
    cover: Image | None = None
    pinned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A hand-written page from content/pages/**/<name>.md."""

    path: str
    url: str  # "/about/" or "/help/faq/"
    title: str
    body: str  # Markdown
    body_line: int


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
