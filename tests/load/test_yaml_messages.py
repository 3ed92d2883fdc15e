"""YAML syntax errors name the line the editor got wrong, in plain words, with the fix."""

from __future__ import annotations

import pytest

from haoren.load.documents import load_yaml, split_front_matter
from haoren.problems import ProblemsFound

CASES = {
    "missing colon": (
        "name: 测试人\nkind person\ncategory: 助人为乐\n",
        'a.yml:2: yaml: no ":" after the field name kind; write "kind: person"'),
    "missing colon on the last line": (
        "name: 测试人\nkind person\n",
        'a.yml:2: yaml: no ":" after the field name kind; write "kind: person"'),
    "full-width colon": (
        "name: 测试人\nkind：person\ncategory: 助人为乐\n",
        'a.yml:2: yaml: full-width colon "：" (全角冒号) after kind; write an ASCII colon and a space: '
        '"kind: person"'),
    "full-width colon in a list item": (
        "honors:\n  - title：潍坊好人\n    level: city\n",
        'a.yml:2: yaml: full-width colon "：" (全角冒号) after title; write an ASCII colon and a space: '
        '"- title: 潍坊好人"'),
    "tab before a list item": (
        "name: x\nhonors:\n\t- title: a\n",
        'a.yml:3: yaml: a tab before "- title: a"; YAML indents with spaces only: write "  - title: a"'),
    "tab before a field": (
        "consent:\n\tpublish: true\n",
        'a.yml:2: yaml: a tab before "publish: true"; YAML indents with spaces only: write "  publish: true"'),
    "a value holding a colon and a space": (
        "name: x\nheadline: 他说: 救人要紧\n",
        'a.yml:2: yaml: the value of headline holds ": ", which YAML reads as a new field; put the value in '
        'quotes: headline: "他说: 救人要紧"'),
    "a list never closed": (
        "tags: [a, b\nname: x\n",
        'a.yml:1: yaml: a list or mapping opened on this line is never closed; close it with "]" and separate '
        "its items with an ASCII comma and a space"),
    "a quote never closed": (
        'title: "abc\nname: x\n',
        "a.yml:1: yaml: a quote opened on this line is never closed; end the value with the same quote mark"),
    "a list item where a field belongs": (
        "name: x\n- a\n",
        "a.yml:2: yaml: a list item where a field name is expected; indent it under its field, two spaces "
        "further than the field name"),
    "a merge conflict left in the file": (
        "name: x\n<<<<<<< HEAD\nkind: person\n=======\nkind: group\n>>>>>>> other\n",
        'a.yml:2: yaml: "<<<<<<< HEAD" is a git merge conflict marker; keep the lines you want from both sides '
        "and delete the marker lines"),
}


@pytest.mark.parametrize("name", CASES)
def test_a_syntax_error_is_explained_on_its_own_line(name):
    text, expected = CASES[name]
    with pytest.raises(ProblemsFound) as caught:
        load_yaml(text, "a.yml")
    assert [str(problem) for problem in caught.value.problems] == [expected]


def test_front_matter_lines_count_from_the_top_of_the_file():
    with pytest.raises(ProblemsFound) as caught:
        split_front_matter("---\ntitle: 标题\ndate 2020-01-01\nsummary: 摘要\n---\n正文\n", "stories/a.md")
    assert [str(problem) for problem in caught.value.problems] == [
        'stories/a.md:3: yaml: no ":" after the field name date; write "date: 2020-01-01"'
    ]


def test_other_errors_keep_libyaml_words_at_its_line():
    with pytest.raises(ProblemsFound) as caught:
        load_yaml("a: b\n@c: d\n", "a.yml")
    assert [str(problem) for problem in caught.value.problems] == [
        "a.yml:2: yaml: found character that cannot start any token (while scanning for the next token at line 2)"
    ]
