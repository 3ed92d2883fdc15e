"""Story front matter: required fields, types, lengths, vocabularies, ids."""

from __future__ import annotations

from datetime import datetime

from haoren.clock import SHANGHAI
from haoren.validate import site as validate

from ..site_folder import STORY, content, problems


def story(*lines: str) -> str:
    """A story whose front matter is `lines` (line 2 onwards) and whose body starts after them."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n\n正文。\n"


VALID = ("title: 标题", "date: 2020-03-01", "summary: 摘要")


def test_a_valid_story_becomes_a_story_with_parsed_fields(tmp_path):
    text = story(*VALID, "kind: feature", "tags: [志愿服务, 献血]", "draft: false", "updated: 2020-03-02 08:30")
    [result] = content(tmp_path, {"stories/2020/a.md": text}).stories
    assert result.slug == "a"
    assert result.path == "stories/2020/a.md"
    assert result.date == datetime(2020, 3, 1, tzinfo=SHANGHAI)
    assert result.updated == datetime(2020, 3, 2, 8, 30, tzinfo=SHANGHAI)
    assert (result.kind, result.tags, result.draft) == ("feature", ("志愿服务", "献血"), False)
    assert result.body == "\n正文。\n" and result.body_line == 10


def test_kind_defaults_to_news_and_text_stays_text(tmp_path):
    text = story("title: no", "date: 2020-03-01", "summary: 012345", "author: 1.10", "subtitle: 2020-03-01")
    [result] = content(tmp_path, {"stories/a.md": text}).stories
    assert (result.kind, result.title, result.summary, result.author, result.subtitle) == (
        "news", "no", "012345", "1.10", "2020-03-01")


def test_required_fields_are_reported_at_the_front_matter(tmp_path):
    assert problems(tmp_path, {"stories/a.md": story("subtitle: 副标题")}) == [
        "stories/a.md:2: date: is required",
        "stories/a.md:2: summary: is required",
        "stories/a.md:2: title: is required",
    ]


def test_an_empty_required_field_is_reported_on_its_line(tmp_path):
    assert problems(tmp_path, {"stories/a.md": story("title:", "date: 2020-03-01", "summary: ' '")}) == [
        "stories/a.md:2: title: is required",
        "stories/a.md:4: summary: is empty",
    ]


def test_title_and_summary_lengths_count_characters(tmp_path):
    text = story("title: " + "好" * 65, "date: 2020-03-01", "summary: " + "人" * 201)
    assert problems(tmp_path, {"stories/a.md": text}) == [
        "stories/a.md:2: title: is 65 characters long; at most 64",
        "stories/a.md:4: summary: is 201 characters long; at most 200",
    ]
    assert content(tmp_path, {"stories/a.md": story("title: " + "好" * 64, "date: 2020-03-01",
                                                    "summary: " + "人" * 200)})


def test_dates_must_exist_and_follow_the_format(tmp_path):
    files = {
        "stories/a.md": story("title: 标题", "date: 2020-02-30", "summary: 摘要"),
        "stories/b.md": story("title: 标题", "date: 2020/03/01", "summary: 摘要"),
        "stories/c.md": story("title: 标题", "date: 2020-03-01 24:10", "summary: 摘要"),
    }
    assert problems(tmp_path, files) == [
        'stories/a.md:3: date: "2020-02-30" is not a valid date: February 2020 has 29 days',
        'stories/b.md:3: date: "2020/03/01" is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM)',
        'stories/c.md:3: date: "2020-03-01 24:10" is not a valid time of day',
    ]


def test_updated_cannot_precede_the_date(tmp_path):
    text = story(*VALID, "updated: 2020-02-28")
    assert problems(tmp_path, {"stories/a.md": text}) == [
        'stories/a.md:5: updated: "2020-02-28" is before the date "2020-03-01"',
    ]


def test_kind_is_one_of_the_story_kinds_with_a_hint(tmp_path):
    assert problems(tmp_path, {"stories/a.md": story(*VALID, "kind: feture")}) == [
        'stories/a.md:5: kind: "feture" is not one of news, feature, spotlight (did you mean "feature"?)',
    ]


def test_booleans_are_exactly_true_or_false(tmp_path):
    files = {"stories/a.md": story(*VALID, "draft: yes"), "stories/b.md": story(*VALID, "draft: 1")}
    assert problems(tmp_path, files) == [
        'stories/a.md:5: draft: "yes" is ambiguous: write true or false',
        'stories/b.md:5: draft: "1" is not a yes/no value: write true or false',
    ]


def test_unknown_fields_are_refused_with_a_suggestion(tmp_path):
    assert problems(tmp_path, {"stories/a.md": story(*VALID, "subtitel: 副标题", "colour: red")}) == [
        'stories/a.md:5: subtitel: unknown field (did you mean "subtitle"?)',
        "stories/a.md:6: colour: unknown field",
    ]


def test_lists_must_be_lists_of_text(tmp_path):
    text = story(*VALID, "tags: 志愿服务", "topics:", "  - {a: b}")
    assert problems(tmp_path, {"stories/a.md": text}) == [
        'stories/a.md:5: tags: "志愿服务" is not a list: write [志愿服务]',
        "stories/a.md:7: topics[0]: must be one value, not a mapping",
    ]


def test_the_file_name_is_the_id(tmp_path):
    long_name = "a" * 81
    assert problems(tmp_path, {"stories/Li_Si.md": STORY, f"stories/{long_name}.md": STORY}) == [
        'stories/Li_Si.md:1: id: "Li_Si" (the file name) is not an id: lowercase letters, digits and single '
        "hyphens, at most 80 characters; rename the file to li-si.md",
        f'stories/{long_name}.md:1: id: "{long_name}" (the file name) is not an id: lowercase letters, digits '
        f"and single hyphens, at most 80 characters; rename the file to {'a' * 80}.md",
    ]


def test_ids_are_unique_across_subfolders_and_without_git_both_files_are_named(tmp_path):
    assert problems(tmp_path, {"stories/2019/a.md": STORY, "stories/2020/a.md": STORY}) == [
        'stories/2019/a.md:1: id: "a" is also the id of stories/2020/a.md; each story needs its own file name',
        'stories/2020/a.md:1: id: "a" is also the id of stories/2019/a.md; each story needs its own file name',
    ]


def test_a_crash_while_checking_one_file_is_that_files_problem(tmp_path, monkeypatch):
    real = validate.find_personal_data

    def crash_on_boom(text, **allowed):
        if "BOOM" in text:
            raise RuntimeError("detector broke")
        return real(text, **allowed)

    monkeypatch.setattr(validate, "find_personal_data", crash_on_boom)
    files = {"stories/a.md": story("title: BOOM", "date: 2020-03-01", "summary: 摘要"),
             "stories/b.md": story("title: 标题", "date: 2020-02-30", "summary: 摘要")}
    assert problems(tmp_path, files) == [
        "stories/a.md:1: file: could not be checked (RuntimeError: detector broke); this is a bug in Haoren, "
        "please report it",
        'stories/b.md:3: date: "2020-02-30" is not a valid date: February 2020 has 29 days',
    ]


def test_a_body_the_markdown_parser_would_spend_minutes_on_is_refused_by_check(tmp_path):
    body = "第一段。\n\n" + "``a`" * 20_000 + "\n"
    text = "---\n" + "".join(line + "\n" for line in VALID) + "---\n\n" + body
    assert problems(tmp_path, {"stories/slow.md": text}) == [
        "stories/slow.md:9: body: has too many '`' for the Markdown parser: close the code spans or write them as \\`",
    ]


def test_a_full_width_comma_inside_a_bracketed_list_is_refused_with_the_list_split(tmp_path):
    text = story(*VALID, "tags: [助人为乐，社区, 志愿服务]", "topics: [a、b]")
    assert problems(tmp_path, {"stories/a.md": text}) == [
        'stories/a.md:5: tags[0]: "助人为乐，社区" holds a full-width comma "，"; separate list items with an '
        "ASCII comma and a space: [助人为乐, 社区, 志愿服务]",
        'stories/a.md:6: topics[0]: "a、b" holds a full-width comma "、"; separate list items with an ASCII comma '
        "and a space: [a, b]",
    ]


def test_a_full_width_comma_in_a_list_written_one_item_a_line_is_one_item(tmp_path):
    text = story(*VALID, "tags:", "  - 助人为乐，社区")
    [result] = content(tmp_path, {"stories/a.md": text}).stories
    assert result.tags == ("助人为乐，社区",)


def test_an_impossible_date_says_why(tmp_path):
    files = {
        "stories/a.md": story("title: 标题", "date: 2021-02-29", "summary: 摘要"),
        "stories/b.md": story("title: 标题", "date: 2020-13-01", "summary: 摘要", "updated: 2020-04-31 08:00"),
    }
    assert problems(tmp_path, files) == [
        'stories/a.md:3: date: "2021-02-29" is not a valid date: February 2021 has 28 days',
        'stories/b.md:3: date: "2020-13-01" is not a valid date: there is no month 13',
        'stories/b.md:5: updated: "2020-04-31 08:00" is not a valid date: April 2020 has 30 days',
    ]


def test_a_file_name_that_is_not_an_id_gets_the_pinyin_id_to_rename_it_to(tmp_path):
    assert problems(tmp_path, {"stories/李建国 红马甲.md": STORY, "stories/__.md": STORY}) == [
        'stories/__.md:1: id: "__" (the file name) is not an id: lowercase letters, digits and single hyphens, '
        "at most 80 characters",
        'stories/李建国 红马甲.md:1: id: "李建国 红马甲" (the file name) is not an id: lowercase letters, digits '
        "and single hyphens, at most 80 characters; rename the file to lijianguo-hongmajia.md",
    ]
