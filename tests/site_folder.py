"""Writes small site folders for the validation tests and reads back their problem lines."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from PIL import Image as PillowImage

from haoren.schema import Content
from haoren.validate.site import check_site

SETTINGS = """\
name: 测试好人网
organizer: 测试市文明办
base_url: https://haoren.example.cn
districts: [潍城区, 奎文区, 高密市]
mainland: false
iframe_hosts: [player.bilibili.com]
"""

STORY = """\
---
title: 标题
date: 2020-03-01
summary: 摘要
---

正文。
"""

PERSON = """\
name: 张三
kind: person
category: 助人为乐
headline: 跳入河中救起落水儿童
summary: 张三路过河边时看见一名儿童落水，立即跳入河中将其救起，自己却被冻伤。
district: 潍城区
honors:
  - {title: 潍坊好人, level: city, period: 2020-02}
consent: {publish: true, photo: false, date: 2020-03-01}
"""

ORGANIZATION = """\
name: 春雨义工服务队
kind: organization
headline: 常年组织义务献血
summary: 春雨义工服务队常年组织队员和市民参加义务献血，疫情期间组织近三十人献血。
district: 奎文区
registered: false
honors:
  - {title: 最佳志愿服务组织, level: city, period: 2020-05}
consent: {publish: true, photo: false, date: 2020-03-01}
"""

CAMPAIGN = """\
title: 抗击疫情最美志愿者评选
organizer: 测试市文明办
description: 评选说明。
targets:
  - {award: 最美志愿者, count: 200, kind: person}
  - {award: 最佳志愿服务组织, count: 50, kind: organization}
timeline:
  nomination: {start: 2020-03-20, end: 2020-04-20}
  notice: {start: 2020-05-06, end: 2020-05-12, contact: 0536-8888888}
  results: {date: 2020-05-20}
"""

TOPIC = """\
title: 抗疫中的文明故事
description: 专题说明。
"""


def write_site(root: Path, files: dict[str, str | None]) -> Path:
    """Write `files` (path → text, dedented; None leaves the file out) over a minimal valid settings file."""
    for rel, text in {"content/site.yml": SETTINGS, **files}.items():
        if text is not None:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dedent(text), encoding="utf-8")
    return root


def problems(root: Path, files: dict[str, str | None]) -> list[str]:
    """The problem lines a check of the site made of `files` prints, in order."""
    content, found = check_site(write_site(root, files))
    assert (content is None) == bool(found)
    return [str(problem) for problem in sorted(found)]


def content(root: Path, files: dict[str, str | None]) -> Content:
    """The Content of a site that must have no problem."""
    result, found = check_site(write_site(root, files))
    assert [str(problem) for problem in found] == []
    return result


def write_photo(path: Path, size: tuple[int, int] = (64, 48)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    PillowImage.new("RGB", size, (200, 30, 30)).save(path, "JPEG")
    return path


def replaced(text: str, *replacements: tuple[str, str], extra: str = "") -> str:
    """`text` with each (old, new) replaced (each old must be there), then `extra` appended."""
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text + extra
