"""docs/editor-guide.md shows real output: its commands print what it says, its problem lines are what check prints.

Every `path:line: field: message` line the guide quotes for a file of the sample site has a
recipe here (the mistake that makes it); each group of recipes is applied to a copy of the sample
site and `build.py check` must print exactly the guide's lines for that group. Console blocks
(```console, lines starting with `$ `) are run against a copy and must print what follows them,
where `…` stands for any text (a temporary folder).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

import build

from .sample_site import CLOCK_AND_DEBUG, REPOSITORY, copy_sample_site, run_build_py

GUIDE = REPOSITORY / "docs" / "editor-guide.md"
PROBLEM_LINE = re.compile(r"(?:stories|honorees|content)/[^\s:`]+\.(?:yml|md):\d+: [^`\n]+")
CONSOLE = re.compile(r"```console\n(.*?)```", re.DOTALL)
NOW = "2024-01-01 00:00"


@dataclass(frozen=True)
class Example:
    """A mistake made to a copy of the sample site, and the lines the guide says check prints for it."""

    group: int  # examples of one group are made together and checked in one run
    edits: tuple[tuple[str, str, str], ...]  # (path, old text, new text); old "" appends, new None deletes
    lines: tuple[str, ...]


HONGMAJIA = "stories/2020/li-jianguo-hongmajia.md"
LI_JIANGUO = "honorees/people/li-jianguo.yml"
BODY_END = "但一趟都不能少。”\n"
EXAMPLES = (
    Example(1, (("honorees/people/zhou-yutong.yml", ", guardian: true}", "}"),), (
        "honorees/people/zhou-yutong.yml:17: consent.guardian: a minor needs a guardian's consent: write "
        "guardian: true",)),
    Example(1, ((LI_JIANGUO, "photo: true, date", "photo: false, date"),), (
        "honorees/people/li-jianguo.yml:26: consent.photo: a photo needs consent.photo: true",)),
    Example(1, ((HONGMAJIA, BODY_END, BODY_END + "\n如需帮助请拨打13812345678。\n\n\n\n他住在幸福小区3号楼2单元501室。\n"),), (
        "stories/2020/li-jianguo-hongmajia.md:26: body: contains a mobile phone number \"138****5678\"; personal "
        "phone numbers must not be published (only the office's own number, in a campaign's notice.contact or "
        "the footer contact)",
        "stories/2020/li-jianguo-hongmajia.md:30: body: contains an exact home address \"*号楼*单元***室\"; give at "
        "most the street and community or village, never building, unit or room",
    )),
    Example(1, (("honorees/people/wang-dehou.yml", "\nsummary:", "\nsumary:"),), (
        'honorees/people/wang-dehou.yml:6: sumary: unknown field (did you mean "summary"?)',
        "honorees/people/wang-dehou.yml:2: summary: is required",
    )),
    Example(1, (("honorees/groups/zheng-deming-jiating.yml", "district: 高密市", "district: 高密县"),), (
        'honorees/groups/zheng-deming-jiating.yml:8: district: "高密县" is not a district of this site '
        '(did you mean "高密市"?)',)),
    Example(1, ((LI_JIANGUO, "award: 最美志愿者,", "award: 最美志愿者者,"),), (
        'honorees/people/li-jianguo.yml:21: honors[0].award: campaign "kangyi-zuimei-zhiyuanzhe" has no award '
        '"最美志愿者者" (did you mean "最美志愿者"?)',)),
    Example(1, ((HONGMAJIA, "topics: [kangyi-wenming-gushi]", "topics: [kangyi-wenming-gushis]"),), (
        'stories/2020/li-jianguo-hongmajia.md:7: topics[0]: no topic "kangyi-wenming-gushis" (did you mean '
        '"kangyi-wenming-gushi"?)',)),
    Example(1, (("stories/2020/zheng-deming-jiating.md", "cover_alt: 示例图片：暖色背景上的房屋和爱心图案，以及“孝老爱亲 · 家和万兴”字样\n",
                 ""),), (
        "stories/2020/zheng-deming-jiating.md:11: cover_alt: is required with cover: describe the picture for "
        "readers who cannot see it",)),
    Example(1, (("stories/2021/zhiyuan-fuwu-zhinan-caogao.md", "draft: true", "draft: yes"),), (
        'stories/2021/zhiyuan-fuwu-zhinan-caogao.md:8: draft: "yes" is ambiguous: write true or false',)),
    Example(1, ((LI_JIANGUO, "birth: 1958", "birth: 1958-06-12"),), (
        'honorees/people/li-jianguo.yml:12: birth: "1958-06-12" is a full date: write YYYY or YYYY-MM, never a '
        "full birth date",)),
    Example(1, (("content/redirects.yml", "", "# 旧网址 → 新网址\n- {from: /stories/han-yumei-aixin-zaocan/, to: /stories/}\n"),), (
        'content/redirects.yml:2: redirects[0].from: "/stories/han-yumei-aixin-zaocan/" is a current address '
        "(stories/2020/han-yumei-aixin-zaocan.md); a redirect would hide it",)),
    Example(1, (("honorees/people/yang-shulin.yml", "\ncategory: 见义勇为\n", "\nkind: person\ncategory: 见义勇为\n"),), (
        'honorees/people/yang-shulin.yml:4: kind: duplicate key "kind" (first at line 3)',)),
    Example(1, (("content/site.yml", "  icp: 鲁ICP备00000000号-1（示例）\n", ""),), (
        "content/site.yml:11: footer.icp: a site hosted in mainland China must show its ICP 备案号",)),
    Example(1, ((LI_JIANGUO, "headline: 六旬", "headline: 🧿六旬"),), (
        'honorees/people/li-jianguo.yml:5: headline: the font has no glyph for "🧿"',)),
    Example(1, (("honorees/people/liu-haitao.yml", "    period: 2020-05\n", "    period: 2020-13\n"),), (
        'honorees/people/liu-haitao.yml:24: honors[0].period: "2020-13" is not a month (YYYY-MM, YYYY-Qn or YYYY)',)),
    Example(1, (("honorees/people/chen-zhigang.yml", "\nkind: person\n", "\nkind：person\n"),), (
        'honorees/people/chen-zhigang.yml:3: yaml: full-width colon "：" (全角冒号) after kind; write an ASCII '
        'colon and a space: "kind: person"',)),
    Example(1, (("stories/2021/xiyanghong-xueleifeng.md", "tags: [学雷锋, 志愿服务]", "tags: [学雷锋，志愿服务]"),
                ("stories/2021/xiyanghong-xueleifeng.md", "date: 2021-03-05", "date: 2021-02-29")), (
        'stories/2021/xiyanghong-xueleifeng.md:4: date: "2021-02-29" is not a valid date: February 2021 has '
        "28 days",
        'stories/2021/xiyanghong-xueleifeng.md:8: tags[0]: "学雷锋，志愿服务" holds a full-width comma "，"; '
        "separate list items with an ASCII comma and a space: [学雷锋, 志愿服务]",
    )),
    Example(2, ((HONGMAJIA, BODY_END, BODY_END + "\n<script>alert(1)</script>\n"),
                (HONGMAJIA, "title: 李建国", "title: 🧿李建国")), (
        'stories/2020/li-jianguo-hongmajia.md:3: title: the font has no glyph for "🧿"',
        "stories/2020/li-jianguo-hongmajia.md:26: body: <script> is not allowed in the text",
    )),
    Example(2, ((HONGMAJIA, "</script>\n", "</script>\n\n![李建国在卡口值守](photos/kakou.jpeg)\n"),), (
        'stories/2020/li-jianguo-hongmajia.md:28: body: "photos/kakou.jpeg" does not exist',)),
    Example(3, (("stories/2020/zhao-minghui-chengxin-shouliang.md", "", None),
                ("stories/2020/zhao-minghui.md", "", "@stories/2020/zhao-minghui-chengxin-shouliang.md"),
                ("content/redirects.yml", "", "- {from: /stories/zhinan/, to: /stories/zhiyuan-fuwu-zhinan-caogao/}\n")), (
        'content/published.yml:35: published: "/stories/zhao-minghui-chengxin-shouliang/" was published and this '
        'content would remove it; the story "赵明辉：收粮二十年，秤准价公款清" is now at /stories/zhao-minghui/; '
        "add {from: /stories/zhao-minghui-chengxin-shouliang/, to: /stories/zhao-minghui/} to "
        "content/redirects.yml so old links keep working",
        'content/redirects.yml:1: redirects[0].to: "/stories/zhiyuan-fuwu-zhinan-caogao/" is a draft story, so '
        "readers would find nothing there; point to a published address",
    )),
)


def guide_problem_lines() -> set[str]:
    """Lines naming a sample file (or the redirects file a sample copy gets); `a.yml`-style ones are sketches."""
    lines = {match.group().rstrip() for match in PROBLEM_LINE.finditer(GUIDE.read_text(encoding="utf-8"))}
    return {line for line in lines
            if (REPOSITORY / line.split(":")[0]).exists() or line.startswith("content/redirects.yml:")}


def apply(site: Path, edits: tuple[tuple[str, str, str | None], ...]) -> None:
    for rel, old, new in edits:
        path = site / rel
        if new is None:
            path.unlink()
        elif new.startswith("@"):
            path.write_bytes((REPOSITORY / new[1:]).read_bytes())
        elif not old:
            path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + new, encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{rel}: {old!r} must occur once"
            path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_problem_line_the_guide_shows_has_its_mistake_here():
    shown = guide_problem_lines()
    made = {line for example in EXAMPLES for line in example.lines}
    assert sorted(shown - made) == [], "lines in the guide that no example here makes"
    assert sorted(made - shown) == [], "examples here whose lines the guide no longer shows"


@pytest.mark.parametrize("group", sorted({example.group for example in EXAMPLES}))
def test_the_guides_problem_lines_are_what_check_prints(group, tmp_path, capsys, monkeypatch):
    for variable in CLOCK_AND_DEBUG:
        monkeypatch.delenv(variable, raising=False)
    site = copy_sample_site(tmp_path / "site")
    examples = [example for example in EXAMPLES if example.group == group]
    for example in examples:
        apply(site, example.edits)
    status = build.main(["check", "--site", str(site), "--now", NOW])
    printed = capsys.readouterr().err.splitlines()
    expected = sorted((line for example in examples for line in example.lines), key=sort_key)
    assert status == 1
    assert printed[:-1] == expected
    assert printed[-1] == f"{len(expected)} problem{'s' if len(expected) > 1 else ''} found; nothing was published."


def sort_key(line: str) -> tuple[str, int, str]:
    path, number, rest = line.split(":", 2)
    return path, int(number), rest


def console_examples() -> list[tuple[str, str]]:
    """(command, what it prints) for every `$ ` line of the guide's console blocks."""
    examples = []
    for block in CONSOLE.findall(GUIDE.read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


@pytest.mark.parametrize(("command", "output"), console_examples())
def test_the_guides_commands_print_what_it_says(command, output, tmp_path):
    words = shlex.split(command.split("  #")[0])
    assert words[:2] == [".venv/bin/python", "build.py"], command
    site = copy_sample_site(tmp_path / "site")
    done = run_build_py(*words[2:], "--site", site, cwd=tmp_path)
    pattern = "".join(".*?" if part == "…" else re.escape(part) for part in re.split("(…)", output))
    assert re.fullmatch(pattern, done.stdout + done.stderr, re.DOTALL), done.stdout + done.stderr
