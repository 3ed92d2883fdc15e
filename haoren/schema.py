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
class Cue:
    """One caption of a video: its line in the WebVTT file, its times in seconds, its plain text."""

    line: int
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Video:
    """A video with captions: a local MP4 (`file`, checked with ffprobe) or an allow-listed provider's `url`."""

    captions: Path  # the WebVTT file, absolute
    cues: tuple[Cue, ...] = ()
    url: str | None = None
    file: Path | None = None  # absolute
    poster: Image | None = None  # given by the editor; else a frame of the file is published
    duration: float | None = None  # seconds, of a local file
    width: int | None = None
    height: int | None = None


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
    video: Video | None = None


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
    line: int = field(default=1, compare=False)  # of the entry in content/redirects.yml, for messages


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
    editions: tuple[str, ...] = ()  # the site's own edition always; "zh-Hant" adds the 繁體 one
    conversion: str = "s2t"  # OpenCC's character conversion for the 繁體 edition: s2t, s2hk or s2tw
    cache_limit_mb: int = 2048  # .haoren-cache/ is pruned to this size after each build


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
    # content/editions/zh-Hant.yml: (Simplified phrase, Traditional phrase), longest first
    overrides: tuple[tuple[str, str], ...] = ()


# --- field rules: what each file may contain, checked by fields.py --------------------

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # ASCII so shared links survive WeChat, SMS, copy-paste
ID_MAX_LENGTH = 80
CATEGORY_VARIANTS = MappingProxyType({"乐于助人": "助人为乐", "孝老敬亲": "孝老爱亲", "爱岗敬业": "敬业奉献"})
SCRIPTS = ("zh", "zh-Hant")
EDITIONS = ("zh-Hans", "zh-Hant")  # BCP 47 script tags, as hreflang writes them
CONVERSIONS = ("s2t", "s2hk", "s2tw")  # OpenCC configurations that change characters, never vocabulary
GENDERS = ("男", "女")
# URL sections the pipeline generates itself; a hand-written page may not start with one.
RESERVED_SECTIONS = (
    "stories", "honorees", "campaigns", "topics", "honor-roll", "archive", "tags", "spotlight", "media", "cards",
    "posters", "assets", "search", "zh-hant", "feed.xml", "feed.json", "sitemap.xml", "robots.txt", "404.html",
)


@dataclass(frozen=True, eq=False)
class Rule:
    """One field: its type, whether it is required, its limits, and what it means to an editor.

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
    emails: bool = False  # text: the office's own public e-mail address (the same two fields)
    doc: str = ""  # what the field means, in Chinese, for editors: scaffolds' comments and JSON Schema


def text(required: bool = False, least: int = 0, most: int | None = None, phones: bool = False,
         emails: bool = False, doc: str = "") -> Rule:
    return Rule("text", required, least, most, phones=phones, emails=emails, doc=doc)


def of(type_: str, required: bool = False, doc: str = "") -> Rule:
    return Rule(type_, required, doc=doc)


def whole(required: bool = False, least: int = 0, doc: str = "") -> Rule:
    return Rule("int", required, least, doc=doc)


def choice(choices: tuple[str, ...], required: bool = False, doc: str = "") -> Rule:
    return Rule("choice", required, choices=choices, doc=doc)


def ref(refers: str, required: bool = False, doc: str = "") -> Rule:
    return Rule("id", required, refers=refers, doc=doc)


def image(alt: str, doc: str = "") -> Rule:
    return Rule("image", alt=alt, doc=doc)


def list_of(item: Rule, required: bool = False, least: int = 0, doc: str = "") -> Rule:
    return Rule("list", required, least, item=item, doc=doc)


def mapping(required: bool = False, doc: str = "", **fields: Rule) -> Rule:
    return Rule("map", required, fields=MappingProxyType(fields), doc=doc)


def fields_of(**fields: Rule) -> Mapping[str, Rule]:
    return MappingProxyType(fields)


# Each field's `doc` is the one Chinese description an editor sees: in the comments of a file made by
# `build.py new` and in the JSON Schema an editor's YAML extension shows while typing.

# A local file {file, captions, poster?} or a provider {url, captions}; validate/videos.py ties them together.
VIDEO_FIELDS = mapping(
    doc="宣传短视频：本站 MP4 文件 {file, captions, poster} 或视频网站 {url, captions}",
    file=of("path", doc="MP4 视频文件（H.264 画面、AAC 声音，不超过 10 分钟、200 MB），路径相对于本文件"),
    url=of("url", doc="视频网站的播放器地址（允许的视频网站）；与 file 二选一"),
    captions=of("path", True, doc="字幕文件（WebVTT），路径相对于本文件"),
    poster=of("path", doc="视频封面图片（仅 file），路径相对于本文件；不填则取视频中的一帧"),
)

STORY_FIELDS = fields_of(
    title=text(True, most=64, doc="标题，最多 64 个字"),
    subtitle=text(doc="副标题"),
    date=of("datetime", True, doc="发布日期：YYYY-MM-DD 或 YYYY-MM-DD HH:MM（北京时间）；晚于构建时间的稿件到期才发布"),
    updated=of("datetime", doc="最近一次实质性更新的日期"),
    summary=text(True, 1, 200, doc="摘要，1–200 个字：用于列表卡片、页面描述和分享文字"),
    kind=choice(STORY_KINDS, doc="稿件类型：news 新闻（默认）、feature 好人故事、spotlight 志愿者风采"),
    author=text(doc="署名，例如 记者 王某"),
    source=text(doc="来源，例如 潍坊日报"),
    editor=text(doc="责任编辑"),
    topics=list_of(ref("topic", doc="专题 id"), doc="所属专题：专题 id 列表"),
    tags=list_of(text(True, doc="标签"), doc="标签：自由填写的词语列表"),
    honorees=list_of(ref("honoree", doc="好人 id"), doc="稿件讲述的好人：好人 id 列表"),
    campaign=ref("campaign", doc="相关评选活动的 id"),
    cover=image("cover_alt", doc="封面图片，路径相对于本文件；填写后必须填 cover_alt"),
    cover_alt=text(doc="封面图片的替代文字：为看不到图片的读者描述画面"),
    cover_credit=text(doc="封面图片的摄影者或来源"),
    draft=of("bool", doc="草稿：true 时不发布（仍会检查）"),
    video=VIDEO_FIELDS,
)

HONOR_FIELDS = fields_of(
    title=text(True, doc="荣誉名称，例如 潍坊好人"),
    level=choice(LEVELS, True, doc="级别：county 县级、city 市级、province 省级、national 国家级"),
    period=of("period", True, doc="期次：YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）"),
    campaign=ref("campaign", doc="评选活动 id"),
    award=text(doc="在该评选活动中的奖项，例如 最美志愿者"),
    status=choice(HONOR_STATUSES, doc="状态：winner 当选（默认）、nominee 候选"),
)

HONOREE_FIELDS = fields_of(
    name=text(True, doc="姓名或名称"),
    kind=choice(HONOREE_KINDS, True, doc="类别：person 个人、group 群体、organization 组织"),
    members=list_of(text(True, doc="成员姓名"), least=1, doc="群体成员的姓名列表（仅群体）"),
    category=of("category", doc="好人类别：助人为乐、见义勇为、诚实守信、敬业奉献、孝老爱亲、志愿服务（个人和群体）"),
    headline=text(True, most=30, doc="事迹标题，最多 30 个字：用于列表和分享标题"),
    summary=text(True, 20, 300, doc="事迹简介，20–300 个字：用于卡片和页面描述"),
    bio=of("markdown", doc="详细事迹（Markdown）"),
    gender=choice(GENDERS, doc="性别：男 或 女"),
    birth=of("birth", doc="出生年月：只写 YYYY 或 YYYY-MM，不写具体日期"),
    ethnicity=text(doc="民族"),
    political_status=text(doc="政治面貌"),
    district=of("district", True, doc="所在区县：站点设置中列出的区县之一"),
    locality=text(doc="所在镇街、村居：最多到镇街和村（社区），不写楼号、单元、房间"),
    affiliation=text(doc="工作单位及职务"),
    deceased=of("bool", doc="已故：true 时页面写“生前”，荣誉为追授"),
    photo=image("photo_alt", doc="照片，路径相对于本文件；填写后必须填 photo_alt"),
    photo_alt=text(doc="照片的替代文字：为看不到图片的读者描述画面"),
    photo_credit=text(doc="照片的摄影者或来源"),
    honors=list_of(mapping(doc="一项荣誉", **HONOR_FIELDS), True, least=1, doc="所获荣誉，至少一项"),
    volunteer=mapping(
        doc="志愿服务：时长决定星级",
        hours=whole(True, doc="志愿服务时长（小时，整数）"),
        organization=ref("organization", doc="所属志愿服务组织的 id（类别为 organization 的好人）"),
        since=of("year", doc="开始参加志愿服务的年份"),
    ),
    registered=of("bool", doc="是否为登记注册的法人组织（组织）"),
    minor=of("bool", doc="未满 18 岁时为 true"),
    consent=mapping(
        True, doc="本人（或监护人）的发布同意",
        publish=of("bool", True, doc="同意发布；false 表示撤回，好人从整个网站消失"),
        photo=of("bool", True, doc="同意发布照片"),
        date=of("date", True, doc="取得同意的日期：YYYY-MM-DD"),
        guardian=of("bool", doc="监护人已同意（未成年人必填）"),
    ),
    video=VIDEO_FIELDS,
)

CAMPAIGN_FIELDS = fields_of(
    title=text(True, most=64, doc="活动名称，最多 64 个字"),
    organizer=text(True, doc="主办单位"),
    basis=text(doc="发起活动的文件"),
    description=of("markdown", True, doc="活动说明（Markdown）"),
    targets=list_of(
        mapping(
            doc="一个奖项的名额",
            award=text(True, doc="奖项名称，例如 最美志愿者"),
            count=whole(True, 1, doc="名额（正整数）"),
            kind=choice(HONOREE_KINDS, True, doc="评选对象：person 个人、group 群体、organization 组织"),
        ),
        True, 1, doc="评选名额：每个奖项一项"),
    timeline=mapping(
        True, doc="日程",
        nomination=mapping(True, doc="推荐（征集）期", start=of("date", True, doc="开始日期"),
                           end=of("date", True, doc="结束日期")),
        notice=mapping(True, doc="公示期", start=of("date", True, doc="开始日期"),
                       end=of("date", True, doc="结束日期"),
                       contact=text(phones=True, emails=True,
                                    doc="公示受理电话或邮箱：本单位的公开电话、邮箱（个人的一律不许写）"),
                       address=text(doc="公示受理地址")),
        results=mapping(True, doc="结果发布", date=of("date", True, doc="结果发布日期")),
    ),
)

TOPIC_FIELDS = fields_of(
    title=text(True, most=64, doc="专题名称，最多 64 个字"),
    description=of("markdown", True, doc="专题说明（Markdown）"),
    cover=image("cover_alt", doc="封面图片，路径相对于本文件；填写后必须填 cover_alt"),
    cover_alt=text(doc="封面图片的替代文字：为看不到图片的读者描述画面"),
    cover_credit=text(doc="封面图片的摄影者或来源"),
    pinned=list_of(ref("story", doc="稿件 id"), doc="置顶稿件：稿件 id 列表，排在最前"),
)

PAGE_FIELDS = fields_of(title=text(True, most=64, doc="页面标题，最多 64 个字"))

SETTINGS_FIELDS = fields_of(
    name=text(True, most=64, doc="网站名称，最多 64 个字"),
    organizer=text(True, doc="主办单位"),
    undertaker=text(doc="承办单位"),
    base_url=of("url", True, doc="网站公开地址，例如 https://example.gov.cn（末尾不加 /）"),
    description=text(doc="网站简介"),
    districts=list_of(text(True, doc="区县名称"), True, 1, doc="区县列表：好人的 district 从中选择"),
    star_thresholds=list_of(whole(True, doc="小时数"), doc="志愿者一至五星所需的服务时长（小时）"),
    script=choice(SCRIPTS, doc="界面文字：zh 简体（默认）、zh-Hant 繁体"),
    mainland=of("bool", doc="网站在中国大陆托管（需要 ICP 备案号）"),
    footer=mapping(
        doc="页脚",
        icp=text(doc="ICP 备案号"),
        icp_link=of("url", doc="ICP 备案号的链接"),
        police=text(doc="公安备案号"),
        contact=text(phones=True, emails=True, doc="本单位的公开联系方式（可写本单位的电话、邮箱）"),
        lines=list_of(text(True, doc="一行文字"), doc="其他页脚文字"),
    ),
    wechat_qr=image("wechat_qr_alt", doc="本单位微信公众号二维码图片"),
    wechat_qr_alt=text(doc="二维码图片的替代文字"),
    correction_contact=of("link", doc="【纠错】的去处：本单位的 mailto: 地址或网址"),
    iframe_hosts=list_of(of("host", True, doc="主机名"), doc="稿件正文中允许嵌入（iframe）的网站主机名"),
    video_hosts=list_of(of("host", True, doc="主机名"), doc="允许的视频网站主机名"),
    editions=list_of(choice(EDITIONS, True, doc="版本：zh-Hans 简体、zh-Hant 繁體"),
                     doc="发布的版本：默认只有本站文字；简体站加 zh-Hant 另出一套 /zh-hant/ 繁體版"),
    conversion=choice(CONVERSIONS, doc="繁體版的字形转换：s2t（默认）、s2tw 台湾、s2hk 香港；只换字不换词"),
    cache_limit_mb=whole(least=1, doc="构建缓存 .haoren-cache/ 的大小上限（MB），默认 2048；超出时先删最久未用的"),
)

REDIRECT_FIELDS = fields_of(**{
    "from": of("urlpath", True, doc="旧网址路径，例如 /stories/old-slug/"),
    "to": of("urlpath", True, doc="新网址路径"),
})
