"""Moved URLs: a redirect page at every old address, and the guard that no published URL silently disappears."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from haoren.render.editions import SIMPLIFIED, Edition, own_edition
from haoren.schema import RESERVED_SECTIONS, Redirect, Settings
from haoren.validate.references import SECTIONS, as_folder

REDIRECTS_FILE = "content/redirects.yml"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MOVED = {SIMPLIFIED: "本页已迁移至", "zh-Hant": "本頁已遷移至"}  # the redirect page's one line, by edition


def is_item_url(path: str) -> bool:
    """Addresses editors' files own (a story, an honoree, a campaign, a topic, a hand-written page).

    Derived lists (rolls, archives, tags, pagination) come and go with the content; links into
    them are not promised the way a shared story link is.
    """
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    if segments[0] in SECTIONS.values():
        return len(segments) == 2 and segments[1] != "page"
    return segments[0] not in RESERVED_SECTIONS


def redirect_files(
    redirects: Iterable[Redirect], settings: Settings, editions: Sequence[Edition] = (), *, dev_serve: bool = False
) -> dict[str, bytes]:
    """One small HTML page per old address: an instant refresh, a canonical link and a visible link.

    Each edition (none given: the site's own) moves its own copy of the address the same way, and says so
    in its own script. In the preview (`dev_serve`) a redirect stays on the preview's host, root-relative
    like every other link there.
    """
    base = (urlsplit(settings.base_url).path if dev_serve else settings.base_url).rstrip("/")
    files = {}
    for edition in editions or (own_edition(settings),):
        language = "zh-CN" if edition.code == SIMPLIFIED else edition.code
        for redirect in redirects:
            old = edition.prefix + redirect.old
            new = edition.prefix + redirect.new if redirect.new.startswith("/") else redirect.new
            target = base + new if new.startswith("/") else new
            href = html.escape(target, quote=True)
            page = (
                f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8">'
                f'<title>{html.escape(edition.convert(settings.name))}</title>'
                f'<meta http-equiv="refresh" content="0; url={href}">'
                f'<link rel="canonical" href="{href}"><meta name="robots" content="noindex">'
                f'</head><body><p>{MOVED[edition.code]} <a href="{href}">{href}</a></p></body></html>\n'
            )
            folder = as_folder(old).lstrip("/")
            files[folder + "index.html" if folder.endswith("/") else folder] = page.encode("utf-8")
    return files


def published_paths(out_dir: Path) -> set[str]:
    """The URL paths the last published site listed in its sitemap (none for a first build)."""
    sitemap = out_dir / "sitemap.xml"
    if not sitemap.is_file():
        return set()
    paths: set[str] = set()
    try:
        root = ET.parse(sitemap).getroot()
        parts = [root]
        if root.tag == f"{SITEMAP_NS}sitemapindex":  # a large site splits its sitemap
            parts = [
                ET.parse(out_dir / Path(urlsplit(loc.text or "").path).name).getroot()
                for loc in root.iter(f"{SITEMAP_NS}loc")
            ]
        for part in parts:
            paths.update(unquote(urlsplit(loc.text or "").path) for loc in part.iter(f"{SITEMAP_NS}loc"))
    except (ET.ParseError, OSError):
        return set()  # a hand-damaged old site cannot be compared; nothing to protect there
    return paths
