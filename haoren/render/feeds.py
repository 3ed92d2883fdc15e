"""Site-wide files: Atom, JSON Feed 1.1, sitemap.xml, robots.txt; the same site gives the same bytes."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from haoren.clock import SHANGHAI
from haoren.model.site import Site
from haoren.render.editions import Edition, edition_links
from haoren.render.media import Media
from haoren.render.pages import GeneratedPage
from haoren.render.pages.markdown import MarkdownRefused, MarkdownRenderer, replace_images
from haoren.render.pages.render import body_images_by_path, iso_datetime
from haoren.render.pages.urls import story_url
from haoren.schema import Image, Story

FEED_SIZE = 20
SITEMAP_LIMIT = 50_000  # URLs per sitemap file, by the sitemaps.org protocol
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
LANGUAGES = {"zh": "zh-CN", "zh-Hant": "zh-Hant"}
SITE_EDITION = Edition("zh-Hans")  # the site's own edition: its texts as written, its links at the root
NO_STORIES_YET = datetime(1970, 1, 1, tzinfo=SHANGHAI)  # Atom requires <updated>; never the build time


def feed_files(
    site: Site, pages: Sequence[GeneratedPage], media: Media | None = None, editions: Sequence[Edition] = (),
) -> dict[str, bytes]:
    """Output path (relative to the site root) -> content, for every site-wide file.

    The images in story bodies point at their largest published JPEG in `media`; without it they are left out.
    A converted edition has its own feeds under its prefix (`zh-hant/feed.xml`); the sitemap lists every page.
    """
    base = site.settings.base_url.rstrip("/")
    files = {}
    for edition in [SITE_EDITION, *(edition for edition in editions if edition.converted)]:
        entries = _feed_entries(site, base, media, edition)
        folder = edition.prefix.strip("/") + "/" if edition.prefix else ""
        files[folder + "feed.xml"] = atom_feed(site, entries, base, edition, media)
        files[folder + "feed.json"] = json_feed(site, entries, base, edition, media)
    return {
        **files,
        **sitemap_files(pages, base),
        "robots.txt": f"User-agent: *\nDisallow:\n\nSitemap: {base}/sitemap.xml\n".encode(),
    }


def _feed_entries(site: Site, base: str, media: Media | None, edition: Edition) -> list[tuple[Story, str]]:
    """The newest stories with their body HTML, links made absolute for readers that ignore xml:base."""
    markdown = MarkdownRenderer(site.settings.iframe_hosts)
    absolute = MarkdownRenderer(site.settings.iframe_hosts, base_url=base + "/")
    images = body_images_by_path(site)
    entries = []
    for story in site.stories[:FEED_SIZE]:
        try:
            body = str(markdown.render(story.body))
        except MarkdownRefused:  # generate_pages reports it; the feed still carries the summary
            body = ""
        if "<img" in body:  # swapped while the src is still as written, before links become absolute
            body = replace_images(body, lambda src, alt: _feed_image(images.get(story.path, {}).get(src), alt,
                                                                     media, base))
        entries.append((story, edition.convert(absolute.sanitize(edition_links(body, edition))) if body else body))
    return entries


def _enclosure(story: Story, media: Media | None) -> tuple[str, int, float | None] | None:
    """A story's own MP4 (the same file in every edition); a provider's video is not a file to attach."""
    return media.video_enclosure(story.video) if media else None


def _feed_image(image: Image | None, alt: str, media: Media | None, base: str) -> str | None:
    """A plain <img> of the largest JPEG: feed readers know no <picture>; None for an image not published."""
    if image is None or media is None or image.source not in media.images:
        return None
    url, width, height = media.largest_url(image.source, base)
    alt = html.escape(" ".join(alt.split()) or image.alt, quote=True)
    return f'<img src="{html.escape(url, quote=True)}" alt="{alt}" width="{width}" height="{height}">'


def atom_feed(
    site: Site, entries: Sequence[tuple[Story, str]], base: str, edition: Edition = SITE_EDITION,
    media: Media | None = None,
) -> bytes:
    settings, text = site.settings, edition.convert
    language = edition.code if edition.converted else LANGUAGES.get(settings.script, "zh-CN")
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attributes)
        element.text = text
        return element

    home = base + edition.url("/")
    add(feed, "id", home)
    add(feed, "title", text(settings.name))
    if settings.description:
        add(feed, "subtitle", text(settings.description))
    add(feed, "link", rel="alternate", type="text/html", href=home)
    add(feed, "link", rel="self", type="application/atom+xml", href=base + edition.url("/feed.xml"))
    add(feed, "updated", iso_datetime(max((s.updated or s.date for s, _ in entries), default=NO_STORIES_YET)))
    add(add(feed, "author"), "name", text(settings.organizer))
    for story, body in entries:
        url = base + edition.url(story_url(story.slug))
        entry = add(feed, "entry")
        add(entry, "id", url)
        add(entry, "title", text(story.title))
        add(entry, "link", rel="alternate", type="text/html", href=url)
        add(entry, "published", iso_datetime(story.date))
        add(entry, "updated", iso_datetime(story.updated or story.date))
        add(add(entry, "author"), "name", text(story.author or story.source or settings.organizer))
        for tag in story.tags:
            add(entry, "category", term=text(tag))
        add(entry, "summary", text(story.summary))
        if body:
            add(entry, "content", body, type="html")
        if enclosure := _enclosure(story, media):
            url, size, _ = enclosure
            add(entry, "link", rel="enclosure", type="video/mp4", length=str(size), href=url)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(
    site: Site, entries: Sequence[tuple[Story, str]], base: str, edition: Edition = SITE_EDITION,
    media: Media | None = None,
) -> bytes:
    settings, text = site.settings, edition.convert
    items = []
    for story, body in entries:
        url = base + edition.url(story_url(story.slug))
        item: dict = {
            "id": url, "url": url, "title": text(story.title), "summary": text(story.summary),
            "content_html": body or text(story.summary), "date_published": iso_datetime(story.date),
            "date_modified": iso_datetime(story.updated or story.date),
        }
        if story.author or story.source:
            item["authors"] = [{"name": text(story.author or story.source)}]
        if story.tags:
            item["tags"] = [text(tag) for tag in story.tags]
        if enclosure := _enclosure(story, media):
            url, size, seconds = enclosure
            attachment = {"url": url, "mime_type": "video/mp4", "title": text(story.title), "size_in_bytes": size}
            if seconds:
                attachment["duration_in_seconds"] = round(seconds)
            item["attachments"] = [attachment]
        items.append(item)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": text(settings.name),
        "home_page_url": base + edition.url("/"),
        "feed_url": base + edition.url("/feed.json"),
        "description": text(settings.description),
        "language": edition.code if edition.converted else LANGUAGES.get(settings.script, "zh-CN"),
        "authors": [{"name": text(settings.organizer)}],
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sitemap_files(pages: Sequence[GeneratedPage], base: str) -> dict[str, bytes]:
    """sitemap.xml, or past 50,000 URLs a sitemap index over sitemap-1.xml, sitemap-2.xml, …"""
    listed = sorted((p for p in pages if p.in_sitemap), key=lambda p: p.url)
    parts = [listed[i:i + SITEMAP_LIMIT] for i in range(0, len(listed), SITEMAP_LIMIT)] or [[]]
    if len(parts) == 1:
        return {"sitemap.xml": _urlset(parts[0], base)}
    files = {f"sitemap-{n}.xml": _urlset(part, base) for n, part in enumerate(parts, 1)}
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP})
    for name in files:
        ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = f"{base}/{name}"
    files["sitemap.xml"] = ET.tostring(index, encoding="utf-8", xml_declaration=True) + b"\n"
    return files


def _urlset(pages: Sequence[GeneratedPage], base: str) -> bytes:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP})  # a plain attribute: no global namespace registry
    for page in pages:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = base + quote(page.url, safe="/")
        if page.lastmod:
            ET.SubElement(url, "lastmod").text = iso_datetime(page.lastmod)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
