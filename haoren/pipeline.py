"""The pipeline driver, top to bottom: load and validate everything, build the model, then write."""

from __future__ import annotations

import contextlib
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from haoren.drawing.fonts import FontNotFound, FontSpec, find_cjk_font
from haoren.drawing.qrcodes import QrCodes
from haoren.drawing.videos import VideoFailed
from haoren.model.ledger import (Ledger, address_problems, next_ledger, read_ledger, seeded,
                                 unvalidated_address_problems, write_ledger)
from haoren.model.rankingcache import RankingCache
from haoren.model.site import Site, build_site, is_honoree_published, is_story_published
from haoren.problems import Problem, ProblemsFound
from haoren.publish.cacheprune import prune_cache
from haoren.publish.fingerprint import digest, software_digest, tree_digest
from haoren.publish.indexing import Indexing, indexing, kept_index, search_index
from haoren.publish.plan import build_key, last_published, up_to_date
from haoren.publish.redirects import is_item_url, published_paths, redirect_files
from haoren.publish.searchindex import SearchIndexes
from haoren.publish.site import PublishError, publish
from haoren.publish.treewalks import WalkedTrees, walked_trees
from haoren.render import exports
from haoren.render.editions import site_editions
from haoren.render.feeds import feed_files
from haoren.render.media import prepare_media
from haoren.render.pages import generate_pages
from haoren.render.pages.mdcache import MarkdownCache
from haoren.render.pages.memo import PageMemo
from haoren.render.pages.render import BUNDLED_TEMPLATES, RenderContext
from haoren.render.pages.sharemeta import poster_urls, shareable_urls
from haoren.render.sharing import DrawingFailed, SharePlan, draw_plans, footer_qr
from haoren.schema import Content
from haoren.sourcedigests import SourceDigests
from haoren.validate import editorschema, sheets
from haoren.validate.checkcache import (checking_context, content_digests, fingerprint, remember, remember_entries,
                                       remembered, remembered_entries)
from haoren.validate.paths import CACHE_FOLDER
from haoren.validate.site import check_site

DRAWING_WORKERS = 2  # processes drawing share cards, posters and QR codes


def validated_content(site_dir: Path) -> Content:
    """Every problem in every file, or the validated content; an unchanged site is not checked twice."""
    return checked_content(site_dir)[0]


def checked_content(site_dir: Path, source_digests: SourceDigests | None = None,
                    keep_clean: bool = True) -> tuple[Content, str]:
    """The validated content and the fingerprint of the files (and code and fonts) it came from.

    `source_digests` are the digests of the site's files the build goes on using (the photos cards show);
    without, those the last run kept. What they now know is kept for the next run at once. A clean
    result is kept for the next run too (checkcache.remember), unless `keep_clean` is False: then the
    caller keeps it when it has the time.
    """
    cache_dir = site_dir / CACHE_FOLDER
    context = checking_context()
    source_digests = source_digests if source_digests is not None else SourceDigests.from_cache(cache_dir)
    digests = content_digests(site_dir, source_digests)
    source_digests.keep(cache_dir)
    key = fingerprint(context, digests)
    content = remembered(site_dir, key)
    if content is None:
        # Only the files changed since the last check are read and checked again; the checks
        # between files always run on all of them.
        unchanged, entries, read = remembered_entries(site_dir, context, digests)
        content, problems = check_site(site_dir, unchanged, entries)
        remember_entries(site_dir, context, digests, entries, read)
        if problems or content is None:
            raise ProblemsFound(problems)
        if keep_clean:
            remember(site_dir, key, content)
    return content, key


def drawing_font() -> FontSpec:
    """The font validation checked every drawn text against; gone since then, nothing can be drawn."""
    try:
        return find_cjk_font()
    except FontNotFound as missing:
        raise PublishError(str(missing)) from None


def describe(content: Content, now: datetime) -> str:
    published = sum(1 for story in content.stories if is_story_published(story, now))
    shown = sum(1 for honoree in content.honorees if is_honoree_published(honoree, now))
    return (
        f"{published} of {len(content.stories)} stories and {shown} of "
        f"{len(content.honorees)} honorees published as of {now:%Y-%m-%d %H:%M} (Asia/Shanghai); "
        f"{len(content.campaigns)} campaigns, {len(content.topics)} topics"
    )


def ledger_of(site_dir: Path, out_dir: Path | None = None) -> tuple[Ledger | None, list[Problem]]:
    """The ledger of published addresses, or the problems of a damaged one.

    A site without a ledger yet is guarded by what its last published site (`out_dir`) listed.
    """
    try:
        ledger = read_ledger(site_dir)
    except ProblemsFound as damaged:
        return None, damaged.problems
    if ledger is None and out_dir is not None:
        ledger = seeded(path for path in published_paths(out_dir) if is_item_url(path))
    return ledger, []


def checked_site(site_dir: Path, now: datetime, out_dir: Path | None = None,
                 source_digests: SourceDigests | None = None,
                 keep_clean: bool = True) -> tuple[Content, str, Site, Ledger | None]:
    """The files validated and compared with the ledger; every problem of both in one run, whichever fails.

    Returned with the content: the fingerprint of the files it came from (see `checked_content`).
    """
    ledger, problems = ledger_of(site_dir, out_dir)
    try:
        content, content_key = checked_content(site_dir, source_digests, keep_clean)
    except ProblemsFound as found:
        raise ProblemsFound(found.problems + problems + unvalidated_address_problems(ledger, site_dir)) from None
    site = build_site(content, now, RankingCache(site_dir / CACHE_FOLDER).kept)
    problems += address_problems(ledger, content, site)
    if problems:
        raise ProblemsFound(problems)
    return content, content_key, site, ledger


def check(site_dir: Path, now: datetime) -> str:
    """Validate only, the ledger of published addresses included; the returned line says what would be published."""
    content, _, _, _ = checked_site(site_dir, now)
    return "No problems. " + describe(content, now) + "."


def build(site_dir: Path, now: datetime, out_dir: Path, *, dev_serve: bool = False, incremental: bool = True,
          search_shard_above: int | None = None) -> str:
    """Validate, render what changed, derive media and feeds, then replace `out_dir` in one step.

    Unless `incremental` is False, pages whose fingerprint is in the manifest of the published
    `out_dir` are carried over, and a build whose inputs all equal the last one's leaves it as it is.
    Above `search_shard_above` published items (default render.pages.search.SEARCH_SHARD_ABOVE) the
    search index is in shards.
    """
    # The published trees are compared with their manifests on the other core meanwhile, idle until the
    # pages are made (publish/treewalks.py).
    with walked_trees(out_dir) if incremental else contextlib.nullcontext(WalkedTrees(None)) as walked:
        return _built(site_dir, now, out_dir, walked, dev_serve=dev_serve, incremental=incremental,
                      search_shard_above=search_shard_above)


def _built(site_dir: Path, now: datetime, out_dir: Path, walked: WalkedTrees, *, dev_serve: bool,
           incremental: bool, search_shard_above: int | None) -> str:
    # Cache files this build uses get stamped from now on; a second of slack covers coarse file clocks.
    started = time.time() - 1.0
    source_digests = SourceDigests.from_cache(site_dir / CACHE_FOLDER)
    # The clean check is kept for the next run with the other caches, once the pages are made: at
    # 10,000 stories pickling it took 0.4 s, which an edit waited for before its pages.
    content, content_key, site, ledger = checked_site(site_dir, now, out_dir, source_digests,
                                                      keep_clean=False)
    template_dirs = (site_dir / "theme" / "haoren", BUNDLED_TEMPLATES)
    key = build_key(content_key, site, site_dir, template_dirs, dev_serve)
    if search_shard_above is not None:  # another threshold may shard differently: not the same build
        key = digest(key, search_shard_above)
    last = last_published(out_dir) if incremental else None
    if incremental and up_to_date(out_dir, key, last, walked):
        remember(site_dir, content_key, content)
        if not dev_serve:
            write_ledger(site_dir, next_ledger(ledger, site))
        return f"Nothing changed since the last build; {out_dir} is up to date: " + describe(content, now) + "."
    # The site's own edition, and the 繁體 one when the settings list it: each a full set of pages.
    editions = site_editions(content.settings, content.overrides)
    prefixes = [edition.prefix for edition in editions]
    cache_dir = site_dir / CACHE_FOLDER
    with tempfile.TemporaryDirectory(prefix="haoren-media-") as work:
        try:
            media = prepare_media(site, cache_dir, Path(work), editions=editions, source_digests=source_digests)
        except VideoFailed as failed:  # ffmpeg removed since the remembered check, or a file it cannot copy
            raise PublishError(str(failed)) from None
        font = drawing_font()
        qr_codes = QrCodes(cache_dir)
        # A poster prints its page's code: made once, for both.
        qr_codes.prepare([url for prefix in prefixes for url in shareable_urls(site, prefix)],
                         posters=[url for prefix in prefixes for url in poster_urls(site, prefix)],
                         workers=DRAWING_WORKERS)
        # One step, one input per edition: the records of its published pages. Pagefind (a program of its
        # own, mostly on one core) indexes an edition from when its pages are made until MkDocs has rendered
        # them all: the site's own edition's while the 繁體 edition's pages are made (in this process
        # alone then: inparts forks no part beside a thread), unless its index is kept already.
        # Leaving the `with` waits for it, whatever happened, before the work folder goes.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index") as searching:
            indexes = SearchIndexes(site, editions, Path(work) / "search", cache_dir,
                                    shard_above=search_shard_above, theme_dir=site_dir / "theme")
            indexed: list[Indexing] = []
            pages, plans, memos = [], [], []
            markdown = MarkdownCache(cache_dir, digest(software_digest(), site.settings.iframe_hosts))
            # A kept page stands for the code, the templates and the 繁體 edition's own phrases it was made with.
            memo_tag = digest(software_digest(), tree_digest(*template_dirs), content.overrides)
            for edition in editions:
                drawings = SharePlan(site.settings, font, edition.convert if edition.converted else None,
                                     qr_codes.modules, source_digests)
                context = RenderContext(
                    image_html=media.image_html,
                    image_size=media.image_size,
                    drawings=drawings,
                    qr_svg=qr_codes.svg,
                    video_sources=media.for_edition(edition).video_sources,
                    template_dirs=template_dirs,
                    edition=edition,
                    editions=editions,
                    markdown_cache=markdown,
                    search_shard_above=search_shard_above,
                )
                # The names of its drawings stand under the plan's naming (SharePlan.named_alike). The
                # editions read the same values: the first one's digests of them serve the next.
                memo = PageMemo(cache_dir / "pages" / edition.code, digest(memo_tag, drawings.naming()),
                                site_dir, memos[0].digests if memos else None)
                # Its index starts once the pages it reads are made, while the lists are made.
                alone = not indexed and edition is not editions[-1]
                pages += generate_pages(
                    site, context, memo, searchable=lambda searched, edition=edition, alone=alone:
                    indexed.append(indexing(indexes, edition, searched, searching, alone)))
                plans.append(drawings)
                memos.append(memo)
            remember(site_dir, content_key, content)
            markdown.save()
            for memo in memos:
                memo.save()
            memos.clear()  # its traces and digests are not needed to publish; the pages stay in `pages`
            qr_codes.save()
            RankingCache(cache_dir).keep(site.related)
            # Every edition's cards and posters together: one pool, one cut of the font. They are
            # published from the cache itself.
            try:
                drawn = draw_plans(plans, None, cache_dir, workers=DRAWING_WORKERS)
            except DrawingFailed as failed:
                raise PublishError(str(failed)) from None
            files = {
                **media.files, **drawn, **feed_files(site, pages, media, editions),
                **redirect_files(site.redirects, site.settings, editions, dev_serve=dev_serve),
            }
            published = publish(site_dir, pages, files, site.settings, out_dir, dev_serve=dev_serve,
                                footer_qr=footer_qr(media, site.settings), editions=editions, build_key=key,
                                incremental=incremental, last=last, walked=walked,
                                early_files=lambda: kept_index(indexed),
                                late_files=lambda: search_index(indexed, indexes))
    # The preview never writes into the content it watches; its rebuilds are many and quick, and
    # the next real build prunes the cache.
    if not dev_serve:
        write_ledger(site_dir, next_ledger(ledger, site))
        prune_cache(cache_dir, started, site.settings.cache_limit_mb)
    cold = f"Full build: {published.cold_reason}.\n" if published.cold_reason else ""
    return (f"{cold}Built {len(pages)} pages into {out_dir} ({published.rendered} rendered, "
            f"{published.carried} unchanged): " + describe(content, now) + ".")


def write_schemas(site_dir: Path, check_only: bool = False) -> str:
    """Editors' JSON Schemas from the rule tables into SITE/schemas/; `check_only` reports stale files instead."""
    stale = editorschema.stale_schema_files(site_dir)
    if check_only and stale:
        raise ProblemsFound(stale)
    written = [] if check_only else editorschema.write_schema_files(site_dir)
    return f"Wrote {', '.join(written)}." if written else "The schemas in schemas/ are up to date."


def import_honorees(site_dir: Path, sheet: Path, campaign: str | None, award: str | None) -> str:
    """One honoree file per row of the sheet, written only when every row validates with the whole site."""
    planned = sheets.plan_import(site_dir, sheet.resolve(), str(sheet), campaign, award)
    sheets.write_imported(site_dir, planned)
    return f"Imported {len(planned)} honorees from {sheet}: " + ", ".join(item.rel for item in planned) + "."


def export_list(site_dir: Path, now: datetime, what: str, key: str, out_dir: Path) -> str:
    """An honor roll or a campaign's list as .xlsx and .csv, from the published site of `now` only."""
    site = build_site(validated_content(site_dir), now)
    table = exports.roll_table(site, key) if what == "roll" else exports.campaign_table(site, key)
    written = exports.write_table(table, out_dir)
    return f"Wrote {len(table.rows)} published entries to " + " and ".join(map(str, written)) + "."


def serve(site_dir: Path, now: datetime, port: int) -> int:
    """Preview with live reload: pages rendered on request from the model kept in memory (haoren.preview)."""
    from haoren.preview.server import serve as serve_preview

    serve_preview(site_dir, now, port)
    return 0
