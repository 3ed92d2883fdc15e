"""The 繁體 edition at validation: names a converter cannot decide need an override, reported with their line."""

from __future__ import annotations

from haoren.validate.traditional import OVERRIDES_PATH, several_forms

from ..site_folder import PERSON, SETTINGS, STORY, content, problems, replaced

EDITIONS = SETTINGS + "editions: [zh-Hans, zh-Hant]\n"
FAN_MING = replaced(PERSON, ("name: 张三", "name: 范明"))
GROUP = replaced(PERSON, ("name: 张三", "name: 张三兄妹"), ("kind: person", "kind: group"),
                 extra="members:\n  - 张三\n  - 钟丽\nlocality: 于河街道\naffiliation: 潍坊市第一中学\n")


def test_the_candidates_come_from_opencc_s_own_table():
    assert several_forms("范") == ("範", "范")
    assert several_forms("于") == ("於", "于")
    assert set(several_forms("干")) >= {"幹", "乾", "干"}
    assert several_forms("明") == ()  # one Traditional form: nothing to decide
    assert several_forms("a") == ()


def test_a_name_with_a_character_of_several_forms_and_no_override_is_an_error_with_its_line(tmp_path):
    assert problems(tmp_path, {"content/site.yml": EDITIONS, "honorees/fan-ming.yml": FAN_MING}) == [
        'honorees/fan-ming.yml:1: name: "范明" has 范, which has more than one Traditional form (範, 范); '
        "add the name to content/editions/zh-Hant.yml",
    ]


def test_members_locality_and_story_author_are_names_too(tmp_path):
    story = replaced(STORY, ("summary: 摘要", "summary: 摘要\nauthor: 记者 余华"))
    found = problems(tmp_path, {"content/site.yml": EDITIONS, "honorees/zhang-family.yml": GROUP,
                                "stories/story.md": story})
    assert found == [
        'honorees/zhang-family.yml:12: members[1]: "钟丽" has 钟, which has more than one Traditional form '
        "(鍾, 鐘, 鈡); add the name to content/editions/zh-Hant.yml",
        'honorees/zhang-family.yml:13: locality: "于河街道" has 于, which has more than one Traditional form '
        "(於, 于); add the name to content/editions/zh-Hant.yml",
        'stories/story.md:5: author: "记者 余华" has 余, which has more than one Traditional form (餘, 余); '
        "add the name to content/editions/zh-Hant.yml",
    ]


def test_several_undecided_characters_are_named_in_one_line(tmp_path):
    person = replaced(PERSON, ("name: 张三", "name: 范云发"))
    assert problems(tmp_path, {"content/site.yml": EDITIONS, "honorees/fan.yml": person}) == [
        'honorees/fan.yml:1: name: "范云发" has 范、云、发, which have more than one Traditional form '
        "(範, 范; 雲, 云; 發, 髮); add the name to content/editions/zh-Hant.yml",
    ]


def test_an_override_decides_the_name_and_every_text_containing_it(tmp_path):
    overrides = "范明: 范明\n钟丽: 鍾麗\n于河街道: 于河街道\n"
    result = content(tmp_path, {"content/site.yml": EDITIONS, "honorees/fan-ming.yml": FAN_MING,
                                "honorees/zhang-family.yml": GROUP, OVERRIDES_PATH: overrides})
    assert result.overrides == (("于河街道", "于河街道"), ("范明", "范明"), ("钟丽", "鍾麗"))


def test_without_the_edition_nothing_is_checked(tmp_path):
    assert problems(tmp_path, {"honorees/fan-ming.yml": FAN_MING}) == []


def test_an_override_must_be_the_same_name_in_traditional_characters(tmp_path):
    overrides = "范明: 范名\n钟丽: 鍾麗麗\n张三: \n"
    assert problems(tmp_path, {"content/site.yml": EDITIONS, OVERRIDES_PATH: overrides}) == [
        'content/editions/zh-Hant.yml:1: 范明: "名" in "范名" is not a Traditional form of "明"',
        'content/editions/zh-Hant.yml:2: 钟丽: "鍾麗麗" has 3 characters and "钟丽" 2: an override changes '
        "characters, never words",
        "content/editions/zh-Hant.yml:3: 张三: needs its Traditional form as text, like 范明: 范明",
    ]


def test_the_overrides_file_is_named_by_its_script_and_holds_a_mapping(tmp_path):
    assert problems(tmp_path, {"content/editions/zh-TW.yml": "范明: 范明\n",
                               OVERRIDES_PATH: "- 范明\n"}) == [
        "content/editions/zh-Hant.yml:1: yaml: the top level must be a mapping of keys to values, not a list",
        "content/editions/zh-TW.yml:1: file: only content/editions/zh-Hant.yml is read: an edition's file is "
        "named by its script",
    ]


def test_editions_and_conversion_are_checked_settings(tmp_path):
    settings = SETTINGS + "editions: [zh-Hant, en]\nconversion: s2twp\n"
    found = problems(tmp_path, {"content/site.yml": settings})
    assert [line.split(": ")[0:2] for line in found] == [["content/site.yml:7", "editions[1]"],
                                                        ["content/site.yml:8", "conversion"]]
    traditional_site = SETTINGS + "script: zh-Hant\neditions: [zh-Hans]\n"
    assert problems(tmp_path / "t", {"content/site.yml": traditional_site}) == [
        "content/site.yml:8: editions: a site written in Traditional has no Simplified edition; list zh-Hant only",
    ]
