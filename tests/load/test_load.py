"""Loading a site folder: which files become documents, their lines, and every loader problem."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from haoren.load import documents as load
from haoren.load.documents import LineList, LineMap, load_site, load_yaml
from haoren.problems import ProblemsFound

SETTINGS = "name: 潍坊好人\n"


def make_site(root: Path, files: dict[str, str | bytes], settings: bool = True) -> Path:
    if settings:
        files = {"content/site.yml": SETTINGS, **files}
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def problem_lines(root: Path) -> list[str]:
    return [str(p) for p in load_site(root)[1]]


def yaml_problems(text: str, first_line: int = 1) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        load_yaml(text, "a.yml", first_line)
    return [str(p) for p in caught.value.problems]


# --- which files are read -------------------------------------------------------------


def test_each_folder_gives_its_kind_sorted_by_path(tmp_path):
    site = make_site(
        tmp_path,
        {
            "stories/2020/liu.md": "---\ntitle: 好人\n---\n正文\n",
            "stories/a.md": "---\ntitle: A\n---\n",
            "honorees/2020/liu-haitao.yml": "name: 刘海涛\n",
            "content/campaigns/kangyi.yml": "title: 评选\n",
            "content/topics/zhiyuan.yml": "title: 专题\n",
            "content/pages/help/faq.md": "---\ntitle: 常见问题\n---\n",
            "content/redirects.yml": "- {from: /a/, to: /b/}\n",
            "stories/2020/liu.jpg": b"\xff\xd8\xff",
            "honorees/README.txt": "说明",
            "content/campaigns/old/2019.yml": "title: 旧\n",
        },
    )
    documents, problems = load_site(site)
    assert problems == []
    assert [(d.rel, d.kind) for d in documents] == [
        ("content/campaigns/kangyi.yml", "campaign"),
        ("content/pages/help/faq.md", "page"),
        ("content/redirects.yml", "redirects"),
        ("content/site.yml", "settings"),
        ("content/topics/zhiyuan.yml", "topic"),
        ("honorees/2020/liu-haitao.yml", "honoree"),
        ("stories/2020/liu.md", "story"),
        ("stories/a.md", "story"),
    ]
    assert documents[5].path == (tmp_path / "honorees/2020/liu-haitao.yml").absolute()
    assert documents[5].data == {"name": "刘海涛"}


def test_missing_settings_file_is_a_problem(tmp_path):
    site = make_site(tmp_path, {"stories/a.md": "---\ntitle: A\n---\n"}, settings=False)
    assert problem_lines(site) == ["content/site.yml:1: file: missing: every site needs its settings file"]


def test_yaml_and_markdown_extensions_must_be_renamed(tmp_path):
    site = make_site(
        tmp_path,
        {
            "honorees/a.yaml": "name: A\n",
            "stories/b.markdown": "---\n---\n",
            "content/topics/c.YML": "title: C\n",
        },
    )
    documents, problems = load_site(site)
    assert [str(p) for p in problems] == [
        "content/topics/c.YML:1: file: rename to .yml; other extensions are not read",
        "honorees/a.yaml:1: file: rename to .yml; other extensions are not read",
        "stories/b.markdown:1: file: rename to .md; other extensions are not read",
    ]
    assert [d.rel for d in documents] == ["content/site.yml"]


def test_symlinked_file_is_a_problem_and_not_read(tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text("name: 秘密\n", encoding="utf-8")
    site = make_site(tmp_path / "site", {"honorees/real.yml": "name: A\n"})
    (site / "honorees/link.yml").symlink_to(outside)
    (site / "stories").mkdir()
    (site / "stories/photo.jpg").symlink_to(outside)
    documents, problems = load_site(site)
    assert [str(p) for p in problems] == [
        "honorees/link.yml:1: file: symbolic links are not allowed; put the real file or folder here",
        "stories/photo.jpg:1: file: symbolic links are not allowed; put the real file or folder here",
    ]
    assert [d.rel for d in documents] == ["content/site.yml", "honorees/real.yml"]


def test_symlinked_folder_is_a_problem_and_not_followed(tmp_path):
    elsewhere = make_site(tmp_path / "elsewhere", {"x.md": "---\ntitle: X\n---\n"}, settings=False)
    site = make_site(tmp_path / "site", {})
    (site / "stories").mkdir()
    (site / "stories/2020").symlink_to(elsewhere, target_is_directory=True)
    (site / "honorees").symlink_to(elsewhere, target_is_directory=True)
    documents, problems = load_site(site)
    assert [str(p) for p in problems] == [
        "honorees:1: file: symbolic links are not allowed; put the real file or folder here",
        "stories/2020:1: file: symbolic links are not allowed; put the real file or folder here",
    ]
    assert [d.rel for d in documents] == ["content/site.yml"]


def test_file_name_that_is_not_utf8_is_a_problem(tmp_path):
    site = make_site(tmp_path, {})
    (site / "stories").mkdir()
    (site / "stories" / os.fsdecode(b"\xc1\xf5.md")).write_text("---\ntitle: A\n---\n", encoding="utf-8")
    assert problem_lines(site) == [
        "stories/\ufffd\ufffd.md:1: file: the file name is not UTF-8; rename the file"
    ]


# --- bytes and text ---------------------------------------------------------------------


def test_bytes_that_are_not_utf8_report_the_line(tmp_path):
    gbk = b"name: A\r\nkind: person\r\nheadline: " + "好人".encode("gbk")
    site = make_site(tmp_path, {"honorees/a.yml": gbk})
    assert problem_lines(site) == ["honorees/a.yml:3: file: not UTF-8 (byte 0xBA); save the file as UTF-8"]


def test_bom_is_dropped_and_crlf_lines_count_like_lf(tmp_path):
    text = "\ufeff---\r\ntitle: 标题\r\nsummary: 摘要\r\n---\r\n正文第一行\r\n第二行\r\n"
    site = make_site(tmp_path, {"stories/a.md": text.encode("utf-8")})
    documents, problems = load_site(site)
    story = documents[1]
    assert problems == []
    assert story.data == {"title": "标题", "summary": "摘要"}
    assert story.data.key_lines == {"title": 2, "summary": 3}
    assert story.body == "正文第一行\n第二行\n"
    assert story.body_line == 5


def test_control_character_is_a_problem_at_its_line():
    assert yaml_problems("name: A\nkind: \x07person\n") == [
        "a.yml:2: yaml: control characters are not allowed (U+0007)"
    ]


def test_line_separator_inside_a_value_does_not_shift_later_lines():
    data = load_yaml('summary: "一\u2028二"\nname: 刘\n', "a.yml")
    assert data.key_lines == {"summary": 1, "name": 2}


# --- strict YAML ------------------------------------------------------------------------


def test_scalars_stay_text_as_written():
    text = "a: no\nb: 012345\nc: 1.10\nd: 2020-02-30\ne: true\nf: 2020-03-01 08:00\ng: [1, yes]\n"
    data = load_yaml(text, "a.yml")
    assert data == {
        "a": "no",
        "b": "012345",
        "c": "1.10",
        "d": "2020-02-30",
        "e": "true",
        "f": "2020-03-01 08:00",
        "g": ["1", "yes"],
    }


def test_plain_nulls_are_none_and_quoted_null_is_text():
    data = load_yaml("a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: 'null'\ng: \"~\"\nh: ''\n", "a.yml")
    assert data == {"a": None, "b": None, "c": None, "d": None, "e": None, "f": "null", "g": "~", "h": ""}


def test_anchors_and_aliases_are_refused_at_their_lines():
    assert yaml_problems("name: &n 刘\nheadline: 好人\nsummary: *n\n") == [
        "a.yml:1: yaml: anchors and aliases are not allowed",
        "a.yml:3: yaml: anchors and aliases are not allowed",
    ]
    assert yaml_problems("summary: *n\n") == ["a.yml:1: yaml: anchors and aliases are not allowed"]


def test_alias_bomb_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    assert len(yaml_problems(bomb)) == 9


def test_duplicate_key_reports_the_second_line_and_the_path(tmp_path):
    text = "name: 刘\nhonors:\n  - title: 潍坊好人\n    title: 山东好人\n    level: city\n"
    site = make_site(tmp_path, {"honorees/a.yml": text})
    assert problem_lines(site) == [
        'honorees/a.yml:4: honors[0].title: duplicate key "title" (first at line 3)'
    ]
    assert yaml_problems("name: A\nname: B\n") == ['a.yml:2: name: duplicate key "name" (first at line 1)']


def test_keys_must_be_text():
    assert yaml_problems("name: A\n? [a, b]\n: c\n~: d\n") == [
        "a.yml:2: yaml: a key must be text, not a list or mapping",
        "a.yml:4: yaml: a key must be text, not null",
    ]


def test_tags_are_refused():
    assert yaml_problems("name: !!python/object/apply:os.system [ls]\nkind: !person p\n") == [
        'a.yml:1: yaml: tag "!!python/object/apply:os.system" is not allowed; write plain text',
        'a.yml:2: yaml: tag "!person" is not allowed; write plain text',
    ]


def test_syntax_error_reports_the_line_of_its_mark():
    assert yaml_problems("name: 刘\nheadline: 好人\n  summary: 摘要\n") == [
        'a.yml:3: yaml: "summary: 摘要" is indented further than the line above; fields of one mapping start '
        "in the same column"
    ]


def test_second_document_in_a_yaml_file_is_refused():
    assert yaml_problems("name: A\n---\nname: B\n") == [
        'a.yml:2: yaml: one document per file; remove this "---" line'
    ]


def test_top_level_must_be_a_mapping(tmp_path):
    site = make_site(tmp_path, {"honorees/a.yml": "- 刘\n- 王\n", "content/topics/b.yml": "一句话\n"})
    assert problem_lines(site) == [
        "content/topics/b.yml:1: yaml: the top level must be a mapping of keys to values, not text",
        "honorees/a.yml:1: yaml: the top level must be a mapping of keys to values, not a list",
    ]


def test_empty_yaml_is_an_empty_mapping():
    assert load_yaml("# 只有注释\n", "a.yml") == {}


def test_nesting_deeper_than_the_cap_is_a_problem():
    nested = "a: " + "[" * 33 + "]" * 33 + "\n"
    assert yaml_problems(nested) == ["a.yml:1: yaml: nested deeper than 32 levels"]
    assert load_yaml("a: " + "[" * 31 + "]" * 31 + "\n", "a.yml")["a"] is not None


def test_pathological_nesting_is_a_problem_not_a_crash():
    flow = yaml_problems("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    block = yaml_problems("- " * 100_000 + "x\n")
    problems = flow + block
    assert [p.split(": ", 1)[0] for p in problems] == ["a.yml:1", "a.yml:1"]


def test_yaml_over_one_mib_is_a_problem(tmp_path):
    big = "bio: " + "好" * 350_000 + "\n"  # 1,050,006 bytes
    site = make_site(tmp_path, {"honorees/a.yml": big})
    assert problem_lines(site) == ["honorees/a.yml:1: file: larger than 1 MiB"]
    assert yaml_problems(big, first_line=2) == ["a.yml:2: file: YAML larger than 1 MiB"]


def test_markdown_over_five_mib_is_a_problem(tmp_path):
    site = make_site(tmp_path, {"stories/a.md": "---\ntitle: A\n---\n" + "字" * 1_800_000})
    assert problem_lines(site) == ["stories/a.md:1: file: larger than 5 MiB"]


# --- lines ------------------------------------------------------------------------------


def test_every_key_and_item_has_its_line():
    text = "name: 刘\n\nhonors:\n  # 第一项\n  - title: 潍坊好人\n    level: city\n  - title: 好人\n"
    data = load_yaml(text, "a.yml", first_line=5)
    assert data.line == 5
    assert data.key_lines == {"name": 5, "honors": 7}
    honors = data["honors"]
    assert isinstance(honors, LineList) and isinstance(honors[1], LineMap)
    assert honors.item_lines == [9, 11]
    assert (honors.line_of(1), honors.line_of(7)) == (11, honors.line)
    assert (honors[0].line, honors[0].line_of("level"), honors[0].line_of("period")) == (9, 10, 9)


# --- front matter -----------------------------------------------------------------------


def test_front_matter_lines_are_lines_of_the_markdown_file(tmp_path):
    text = "---\ntitle: 标题\ntitle: 又一个\n---\n正文\n"
    site = make_site(tmp_path, {"stories/a.md": text})
    assert problem_lines(site) == ['stories/a.md:3: title: duplicate key "title" (first at line 2)']


def test_body_starts_after_the_closing_line(tmp_path):
    site = make_site(tmp_path, {"content/pages/about.md": "---\ntitle: 关于\nsummary: 简介\n...\n\n# 关于\n"})
    page = load_site(site)[0][0]
    assert (page.body, page.body_line) == ("\n# 关于\n", 5)


def test_front_matter_must_open_and_close(tmp_path):
    site = make_site(tmp_path, {"stories/a.md": "title: 标题\n正文\n", "stories/b.md": "---\ntitle: 标题\n"})
    assert problem_lines(site) == [
        'stories/a.md:1: file: must start with a "---" line opening the front matter',
        'stories/b.md:1: file: the front matter opened at line 1 has no closing "---" line',
    ]


# --- redirects --------------------------------------------------------------------------


def test_redirects_are_a_list_under_one_key(tmp_path):
    text = "# 旧地址\n- from: /stories/old/\n  to: /stories/new/\n"
    site = make_site(tmp_path, {"content/redirects.yml": text})
    redirects = load_site(site)[0][0]
    assert redirects.data == {"redirects": [{"from": "/stories/old/", "to": "/stories/new/"}]}
    assert redirects.data.line_of("redirects") == 2
    assert redirects.data["redirects"][0].line_of("to") == 3


def test_redirects_as_a_mapping_is_a_problem(tmp_path):
    site = make_site(tmp_path, {"content/redirects.yml": "/stories/old/: /stories/new/\n"})
    assert problem_lines(site) == [
        "content/redirects.yml:1: yaml: the top level must be a list, not a mapping"
    ]


# --- every problem, never a traceback ----------------------------------------------------


def test_every_broken_file_is_reported_in_one_run(tmp_path):
    broken = {"honorees/a.yml": "name: [\n", "honorees/b.yml": "name: &x A\n"}
    site = make_site(tmp_path, {**broken, "honorees/c.yml": "name: C\n"})
    documents, problems = load_site(site)
    assert [p.path for p in problems] == ["honorees/a.yml", "honorees/b.yml"]
    assert [d.rel for d in documents] == ["content/site.yml", "honorees/c.yml"]


def test_unexpected_error_becomes_one_problem_of_that_file(tmp_path, monkeypatch):
    site = make_site(tmp_path, {"honorees/a.yml": "name: A\n"})
    real_read = load._read

    def read(path: Path, limit: int) -> bytes | None:
        if path.name == "a.yml":
            raise PermissionError(13, "Permission denied")
        return real_read(path, limit)

    monkeypatch.setattr(load, "_read", read)
    assert problem_lines(site) == [
        "honorees/a.yml:1: file: could not be read: PermissionError: [Errno 13] Permission denied"
    ]
