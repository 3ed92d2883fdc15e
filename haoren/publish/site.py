"""Publishing: render the staged pages with MkDocs (only those that changed), add the files, swap into site/ atomically."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from haoren.cachefile import pickled
from haoren.publish.carry import Carry, bytes_key, link_or_copy
from haoren.publish.kept import TreeUpdate, keep_tree, keep_twin, kept_tree
from haoren.publish.manifest import Manifest
from haoren.publish.fingerprint import digest, software_digest, tree_digest
from haoren.publish.parts import merge_trees, part_count, run_parts, split
from haoren.publish.staging import (NOTFOUND_URL, SECTION_URLS, PagePlan, PublishError, configure, configured,
                                    language_of, mkdocs_errors, named_settings, plan_pages, stage_pages,
                                    with_extras)
from haoren.publish.swap import FolderBusy, replacement
from haoren.publish.treewalks import WalkedTrees
from haoren.render.editions import Edition
from haoren.render.pages import GeneratedPage
from haoren.schema import Settings

# After publish.staging, which silences Material's end-of-life banner before MkDocs is imported.
from mkdocs.commands.build import build as mkdocs_build  # noqa: E402  isort: skip
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402  isort: skip

__all__ = ["NOTFOUND_URL", "SECTION_URLS", "PublishError", "Published", "publish"]


@dataclass(frozen=True)
class Published:
    """What a publish did: pages MkDocs rendered, pages carried over unchanged, and why it started cold."""

    rendered: int
    carried: int
    cold_reason: str | None  # None: built upon the last published site/


def publish(
    site_dir: Path,
    pages: Sequence[GeneratedPage],
    extra_files: Mapping[str, bytes | Path],
    settings: Settings,
    out_dir: Path,
    *,
    dev_serve: bool = False,
    footer_qr: Mapping[str, object] | None = None,
    editions: Sequence[Edition] = (),
    build_key: str = "",
    incremental: bool = True,
    early_files: Callable[[], Mapping[str, bytes | Path]] | None = None,
    late_files: Callable[[], Mapping[str, bytes | Path]] | None = None,
    last: Manifest | None = None,
    walked: WalkedTrees | None = None,
) -> Published:
    """Render `pages` with the site folder's mkdocs.yml and theme, add `extra_files`, and replace `out_dir`.

    Nothing under `out_dir` changes unless the whole build succeeded; then the new tree takes its
    place in one rename. `dev_serve` makes the 404 page's asset URLs root-relative for the preview server.
    `footer_qr` is the office's WeChat QR for the footer: src (a URL of this site), width, height, alt.
    `editions` are the site's editions (render.editions.site_editions): a converted one gets its own
    section tabs, footer and labels; every page names its edition and its twins (GeneratedPage.alternates).
    With `incremental`, MkDocs renders only pages whose fingerprint differs from the manifest of the
    published `out_dir`; the others are hard links to the files already there (publish/carry.py).
    `build_key` is the fingerprint of all the build's inputs, kept in the manifest.
    `late_files` gives more extra files once the pages are rendered and carried and the other extras placed
    (the search index, made meanwhile in another thread); one of them named as an extra takes its place.
    `early_files` gives some of them sooner (the index's shards kept whole), to be placed while the
    others are made; the late files must name them again, the same objects where they are unchanged.
    What it raises ends the publish with nothing replaced.
    `last` is the manifest of `out_dir` the build read before (publish/plan.last_published); it is
    used when no build has published since, and read again otherwise. `walked` tells which trees a walk
    started with the build found as their manifests list them (publish/treewalks.py).
    """
    plan = plan_pages(pages, extra_files)
    language = language_of(settings.script)
    if not settings.footer.icp_link.startswith(("https://", "http://")):
        raise PublishError(f"footer ICP link must be an http(s) URL, not {settings.footer.icp_link!r}")
    config_file = Path(site_dir) / "mkdocs.yml"
    if not config_file.is_file():
        raise PublishError(f"{config_file}: missing (the site folder needs a mkdocs.yml)")
    carry: Carry | None = None
    fingerprints: dict[str, str] = {}
    found: dict[str, tuple[int, int]] = {}

    def keep(old: Path) -> None:
        # The site/ the swap replaced is kept to build the next one in (publish/kept.py), as far as it
        # is what the new site publishes: both are known by the swap. When it is not worth keeping (a
        # first build, one after a code change), a twin of the new one is.
        if not keep_tree(old, out_dir, carry and carry.previous, fingerprints):
            keep_twin(out_dir, build_key, fingerprints, found)

    try:
        with replacement(out_dir, keep=keep) as work:
            built = work / "site"
            with mkdocs_errors(str(config_file)):
                config, frame = configure(config_file, work / "docs", built, plan, settings, editions, footer_qr,
                                          dev_serve)
            render_key = _render_key(config, Path(site_dir), settings, editions)
            walked = walked or WalkedTrees(None)
            carry = Carry.start(out_dir, incremental, render_key, last, walked.confirmed(out_dir))
            tree = TreeUpdate.start(out_dir, built, usable=carry.previous is not None,
                                    walked=walked.confirmed(kept_tree(out_dir)))
            keys = {source: _page_key(carry.render_key, page) for source, page in plan.sources.items()}
            # The nav's pages are always rendered: MkDocs needs the files the nav names.
            fresh = {source: page for source, page in plan.sources.items()
                     if page.url in SECTION_URLS or not carry.unchanged(_output_path(page.url), keys[source])}
            _render_in_parts(config_file, work, fresh, plan, settings, named_settings(settings, editions), language,
                             dev_serve, frame, tree)
            carried = carry.link(tree, [(_output_path(page.url), keys[source])
                                        for source, page in plan.sources.items() if source not in fresh])
            # The extras known now go in while the late ones may still be made: at 10,000 stories,
            # keying and linking the feeds, media, cards and posters took 0.5 s (0.9 s with the 繁體
            # edition) after the search index was done, where nothing else was left to wait for.
            extra_keys = {name: _extra_key(content) for name, content in plan.extras.items()}
            _add_extras(tree, plan.extras, extra_keys, plan.edition_notfound)
            for more in (early_files, late_files):
                if more is not None:
                    known, plan = plan.extras, with_extras(plan, more())
                    late = {name: content for name, content in plan.extras.items()
                            if known.get(name) is not content}
                    extra_keys.update({name: _extra_key(content) for name, content in late.items()})
                    _add_extras(tree, late, extra_keys)
            found = tree.finish()  # the tree as it will be published: the swap renames, keeps every file
            fingerprints = dict.fromkeys(found, carry.render_key)  # MkDocs' own theme files
            fingerprints.update({_output_path(page.url): keys[source] for source, page in plan.sources.items()})
            fingerprints.update(extra_keys)
            carry.forget_published()
        carry.record(build_key, fingerprints, found)
    except FolderBusy as e:
        raise PublishError(str(e)) from None
    # The 404 pages are rendered every time.
    rendered = len(fresh) + 1 + len(plan.edition_notfound)
    return Published(rendered=rendered, carried=carried, cold_reason=carry.cold_reason)


def _render_in_parts(config_file: Path, work: Path, fresh: Mapping[str, GeneratedPage], plan: PagePlan,
                     settings: Settings, named: Mapping[str, Settings], language: str, dev_serve: bool,
                     frame: Mapping[str, object], tree: TreeUpdate) -> None:
    """MkDocs renders the `fresh` pages into `tree`; a big site in parts, one per core (publish/parts.py).

    Every part also renders the nav's pages (MkDocs needs the files its nav names) and 404.html;
    a page's file depends on no other page, so the parts merge into the tree one run would write.
    """
    nav = {source: page for source, page in fresh.items() if page.url in SECTION_URLS}
    rest = sorted(source for source in fresh if source not in nav)
    # Small enough to hand to a worker.
    nav_plan = PagePlan(sources=nav, notfound=plan.notfound, extras={}, edition_notfound=plan.edition_notfound)
    chunks = split(rest, part_count(len(rest)))

    def staged(number: int) -> tuple:
        docs = work / f"docs-{number}"  # staged here: the workers get paths, not pages
        stage_pages(docs, {**nav, **{source: fresh[source] for source in chunks[number]}}, settings, named)
        return (config_file, docs, work / f"site-{number}", nav_plan, settings, named, language, dev_serve,
                frame)

    run_parts(_render_part, len(chunks), staged)
    merge_trees([work / f"site-{number}" for number in range(len(chunks))], tree.built,
                tree.placed if tree.reused else None)


def _render_part(part: tuple) -> None:
    config_file, docs, built, nav_plan, settings, named, language, dev_serve, frame = part
    with mkdocs_errors(str(config_file)):
        config = configured(config_file, docs, built, nav_plan, settings, named, language, dev_serve, frame)
    with mkdocs_errors("MkDocs"):
        mkdocs_build(config)


def _output_path(url: str) -> str:
    """The file MkDocs writes for a page at `url` (directory URLs)."""
    return "404.html" if url == NOTFOUND_URL else url.removeprefix("/") + "index.html"


def _render_key(config: MkDocsConfig, site_dir: Path, settings: Settings, editions: Sequence[Edition]) -> str:
    """All a page's file depends on besides the page: software, mkdocs.yml, theme, settings, nav, extra, editions.

    Not where the site folder is: the settings' images count by their place in it (cachefile.pickled).
    """
    custom_dir = config.theme.custom_dir
    theme_files = tree_digest(site_dir / "mkdocs.yml", *([Path(custom_dir)] if custom_dir else []))
    # Everything else _configure forces is in Haoren's code, which software_digest covers. The 404
    # pages' content (they list the newest stories) is read by the 404 pages only, rendered every time.
    extra = dict(config.extra)
    extra["haoren"] = {key: value for key, value in extra["haoren"].items()
                       if key not in ("notfound", "notfound_editions")}
    # An edition's converter has no faithful repr; what _stage takes from it is the site's name.
    named = [(edition.code, edition.prefix, edition.convert(settings.name)) for edition in editions]
    return digest(software_digest(), theme_files, pickled(settings, site_dir), config["nav"], extra,
                  config["site_url"], named)


def _page_key(render_key: str, page: GeneratedPage) -> str:
    """The fingerprint of a page's file: the render key and every field of the page."""
    return hashlib.blake2b(render_key.encode() + b"\0" + page.fingerprint, digest_size=20).hexdigest()


def _extra_key(content: bytes | Path) -> str:
    """Bytes by their digest; a file by its identity on disk (device, inode, size, mtime), so the same
    key means the same bytes: a kept tree's file linked from it is that very file (publish/kept.py).
    Not by its name: the search index's entry and script keep theirs when their content changes."""
    if isinstance(content, bytes):
        return bytes_key(content)
    status = os.stat(content)
    return f"file:{Path(content).name}:{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"


def _add_extras(tree: TreeUpdate, extras: Mapping[str, bytes | Path], keys: Mapping[str, str],
                edition_notfound: Iterable[str] = ()) -> None:
    """Each extra file in `tree`, written only where the tree does not hold it already (by `keys`)."""
    for name, content in sorted(extras.items()):
        if tree.holds(name, keys[name]):
            continue
        target = tree.clear(name)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            link_or_copy(content, target)
    for page in ("404.html", *edition_notfound):
        if not tree.made(page):
            raise PublishError(f"MkDocs wrote no {page}; is the theme 'material' with our custom_dir, "
                               f"and is theme/{page} there (copy it from Haoren's sample site)?")
