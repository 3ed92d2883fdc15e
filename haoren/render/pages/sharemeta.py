"""What shareable pages (story, honoree, campaign, topic, roll) carry: card, JSON-LD, 分享到 bar, lead image."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from markupsafe import Markup

from haoren.model.site import Site
from haoren.render.pages import GeneratedPage, ShareInfo
from haoren.render.pages.render import Renderer, iso_datetime
from haoren.render.pages.urls import campaign_url, honoree_url, roll_url, story_url, topic_url
from haoren.render.share import ShareImage, ShareVideo, share_bar_html
from haoren.schema import Honoree, Image, Story

SCHEMA = "https://schema.org"
# WeChat shares a page without a thumbnail of its own with the first picture of at least 300x300.
LEAD_MIN_SIZE = 300
# Breadcrumb trails: home, then the section list each kind of page belongs to.
SECTIONS = {
    "story": ("全部文章", "/stories/"), "honoree": ("好人库", "/honorees/"),
    "campaign": ("评选活动", "/campaigns/"), "topic": ("专题", "/topics/"), "roll": ("光荣榜", "/honor-roll/"),
}



@dataclass(frozen=True)
class Card:
    """A page's share card: where it is in the site, and as the head tags and share links name it."""

    path: str  # "/cards/<hash>.jpg"
    image: ShareImage  # absolute URL, size, alt


def card(r: Renderer, url: str, title: str, image: Image | None) -> Card | None:
    """The card of the page at `url`: `title` over `image` (or the brand colour); None without drawings."""
    drawings = r.context.drawings
    if drawings is None:
        return None
    path = drawings.card(url, title, image.source if image else None)
    alt = title if image is None else r.label("{}（图：{}）").format(title, image.alt)
    width, height = drawings.card_size
    return Card(path, ShareImage(r.urls.absolute(path), width, height, alt))


def with_site_card(r: Renderer, page: GeneratedPage) -> GeneratedPage:
    """A page without a card of its own (home, lists, hand-written pages) shares the site's card.

    The 404 page is never shared and keeps none.
    """
    if page.share.image_url or page.kind == "notfound":
        return page
    settings = r.site.settings
    site_card = card(r, "/", settings.description or settings.name, None)
    if site_card is None:
        return page
    image = site_card.image
    share = dataclasses.replace(page.share, image_url=image.url, image_width=image.width,
                                image_height=image.height, image_alt=image.alt)
    return page.replaced(share=share)


def share_info(
    card: Card | None, og_type: str, json_ld: Iterable[dict[str, Any]],
    published: datetime | None = None, modified: datetime | None = None, video: ShareVideo | None = None,
) -> ShareInfo:
    """What publish.py turns into the page's head tags."""
    image = card.image if card else None
    return ShareInfo(
        og_type=og_type, image_url=image.url if image else None, image_width=image.width if image else None,
        image_height=image.height if image else None, image_alt=image.alt if image else None,
        json_ld=tuple(json_ld), published=published, modified=modified, video=video,
    )


def share_bar(r: Renderer, url: str, title: str, summary: str, card: Card | None) -> Markup:
    """The 分享到 bar of the page at `url`, labelled in the site's script (its links and QR are ASCII)."""
    absolute = r.urls.absolute(url)
    qr = r.context.qr_svg(absolute) if r.context.qr_svg else None
    html = share_bar_html(absolute, r.text(title), r.text(summary), card.image.url if card else None, qr)
    return Markup(r.label(html))


def shareable_urls(site: Site, prefix: str = "") -> list[str]:
    """The absolute URL of every page with a share bar (of the edition under `prefix`), for their QR codes."""
    paths = [story_url(s.slug) for s in site.stories] + [honoree_url(h.id) for h in site.honorees]
    paths += [campaign_url(v.campaign.id) for v in site.campaigns] + [topic_url(t.id) for t in site.topics]
    paths += [roll_url(roll.period) for roll in site.rolls]
    return [site.settings.base_url.rstrip("/") + prefix + path for path in paths]


def poster_urls(site: Site, prefix: str = "") -> list[str]:
    """The absolute URL printed on each honoree's poster (the honoree's page) in the edition under `prefix`."""
    return [site.settings.base_url.rstrip("/") + prefix + honoree_url(h.id) for h in site.honorees]


def lead_card(r: Renderer, card: Card | None, photo: Image | None) -> Markup:
    """The card as the page's first picture when it has no photo of 300x300 or more (WeChat's thumbnail).

    Hidden from readers (it repeats the heading) but loaded, so WeChat can measure it.
    """
    if card is None or (photo is not None and _large_enough(r, photo)):
        return Markup("")
    width, height = card.image.width, card.image.height
    return Markup(
        f'<div class="hr-visually-hidden" aria-hidden="true"><img src="{escape(r.urls.href(card.path))}" '
        f'width="{width}" height="{height}" alt="" decoding="async"></div>'
    )


def _large_enough(r: Renderer, photo: Image) -> bool:
    size = r.context.image_size(photo) if r.context.image_size else None
    return size is None or min(size) >= LEAD_MIN_SIZE


# --- JSON-LD (schema.org) ------------------------------------------------------------------


def breadcrumbs(r: Renderer, kind: str, url: str, title: str) -> dict[str, Any]:
    """首页 › the section › this page."""
    section, section_url = SECTIONS[kind]
    trail = [(r.label("首页"), "/"), (r.label(section), section_url), (title, url)]
    return {
        "@context": SCHEMA, "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": r.urls.absolute(link)}
            for number, (name, link) in enumerate(trail, 1)
        ],
    }


def news_article(r: Renderer, story: Story, card: Card | None) -> dict[str, Any]:
    """The story as a NewsArticle: dates in +08:00, the byline (or the organizer) as author."""
    data: dict[str, Any] = {
        "@context": SCHEMA, "@type": "NewsArticle",
        "headline": story.title, "description": story.summary,
        "datePublished": iso_datetime(story.date), "dateModified": iso_datetime(story.updated or story.date),
        "mainEntityOfPage": r.urls.absolute(story_url(story.slug)),
        "author": {"@type": "Person", "name": story.author} if story.author else _organizer(r),
        "publisher": _organizer(r),
    }
    if card:
        data["image"] = [card.image.url]
    if story.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": story.source}
    if story.honorees:
        data["about"] = [
            {"@type": _entity_type(h), "name": h.name, "url": r.urls.absolute(honoree_url(h.id))}
            for h in (r.site.honoree_by_id[i] for i in story.honorees if i in r.site.honoree_by_id)
        ]
    return data


def honoree_entity(r: Renderer, honoree: Honoree, awards: Sequence[str], card: Card | None) -> dict[str, Any]:
    """A Person, or an Organization for a group or an organization, with its honors as `award`."""
    data: dict[str, Any] = {
        "@context": SCHEMA, "@type": _entity_type(honoree), "name": honoree.name,
        "description": honoree.summary, "url": r.urls.absolute(honoree_url(honoree.id)),
    }
    if awards:
        data["award"] = list(awards)
    if honoree.members:
        data["member"] = [{"@type": "Person", "name": name} for name in honoree.members]
    if card:
        data["image"] = card.image.url
    return data


def collection_page(
    r: Renderer, url: str, title: str, description: str, items: Iterable[tuple[str, str]]
) -> dict[str, Any]:
    """A CollectionPage whose main entity lists `items` (name, site URL) in the page's order."""
    unique = list(dict.fromkeys(items))
    return {
        "@context": SCHEMA, "@type": "CollectionPage", "name": title, "description": description,
        "url": r.urls.absolute(url),
        "mainEntity": {
            "@type": "ItemList", "numberOfItems": len(unique),
            "itemListElement": [
                {"@type": "ListItem", "position": number, "name": name, "url": r.urls.absolute(link)}
                for number, (name, link) in enumerate(unique, 1)
            ],
        },
    }


def _entity_type(honoree: Honoree) -> str:
    return "Person" if honoree.kind == "person" else "Organization"


def _organizer(r: Renderer) -> dict[str, Any]:
    return {"@type": "Organization", "name": r.site.settings.organizer, "url": r.urls.absolute("/")}
