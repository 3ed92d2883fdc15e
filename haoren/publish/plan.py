"""The incremental plan of a build: one fingerprint of all its inputs, and whether site/ already shows them."""

from __future__ import annotations

import os
from pathlib import Path

from haoren.model.site import Site
from haoren.publish.fingerprint import digest, software_digest, tree_digest
from haoren.publish.manifest import Manifest, Unusable, read_manifest
from haoren.publish.swap import FolderBusy, remove_leftovers
from haoren.publish.treewalks import WalkedTrees
from haoren.render.media import shown_images


def clock_decisions(site: Site) -> str:
    """Everything the build clock decided in the model, and nothing else of the clock.

    build_site reads the clock only to choose the published stories, the published honorees and
    the honors already due, and the stage of each campaign; a campaign page's lastmod steps on
    the same dates as its stage. Two clocks with the same decisions give the same site.
    """
    return digest(
        tuple(story.slug for story in site.stories),
        tuple((honoree.id, honoree.honors) for honoree in site.honorees),
        tuple((view.campaign.id, view.stage) for view in site.campaigns),
    )


def build_key(content_key: str, site: Site, site_dir: Path, theme_dirs: tuple[Path, ...], dev_serve: bool) -> str:
    """All the inputs of a build: the content (files and the code that checked them), the clock's
    decisions, the images shown (they may live outside the content folders), mkdocs.yml, the theme,
    the software and its packages, and the preview switch."""
    images = sorted({image.source for image in shown_images(site)})
    return digest(
        content_key, clock_decisions(site), software_digest(), dev_serve,
        tree_digest(site_dir / "mkdocs.yml", site_dir / "theme", *theme_dirs),
        # By their place in the site folder, as everything else here: a moved folder is the same build.
        [(str(path.relative_to(site_dir) if path.is_relative_to(site_dir) else path), *_identity(path))
         for path in images],
    )


def last_published(out_dir: Path) -> Manifest | None:
    """The manifest of what `out_dir` holds; None when there is none to build upon. Its files are
    compared with the folder's when it is used (`up_to_date`, or publish's Carry), not here."""
    try:
        return read_manifest(out_dir, check_files=False)
    except Unusable:
        return None


def up_to_date(out_dir: Path, key: str, last: Manifest | None, walked: WalkedTrees | None = None) -> bool:
    """True when `out_dir` holds exactly what the last build published (`last`), from these very inputs
    (its files are compared unless `walked` found them as listed, publish/treewalks.py).

    Then nothing is written, but what killed builds left beside it is removed all the same.
    """
    if last is None or last.build != key:
        return False
    try:
        # Its files are still the ones it lists.
        read_manifest(out_dir, last, walked=walked and walked.confirmed(out_dir))
    except Unusable:
        return False
    try:
        remove_leftovers(out_dir)
    except FolderBusy:
        return False  # another build is publishing right now: build, and let the lock say so
    return True


def _identity(path: Path) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (-1, -1)
    return (status.st_size, status.st_mtime_ns)
