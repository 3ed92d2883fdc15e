"""Raw HTML, links and attribute lists in Markdown texts: nothing that runs code or embeds an unlisted site."""

from __future__ import annotations

from haoren.validate.rawhtml import Unsafe, find_unsafe_html

from ..site_folder import CAMPAIGN, PERSON, problems


def messages(text: str, hosts: tuple[str, ...] = ("player.bilibili.com",)) -> list[tuple[int, str]]:
    return [(unsafe.line, unsafe.message) for unsafe in find_unsafe_html(text, hosts)]


def test_ordinary_markdown_and_harmless_html_pass():
    text = ("## 小标题\n\n他说：“3 < 5，a<b”。**加粗** <b>粗</b> <img src=\"a.jpg\" alt=\"图\">\n"
            "[链接](https://example.cn/a_(b)) [站内](/about/) {: .note }\n"
            '<iframe src="https://player.bilibili.com/player.html?bvid=1"></iframe>\n[ref]: https://example.cn\n')
    assert messages(text) == []


def test_forbidden_tags_each_on_their_line():
    text = "第一行\n<script>alert(1)</script>\n<STYLE>p{}</STYLE><object></object>\n<embed src=a>\n<form><base href=/>\n<meta http-equiv=refresh>"
    assert messages(text) == [
        (1, "<script> is not allowed in the text"),
        (2, "<style> is not allowed in the text"),
        (2, "<object> is not allowed in the text"),
        (3, "<embed> is not allowed in the text"),
        (4, "<form> is not allowed in the text"),
        (4, "<base> is not allowed in the text"),
        (5, "<meta> is not allowed in the text"),
    ]


def test_event_handler_attributes_and_code_urls_in_tags():
    text = '<img src=x onerror="alert(1)">\n<a href="java&#x09;script:alert(1)">x</a>\n<a href=" VBScript:x">y</a>'
    assert messages(text) == [
        (0, "the onerror attribute on <img> is not allowed (it runs code)"),
        (1, 'href="javascript:alert(1)" on <a> uses javascript:, which is not allowed'),
        (2, 'href="VBScript:x" on <a> uses vbscript:, which is not allowed'),
    ]


def test_code_urls_in_markdown_links_images_references_and_autolinks():
    text = "[点我](javascript:alert(1))\n![图](data:image/png;base64,AAAA)\n[ref]: vbscript:msgbox\n<javascript:alert(1)>"
    assert messages(text) == [
        (0, 'link "javascript:alert(1)" uses javascript:, which is not allowed'),
        (1, 'link "data:image/png;base64,AAAA" uses data:, which is not allowed'),
        (2, 'link "vbscript:msgbox" uses vbscript:, which is not allowed'),
        (3, 'link "javascript:alert(1)" uses javascript:, which is not allowed'),
    ]


def test_attribute_lists_cannot_add_handlers_or_code_urls():
    text = "段落\n{ onclick=\"alert(1)\" }\n[x](/a){: href='javascript:x' }"
    assert messages(text) == [
        (1, "the onclick attribute on { } is not allowed (it runs code)"),
        (2, 'href="javascript:x" on { } uses javascript:, which is not allowed'),
    ]


def test_iframes_only_from_the_allowed_hosts():
    text = '<iframe src="https://evil.example/x"></iframe>\n<iframe src="http://player.bilibili.com/x"></iframe>'
    assert messages(text) == [
        (0, '<iframe src="https://evil.example/x"> is not from an allowed host (allowed: player.bilibili.com)'),
        (1, '<iframe src="http://player.bilibili.com/x"> is not from an allowed host (allowed: player.bilibili.com)'),
    ]
    assert find_unsafe_html("<iframe src=https://player.bilibili.com/x>", ()) == [
        Unsafe(0, '<iframe src="https://player.bilibili.com/x"> is not from an allowed host '
                  "(allowed: none: the settings list no iframe_hosts)"),
    ]


def test_problems_in_a_story_body_name_the_file_line(tmp_path):
    story = "---\ntitle: 标题\ndate: 2020-03-01\nsummary: 摘要\n---\n\n正文。\n\n<script>alert(1)</script>\n"
    assert problems(tmp_path, {"stories/a.md": story}) == ["stories/a.md:9: body: <script> is not allowed in the text"]


def test_markdown_fields_are_checked_too(tmp_path):
    files = {
        "honorees/a.yml": PERSON + "bio: |\n  第一段。\n\n  <a onclick=\"x()\">第三行</a>\n",
        "content/campaigns/c.yml": CAMPAIGN.replace("description: 评选说明。", "description: '[x](javascript:void)'"),
    }
    assert problems(tmp_path, files) == [
        'content/campaigns/c.yml:3: description: link "javascript:void" uses javascript:, which is not allowed',
        "honorees/a.yml:13: bio: the onclick attribute on <a> is not allowed (it runs code)",
    ]


def test_markup_the_html_reader_chokes_on_is_a_problem_with_its_line_not_a_crash():
    from haoren.validate.rawhtml import find_unsafe_html

    found = find_unsafe_html("第一段。\n\n<![图](a.jpg)\n")
    assert [(u.line, u.message) for u in found] == [
        (2, 'has markup the HTML reader cannot follow (such as "<!["); write "<" as &lt;')
    ]
