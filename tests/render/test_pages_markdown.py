"""Editors' Markdown renders to sanitized HTML, and texts that would stall the parser are refused by line."""

from __future__ import annotations

import pytest

from haoren.problems import ProblemsFound
from haoren.render.pages.markdown import MarkdownRenderer, render_many
from haoren.validate.mdcost import find_costly_markdown

from ..factories import at, make_content, make_honoree, make_story
from ..pagetools import pages_of, read

NOW = at("2020-06-01")


def render(text: str, hosts=("player.bilibili.com",)) -> str:
    return str(MarkdownRenderer(hosts).render(text))


def attribute_names(html: str) -> set[str]:
    return {name for e in read(html) for name in e["attrs"]}


def test_scripts_handlers_and_script_links_are_removed():
    html = render(
        '<script>alert(1)</script>\n\n<img src="x.jpg" onerror="alert(1)" alt="图">\n\n'
        '[点我](javascript:alert(1)) <a href="https://example.cn" onclick="steal()">链接</a>\n\n'
        '<div style="position:fixed">覆盖</div>'
    )
    assert "<script" not in html and "alert(1)</" not in html
    assert not {name for name in attribute_names(html) if name.startswith("on") or name == "style"}
    assert 'href="javascript' not in html
    assert '<a href="https://example.cn" rel="noopener">链接</a>' in html
    assert '<img src="x.jpg" alt="图" loading="lazy">' in html


def test_attribute_lists_stay_text_so_authors_cannot_add_attributes():
    html = render("段落 {: onclick=\"alert(1)\" }\n\n## 标题 {: #x onmouseover=y }")
    assert "onclick" not in attribute_names(html) and "onmouseover" not in attribute_names(html)


def test_iframes_only_from_the_listed_hosts():
    html = render(
        '<iframe src="https://player.bilibili.com/player.html?bvid=1"></iframe>\n\n'
        '<iframe src="https://evil.example.com/x"></iframe>\n\n<iframe src="http://player.bilibili.com/x"></iframe>'
    )
    frames = [e for e in read(html) if e["tag"] == "iframe"]
    assert [f["attrs"]["src"] for f in frames] == ["https://player.bilibili.com/player.html?bvid=1"]


def test_headings_get_unicode_anchors_and_tables_keep_their_alignment():
    html = render("## 先进事迹\n\n## 先进事迹\n\n| 姓名 | 时长 |\n|:--|--:|\n| 李 | 650 |\n")
    assert [e["attrs"]["id"] for e in read(html) if e["tag"] == "h2"] == ["先进事迹", "先进事迹_1"]
    assert '<td align="right">650</td>' in html


def test_links_become_absolute_for_feeds():
    html = str(MarkdownRenderer(base_url="https://haoren.example.cn/").render("[关于](/about/) ![图](a.jpg)"))
    assert 'href="https://haoren.example.cn/about/"' in html and 'src="https://haoren.example.cn/a.jpg"' in html


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("第一段\n\n" + "[a" * 2000, 2, "has too many '[' for the Markdown parser"),
        ("<http://x\n\n" * 400, 0, "has 400 '<' without a closing '>'"),
        ("正文\n" + "".join("  " * i + "- 项\n" for i in range(40)), 34, "nests too deep (indent 66"),
        ("> " * 20 + "引用", 0, "nests too deep (indent 0, quote depth 20)"),
        ("字" * 100_001, 0, "is 100,001 characters long"),
    ],
)
def test_costly_texts_are_refused_with_the_line_that_starts_the_trouble(text, line, message):
    [found] = find_costly_markdown(text)
    assert found.line == line and found.message.startswith(message)


def test_balanced_links_and_tags_of_a_long_article_pass_the_guard():
    text = "\n\n".join(f"第{n}段，见[报道](https://example.cn/{n})和<b>加粗</b>。" for n in range(2000))
    assert find_costly_markdown(text) == []


def test_a_refused_body_is_a_problem_of_its_file_and_line():
    content = make_content(
        stories=(make_story("ok"), make_story("bad", body="开头\n\n" + "[a" * 2000, body_line=9)),
        honorees=(make_honoree("deep", bio="> " * 20 + "引用"),),
    )
    with pytest.raises(ProblemsFound) as raised:
        pages_of(content, NOW)
    assert [str(p) for p in raised.value.problems] == [
        "honorees/deep.yml:1: bio: nests too deep (indent 0, quote depth 20); at most 64 columns and 16 '>'",
        "stories/bad.md:11: body: has too many '[' for the Markdown parser: close the brackets or write them as \\[",
    ]


def test_many_texts_render_the_same_in_one_process_or_several():
    texts = [f"## 第{n}篇\n\n正文<b>{n}</b> <script>x</script>" for n in range(450)] + ["[a" * 2000]
    serial = render_many(texts, workers=1)
    assert render_many(texts, workers=2) == serial
    assert serial[0] == '<h2 id="第0篇">第0篇</h2>\n<p>正文<b>0</b> </p>'
    assert serial[-1].message.startswith("has too many '['")


def test_runs_of_backticks_and_long_image_runs_are_refused_before_parsing():
    ticks = "``a`" * 20_000
    images = ("![a" + "x" * 200) * 490
    assert [c.message for c in find_costly_markdown(ticks)] == [
        "has too many '`' for the Markdown parser: close the code spans or write them as \\`"
    ]
    assert [c.message for c in find_costly_markdown(images)] == [
        "has too many '[' for the Markdown parser: close the brackets or write them as \\["
    ]


def test_a_line_break_between_chinese_characters_leaves_no_gap_but_code_keeps_its_lines():
    html = MarkdownRenderer().render("他先后组织近30人，\n参与义务献血。\nHello\nworld\n\n    代码\n    行\n")
    assert "<p>他先后组织近30人，参与义务献血。\nHello\nworld</p>" in html
    assert "代码\n行" in html
