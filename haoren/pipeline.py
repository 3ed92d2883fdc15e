"""The pipeline driver, top to bottom: load and validate everything, build the model, then write."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from .feeds import feed_files
from .media import prepare_media
from .model import Site, build_site
from .pages import generate_pages
from .pages.render import BUNDLED_TEMPLATES, RenderContext
from .problems import ProblemsFound
from .publish import publish
from .redirects import lost_urls, redirect_files
from .validate import check_site

CACHE_FOLDER = ".haoren-cache"


def validated_site(site_dir: Path, now: datetime) -> Site:
    """Every problem in every file, or the frozen model of what is published at `now`."""
    content, problems = check_site(site_dir)
    if problems or content is None:
        raise ProblemsFound(problems)
    return build_site(content, now)


def describe(site: Site) -> str:
    return (
        f"{len(site.stories)} stories, {len(site.honorees)} honorees, {len(site.campaigns)} campaigns, "
        f"{len(site.topics)} topics and {len(site.rolls)} honor rolls published as of "
        f"{site.now:%Y-%m-%d %H:%M} (Asia/Shanghai)"
    )


def check(site_dir: Path, now: datetime) -> str:
    """Validate only; the returned line says what would be published."""
    return "No problems. " + describe(validated_site(site_dir, now)) + "."


def build(site_dir: Path, now: datetime, out_dir: Path, *, dev_serve: bool = False) -> str:
    """Validate, render every page, derive media and feeds, then replace `out_dir` in one step."""
    site = validated_site(site_dir, now)
    cache_dir = site_dir / CACHE_FOLDER
    with tempfile.TemporaryDirectory(prefix="haoren-media-") as work:
        media = prepare_media(site, cache_dir, Path(work))
        context = RenderContext(
            image_html=media.image_html,
            template_dirs=(site_dir / "theme" / "haoren", BUNDLED_TEMPLATES),
        )
        pages = generate_pages(site, context)
        lost = lost_urls(out_dir, pages, site.redirects)
        if lost:
            raise ProblemsFound(lost)
        files = {**media.files, **feed_files(site, pages), **redirect_files(site.redirects, site.settings)}
        publish(site_dir, pages, files, site.settings, out_dir, dev_serve=dev_serve)
    return f"Built {len(pages)} pages into {out_dir}: " + describe(site) + "."


def serve(site_dir: Path, now: datetime, port: int) -> int:
    """Preview with live reload; each rebuild reads the files again (and keeps the last good site)."""
    from .preview import serve as serve_preview

    serve_preview(site_dir, lambda out: build(site_dir, now, out, dev_serve=True), port)
    return 0
