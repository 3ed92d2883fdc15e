"""The glyph check at validation: every text a card or poster draws is in the font, or its line is named."""

from __future__ import annotations

from pathlib import Path

from haoren.clock import read_clock
from haoren.drawing.fonts import find_cjk_font
from haoren import pipeline
from haoren.validate import checkcache, glyphs

from ..sample_site import run_build_py
from ..site_folder import CAMPAIGN, PERSON, SETTINGS, STORY, TOPIC, problems, write_site

EVIL_EYE = "\U0001f9ff"  # 🧿: Noto Sans CJK has no glyph for it


def test_a_story_title_the_font_cannot_draw_is_named_with_its_line(tmp_path):
    story = STORY.replace("title: 标题", f"title: 好人{EVIL_EYE}")
    assert problems(tmp_path, {"stories/a.md": story}) == [
        f'stories/a.md:2: title: the font has no glyph for "{EVIL_EYE}"',
    ]


def test_every_drawn_field_is_checked(tmp_path):
    person = (PERSON.replace("name: 张三", f"name: 张三{EVIL_EYE}")
              .replace("headline: 跳入", f"headline: {EVIL_EYE}跳入")
              .replace("自己却被冻伤。", f"自己却被冻伤。{EVIL_EYE}")
              .replace("title: 潍坊好人", "title: 潍坊好人😀"))
    settings = (SETTINGS.replace("name: 测试好人网", f"name: 测试{EVIL_EYE}好人网")
                .replace("organizer: 测试市文明办", f"organizer: 测试市文明办{EVIL_EYE}"))
    assert problems(tmp_path, {
        "content/site.yml": settings,
        "honorees/zhang.yml": person,
        "content/campaigns/c.yml": CAMPAIGN.replace("title: 抗击", f"title: {EVIL_EYE}抗击"),
        "content/topics/t.yml": TOPIC.replace("title: 抗疫", f"title: {EVIL_EYE}抗疫"),
    }) == [
        f'content/campaigns/c.yml:1: title: the font has no glyph for "{EVIL_EYE}"',
        f'content/site.yml:1: name: the font has no glyph for "{EVIL_EYE}"',
        f'content/site.yml:2: organizer: the font has no glyph for "{EVIL_EYE}"',
        f'content/topics/t.yml:1: title: the font has no glyph for "{EVIL_EYE}"',
        f'honorees/zhang.yml:1: name: the font has no glyph for "{EVIL_EYE}"',
        f'honorees/zhang.yml:4: headline: the font has no glyph for "{EVIL_EYE}"',
        f'honorees/zhang.yml:5: summary: the font has no glyph for "{EVIL_EYE}"',
        'honorees/zhang.yml:8: honors[0].title: the font has no glyph for "😀"',
    ]


def test_texts_that_are_never_drawn_may_hold_any_character(tmp_path):
    story = STORY.replace("summary: 摘要", f"summary: 摘要{EVIL_EYE}")
    story = story.replace("正文。", f"正文{EVIL_EYE}。")
    assert problems(tmp_path, {"stories/a.md": story}) == []


def test_an_invisible_character_is_named_by_its_code_point(tmp_path):
    story = STORY.replace("title: 标题", "title: 标\u200b题")
    assert ord("\u200b") not in find_cjk_font().codepoints
    assert problems(tmp_path, {"stories/a.md": story}) == [
        'stories/a.md:2: title: the font has no glyph for "U+200B"',
    ]


def test_build_py_check_fails_on_the_missing_glyph(tmp_path):
    story = STORY.replace("title: 标题", f"title: 好人{EVIL_EYE}")
    site = write_site(tmp_path / "site", {"stories/a.md": story})
    done = run_build_py("check", "--site", site)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f'stories/a.md:2: title: the font has no glyph for "{EVIL_EYE}"',
        "1 problem found; nothing was published.",
    ]


def test_without_the_font_one_problem_says_how_to_install_it(tmp_path, monkeypatch):
    missing = tmp_path / "NotoSansCJK-Bold.ttc"
    monkeypatch.setattr(glyphs, "find_cjk_font", lambda: find_cjk_font([missing]))
    story = STORY.replace("title: 标题", f"title: 好人{EVIL_EYE}")
    assert problems(tmp_path / "site", {"stories/a.md": story, "stories/b.md": story}) == [
        f"content/site.yml:1: font: no CJK font for share cards and posters: {missing} not found; "
        "install it with `apt-get install fonts-noto-cjk`",
    ]


def test_a_remembered_clean_check_is_redone_when_the_installed_font_changes(tmp_path, monkeypatch):
    site = write_site(tmp_path, {"stories/a.md": STORY})
    checks: list[Path] = []
    real = pipeline.check_site
    monkeypatch.setattr(pipeline, "check_site", lambda folder, *kept: checks.append(folder) or real(folder, *kept))
    pipeline.check(site, read_clock("2021-06-01"))
    pipeline.check(site, read_clock("2021-06-01"))
    assert checks == [site]  # unchanged: remembered
    monkeypatch.setattr(checkcache, "installed_fonts", lambda: "NotoSansCJK-Bold.ttc:missing")
    pipeline.check(site, read_clock("2021-06-01"))
    assert checks == [site, site]
