"""The outside baseline: the same published stories as a Hugo site (Debian's `hugo`), with minimal layouts."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from .plainsite import _story_date, published_stories

HUGO_CONFIG = """\
baseURL = "https://bench.example/"
languageCode = "zh-cn"
title = "好人（Hugo 基线）"
hasCJKLanguage = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
# Hugo renders nothing without layouts: the least a page needs, so Hugo's figure is its render floor too.
LAYOUTS = {
    "_default/baseof.html": (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        "<body>{{ block \"main\" . }}{{ end }}</body></html>\n"
    ),
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n',
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
    ),
}


def write_hugo_site(site: Path, dest: Path, now: datetime) -> int:
    """Write a Hugo site folder at `dest` with one page per story `site` would publish; return the count."""
    if dest.exists():
        shutil.rmtree(dest)
    stories = dest / "content" / "stories"
    stories.mkdir(parents=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (dest / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / "layouts" / name).write_text(text, encoding="utf-8")
    pages = 0
    for slug, meta, body in published_stories(site, now):
        front = {"title": str(meta["title"]), "date": _story_date(meta["date"]).strftime("%Y-%m-%dT%H:%M:%S+08:00")}
        (stories / f"{slug}.md").write_text(f"{json.dumps(front, ensure_ascii=False)}\n\n{body}", encoding="utf-8")
        pages += 1
    return pages
