"""Page sources: the Site model turned into one GeneratedPage per public URL, for MkDocs to render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ShareInfo:
    """What a page tells WeChat, Weibo and QQ about itself (filled by haoren.share)."""

    og_type: str = "website"  # "article" for stories, "profile" for people
    image_url: str | None = None  # absolute
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str | None = None
    json_ld: tuple[dict, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None


@dataclass(frozen=True)
class GeneratedPage:
    """One public page: its URL, head metadata and main content HTML (escaped and sanitized)."""

    url: str  # directory style: "/stories/liu-haitao/"; "/" for home; "/404.html" for the 404 page
    title: str
    description: str
    content_html: str
    kind: str  # story, honoree, campaign, topic, roll, list, page, home, notfound
    lastmod: datetime | None = None
    in_sitemap: bool = True
    share: ShareInfo = field(default_factory=ShareInfo)
