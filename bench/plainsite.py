"""The build baseline: the same published stories as a plain mkdocs-material docs folder, no plugins, short nav."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import yaml

PLAIN_CONFIG = """\
site_name: 好人（基线）
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
nav:
  - 首页: index.md
plugins: []
"""


def write_plain_site(site: Path, dest: Path, now: datetime) -> int:
    """Write `dest`/mkdocs.yml and `dest`/docs/ with one page per story `site` would publish; return the page count.

    Each page is the story's title as a heading followed by its Markdown body, as written.
    """
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs" / "stories"
    docs.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    pages = 0
    for slug, meta, body in published_stories(site, now):
        (docs / f"{slug}.md").write_text(f"# {meta['title']}\n\n{body}", encoding="utf-8")
        pages += 1
    (dest / "docs" / "index.md").write_text(f"# 好人（基线）\n\n{pages} 篇故事。\n", encoding="utf-8")
    return pages


def published_stories(site: Path, now: datetime) -> Iterator[tuple[str, dict, str]]:
    """Each story `site` would publish, as (slug, front matter, Markdown body), in file order.

    Published means what the content model says: not a draft and dated no later than `now`.
    """
    for path in sorted(site.glob("stories/**/*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.find("\n---", 4)
        meta = yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        if meta.get("draft") is True or _story_date(meta["date"]) > now:
            continue
        yield path.stem, meta, text[text.index("\n", end + 1) + 1:]


def _story_date(value: object) -> datetime:
    """`YYYY-MM-DD[ HH:MM]` as written (YAML may already have made a date of it), compared naively."""
    text = str(value)
    return datetime.strptime(text, "%Y-%m-%d %H:%M") if " " in text else datetime.strptime(text, "%Y-%m-%d")
