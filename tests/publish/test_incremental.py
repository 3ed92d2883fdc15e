"""Incremental builds: random edits, each followed by an incremental build, equal a cold build file for file."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haoren import pipeline
from haoren.clock import SHANGHAI

from ..sample_site import SAMPLE_PARTS, copy_sample_site, tree_hashes

START = datetime(2024, 1, 1, tzinfo=SHANGHAI)
PAST_SCHEDULED = datetime(2030, 1, 2, tzinfo=SHANGHAI)  # after stories/2030/haoren-bang-2029.md
RENAMABLE = ("han-yumei-aixin-zaocan", "chen-zhigang-mianfei-jiesong", "zhao-minghui-chengxin-shouliang")
WITHDRAWABLE = ("han-yumei", "chen-zhigang", "yang-shulin", "gao-shufen")
NEW_STORY = """\
---
title: {title}
date: {date}
summary: 一篇为测试增量构建而新加的文章。
kind: news
tags: [潍坊好人, 增量构建]
honorees: [han-yumei]
---

新加文章的正文，第{number}篇。
"""


class Edits:
    """One sample site being edited; each method is an edit an editor or a clock could make."""

    def __init__(self, site: Path):
        self.site = site
        self.now = START
        self.added = 0
        self.renamed: set[str] = set()

    def story(self, slug: str) -> Path:
        return next(self.site.glob(f"stories/**/{slug}.md"))

    def change_title(self, which: int) -> None:
        story = sorted(self.site.glob("stories/20[12]*/*.md"))[which % 15]
        text = story.read_text(encoding="utf-8")
        story.write_text(re.sub(r"(?m)^title: (.*)$", r"title: \1（改）", text, count=1), encoding="utf-8")

    def add_story(self, which: int) -> None:
        self.added += 1
        date = "2029-06-01 08:00" if which % 2 else f"2021-0{1 + which % 9}-15"
        path = self.site / "stories" / "2022" / f"zengliang-{self.added}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(NEW_STORY.format(title=f"新文章{self.added}", date=date, number=self.added), encoding="utf-8")

    def withdraw_consent(self, which: int) -> None:
        person = self.site / "honorees" / "people" / f"{WITHDRAWABLE[which % len(WITHDRAWABLE)]}.yml"
        text = person.read_text(encoding="utf-8")
        person.write_text(text.replace("consent: {publish: true", "consent: {publish: false"), encoding="utf-8")

    def move_clock(self, which: int) -> None:
        self.now = PAST_SCHEDULED

    def rename(self, which: int) -> None:
        slug = next((s for s in RENAMABLE[which % 3:] + RENAMABLE if s not in self.renamed), None)
        if slug is None:
            return
        self.renamed.add(slug)
        old = self.story(slug)
        old.rename(old.with_name(f"{slug}-gai.md"))
        redirects = self.site / "content" / "redirects.yml"
        before = redirects.read_text(encoding="utf-8") if redirects.exists() else ""
        line = f"- {{from: /stories/{slug}/, to: /stories/{slug}-gai/}}\n"
        redirects.write_text(before + line, encoding="utf-8")

    def change_template(self, which: int) -> None:
        # Ours (theme/haoren: the page content) or MkDocs' (theme/: the frame around every page).
        template = self.site / "theme" / ("haoren/story.html" if which % 2 else "partials/footer.html")
        template.write_text(template.read_text(encoding="utf-8") + f"\n<!-- 改 {which} -->\n", encoding="utf-8")

    def move_folder(self, which: int) -> None:
        # Another checkout, or a CI runner's numbered folder: the cache and site/ go with the content.
        self.site = self.site.rename(self.site.with_name(f"{self.site.name}-{which}"))

    def change_settings(self, which: int) -> None:
        settings_file = self.site / "content" / "site.yml"
        text = settings_file.read_text(encoding="utf-8")
        settings_file.write_text(re.sub(r"(?m)^description: .*$", f"description: 第{which}次修改的网站简介", text),
                                 encoding="utf-8")


EDIT_NAMES = ("change_title", "add_story", "withdraw_consent", "move_clock", "rename", "change_template",
              "change_settings", "move_folder")


def cold_build(site: Path, now: datetime, scratch: Path) -> Path:
    """The same site folder copied to a clean folder (no cache, no site/) and built from nothing."""
    clean = scratch / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    clean.mkdir()
    for part in SAMPLE_PARTS:
        source = site / part
        if source.is_dir():
            shutil.copytree(source, clean / part)
        elif source.exists():
            shutil.copy2(source, clean / part)
    pipeline.build(clean, now, clean / "site", incremental=False)
    return clean / "site"


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDIT_NAMES), st.integers(0, 20)), min_size=1, max_size=3))
def test_incremental_builds_equal_cold_builds(edits):
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        site = copy_sample_site(scratch / "site-folder")
        editor = Edits(site)
        pipeline.build(site, editor.now, site / "site")
        for name, which in edits:
            getattr(editor, name)(which)
            site = editor.site
            summary = pipeline.build(site, editor.now, site / "site")
            assert "Full build" not in summary  # it really was built upon the last site/
            assert built_tree(site / "site") == built_tree(cold_build(site, editor.now, scratch)), (name, which)


def test_a_moved_site_folder_is_built_upon_as_if_it_had_stayed(tmp_path, monkeypatch):
    # The content's images are absolute paths: kept in the check's cache, the page memo and the
    # settings' fingerprint as they were, a moved folder checked everything again and made every page.
    from haoren import render
    from haoren.render.pages import memo

    checked, made = [], []
    real_check, real_make = pipeline.check_site, memo.made_or_kept

    def counted_check(site_dir, *reused):
        checked.append(site_dir)
        return real_check(site_dir, *reused)

    def counted_make(r, page_memo, key, make):
        made.append(key)
        return real_make(r, page_memo, key, make)

    monkeypatch.setattr(pipeline, "check_site", counted_check)
    monkeypatch.setattr(memo, "made_or_kept", counted_make)
    monkeypatch.setattr(render.pages, "made_or_kept", counted_make)
    editor = Edits(copy_sample_site(tmp_path / "checkout-1"))
    pipeline.build(editor.site, editor.now, editor.site / "site")
    jobs = len(made)

    editor.move_folder(2)
    checked.clear(), made.clear()
    summary = pipeline.build(editor.site, editor.now, editor.site / "site")
    assert summary.startswith(f"Nothing changed since the last build; {editor.site / 'site'} is up to date")
    assert checked == []

    editor.change_title(0)
    summary = pipeline.build(editor.site, editor.now, editor.site / "site")
    rendered, carried = map(int, re.search(r"\((\d+) rendered, (\d+) unchanged\)", summary).groups())
    assert 0 < rendered < carried
    assert checked == [editor.site]
    # The story, its lists, neighbours and honorees, as without the move (70 of 216 jobs); not every page.
    # That the pages equal a cold build's, a move among other edits: test_incremental_builds_equal_cold_builds
    assert 0 < len(made) < jobs / 2


def built_tree(folder: Path) -> dict[str, str]:
    # Every file, both editions' search indexes included (they are deterministic: tests/publish/test_searchindex.py).
    return tree_hashes(folder)
