"""Sharing a page: the WeChat QR code, the 分享到 bar, and the head's share metadata (Open Graph, JSON-LD)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any
from urllib.parse import quote, urlsplit

from haoren.drawing.qrcodes import qr_svg

OG_TYPES = ("article", "profile", "website")
TITLE_SEPARATOR = "｜"
# QQ reads schema.org microdata names from <head>. A property needs an item: the page's
# itemscope element (theme/partials/content.html) adopts these <meta>s by id through itemref.
ITEM_PROPERTY_IDS = {"name": "hr-item-name", "description": "hr-item-description", "image": "hr-item-image"}

_SHARE_ENDPOINTS = {
    "weibo": ("https://service.weibo.com/share/share.php", ("url", "title", "pic")),
    "qq": ("https://connect.qq.com/widget/shareqq/index.html", ("url", "title", "summary", "pics")),
    "qzone": (
        "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey",
        ("url", "title", "summary", "pics"),
    ),
}
_SHARE_LABELS = {"weibo": "微博", "qq": "QQ", "qzone": "QQ空间"}


@dataclass(frozen=True)
class ShareImage:
    """The picture a share shows: an absolute URL, its pixel size and its alt text."""

    url: str
    width: int
    height: int
    alt: str
    mime_type: str = "image/jpeg"


@dataclass(frozen=True)
class ShareVideo:
    """The video a share shows: an absolute URL, its type, and its pixel size when it is our own file."""

    url: str
    mime_type: str = "video/mp4"
    width: int | None = None
    height: int | None = None



def share_links(url: str, title: str, summary: str, image_url: str | None) -> dict[str, str]:
    """The Weibo, QQ and QZone share URLs for a page; every value percent-encoded."""
    _require_absolute(url, "url")
    values = {"url": url, "title": title, "summary": summary}
    if image_url:
        _require_absolute(image_url, "image_url")
        values["pic"] = values["pics"] = image_url
    quoted = {key: quote(value, safe="") for key, value in values.items()}  # each once, for every endpoint
    links = {}
    for name, (endpoint, keys) in _SHARE_ENDPOINTS.items():
        query = "&".join(f"{key}={quoted[key]}" for key in keys if key in quoted)
        links[name] = f"{endpoint}?{query}"
    return links


def share_bar_html(
    url: str, title: str, summary: str, image_url: str | None, qr: str | None = None
) -> str:
    """The 分享到 bar: plain links (nothing loads from another host until a click), a WeChat QR, copy link.

    The QR opens in a <details> popover, so keyboard and touch work without script;
    theme/assets/javascripts/share.js adds Esc to close and shows the copy button.
    `qr` is qr_svg(url) made beforehand (haoren.qrcodes keeps them), else it is made here.
    """
    links = share_links(url, title, summary, image_url)
    items = [
        f'<li><a class="share-bar__link share-bar__link--{name}" href="{escape(href)}" '
        f'rel="noopener noreferrer" target="_blank" '
        f'aria-label="{escape(f"分享到{_SHARE_LABELS[name]}（在新窗口打开）")}">{_SHARE_LABELS[name]}</a></li>'
        for name, href in links.items()
    ]
    items.append(
        '<li><details class="share-bar__wechat">'
        '<summary class="share-bar__link share-bar__link--wechat">微信</summary>'
        f'<div class="share-bar__popover">{qr or qr_svg(url)}'
        "<p>微信扫一扫，分享给朋友或朋友圈</p></div></details></li>"
    )
    items.append(
        f'<li><button type="button" class="share-bar__copy" data-url="{escape(url)}" hidden>复制链接</button>'
        f'<input class="share-bar__url" type="url" value="{escape(url)}" readonly '
        'aria-label="本页链接" hidden>'
        '<span class="share-bar__status" role="status"></span></li>'
    )
    return (
        '<div class="share-bar" role="group" aria-label="分享">'
        '<span class="share-bar__label">分享到</span>'
        f'<ul class="share-bar__list">{"".join(items)}</ul></div>'
    )


def page_title(headline: str, site_name: str) -> str:
    """`headline｜site name`, headline first: WeChat and tabs cut titles from the end."""
    headline, site_name = " ".join(headline.split()), " ".join(site_name.split())
    if not headline or headline == site_name:
        return site_name
    return f"{headline}{TITLE_SEPARATOR}{site_name}"


def meta_tags_html(
    *,
    title: str,
    site_name: str,
    description: str,
    canonical: str,
    og_type: str,
    image: ShareImage | None = None,
    video: ShareVideo | None = None,
    published: datetime | None = None,
    modified: datetime | None = None,
    json_ld: Sequence[Mapping[str, Any]] = (),
    locale: str = "zh_CN",
) -> str:
    """The <head> lines for search engines and share previews (WeChat, QQ, Weibo, Open Graph, Twitter).

    `title` is the page's own headline; <title> becomes `headline｜site`, og:title the headline
    alone. URLs must be absolute. `published`/`modified` only count for og_type "article".
    """
    if og_type not in OG_TYPES:
        raise ValueError(f"og_type must be one of {', '.join(OG_TYPES)}, not {og_type!r}")
    _require_absolute(canonical, "canonical")
    headline = " ".join(title.split()) or " ".join(site_name.split())
    description = " ".join(description.split())
    tags = [
        f"<title>{escape(page_title(title, site_name))}</title>",
        _meta("name", "description", description),
        f'<link rel="canonical" href="{escape(canonical)}">',
        _meta("property", "og:type", og_type),
        _meta("property", "og:site_name", site_name),
        _meta("property", "og:locale", locale),
        _meta("property", "og:title", headline),
        _meta("property", "og:description", description),
        _meta("property", "og:url", canonical),
        _meta("name", "twitter:card", "summary_large_image" if image else "summary"),
        _meta("name", "twitter:title", headline),
        _meta("name", "twitter:description", description),
        # QQ and QZone read schema.org microdata names, not Open Graph.
        _item_meta("name", headline),
        _item_meta("description", description),
    ]
    if image is not None:
        _require_absolute(image.url, "image.url")
        tags += [
            _meta("property", "og:image", image.url),
            _meta("property", "og:image:type", image.mime_type),
            _meta("property", "og:image:width", str(image.width)),
            _meta("property", "og:image:height", str(image.height)),
            _meta("property", "og:image:alt", image.alt),
            _meta("name", "twitter:image", image.url),
            _meta("name", "twitter:image:alt", image.alt),
            _item_meta("image", image.url),
        ]
    if video is not None:
        _require_absolute(video.url, "video.url")
        tags += [_meta("property", "og:video", video.url), _meta("property", "og:video:type", video.mime_type)]
        if video.url.startswith("https://"):
            tags.append(_meta("property", "og:video:secure_url", video.url))
        if video.width and video.height:
            tags += [_meta("property", "og:video:width", str(video.width)),
                     _meta("property", "og:video:height", str(video.height))]
    if og_type == "article":
        if published is not None:
            tags.append(_meta("property", "article:published_time", published.isoformat()))
        if modified is not None:
            tags.append(_meta("property", "article:modified_time", modified.isoformat()))
    tags += [f'<script type="application/ld+json">{json_ld_text(data)}</script>' for data in json_ld]
    return "\n".join(tags)


def json_ld_text(data: Mapping[str, Any]) -> str:
    """JSON that cannot end its <script> element: <, > and & become \\u escapes, still the same JSON."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_value(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON-LD")


def _meta(attribute: str, key: str, content: str) -> str:
    return f'<meta {attribute}="{escape(key)}" content="{escape(content)}">'


def item_reference(has_image: bool) -> str:
    """The itemref of the element that makes the head's microdata <meta>s properties of one item."""
    names = ("name", "description", "image") if has_image else ("name", "description")
    return " ".join(ITEM_PROPERTY_IDS[name] for name in names)


def _item_meta(key: str, content: str) -> str:
    return f'<meta id="{ITEM_PROPERTY_IDS[key]}" itemprop="{escape(key)}" content="{escape(content)}">'


def _require_absolute(url: str, what: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{what} must be an absolute http(s) URL, not {url!r}")
