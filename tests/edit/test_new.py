"""`build.py new`: a file with every field of its kind, Chinese comments, passing the check as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import build
from haoren.schema import CAMPAIGN_FIELDS, HONOREE_FIELDS, STORY_FIELDS, TOPIC_FIELDS

from ..sample_site import run_build_py, tree_hashes

NOW = "2026-12-04 10:00"
KINDS = {
    "story": (["story", "xin-gaojian"], "stories/2026/xin-gaojian.md", STORY_FIELDS),
    "person": (["honoree", "zhang-san", "--kind", "person"], "honorees/people/zhang-san.yml", HONOREE_FIELDS),
    "group": (["honoree", "zhang-jia", "--kind", "group"], "honorees/groups/zhang-jia.yml", HONOREE_FIELDS),
    "organization": (["honoree", "xin-fuwudui", "--kind", "organization"], "honorees/organizations/xin-fuwudui.yml",
                     HONOREE_FIELDS),
    "campaign": (["campaign", "xin-huodong"], "content/campaigns/xin-huodong.yml", CAMPAIGN_FIELDS),
    "topic": (["topic", "xin-zhuanti"], "content/topics/xin-zhuanti.yml", TOPIC_FIELDS),
}
# Fields a kind of honoree must not carry (the check refuses them).
NOT_FOR = {"person": {"members", "registered"}, "group": {"registered"}, "organization": {"members"}}


def run(capsys, *arguments):
    status = build.main([*map(str, arguments), "--now", NOW])
    out, err = capsys.readouterr()
    return status, out, err


def content_hashes(site: Path) -> dict[str, str]:
    """The site folder's files, without the caches a check fills."""
    return {rel: digest for rel, digest in tree_hashes(site).items() if not rel.startswith(".haoren-cache")}


def check(capsys, site):
    return run(capsys, "check", "--site", site)


def published_counts(summary: str) -> tuple[str, str]:
    found = re.search(r"(\d+) of \d+ stories and (\d+) of \d+ honorees", summary)
    assert found, summary
    return found.group(1), found.group(2)


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_file_has_every_field_in_order_and_passes_the_check_as_written(site, capsys, kind):
    arguments, rel, rules = KINDS[kind]
    status, out, err = run(capsys, "new", *arguments, "--site", site)
    assert (status, err) == (0, "")
    assert out.startswith(f"Wrote {rel}; it passes build.py check as written.")
    text = (site / rel).read_text(encoding="utf-8")
    front = text.split("---\n")[1] if rel.endswith(".md") else text
    keys = re.findall(r"^([a-z_]+):", front, re.MULTILINE)
    assert keys == [key for key in rules if key not in NOT_FOR.get(kind, ())]
    lines = front.splitlines()
    for key in keys:  # each field under its own Chinese comment, the table's description
        above = lines[lines.index(next(line for line in lines if line.startswith(key + ":"))) - 1]
        assert above.startswith("# " + rules[key].doc)
    assert check(capsys, site)[0] == 0


def test_the_schema_line_comes_first_and_points_to_the_schemas_folder(site, capsys):
    for kind, (arguments, rel, _) in KINDS.items():
        assert run(capsys, "new", *arguments, "--site", site)[0] == 0
        lines = (site / rel).read_text(encoding="utf-8").splitlines()
        first = lines[1] if rel.endswith(".md") else lines[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        name = "honoree" if kind in NOT_FOR else kind
        assert first != schema and schema.endswith(f"schemas/{name}.schema.json")
        assert ((site / rel).parent / schema).resolve() == (site / "schemas" / f"{name}.schema.json").resolve()


def test_a_new_story_is_a_draft_dated_today_by_the_build_clock(site, capsys):
    assert run(capsys, "new", "story", "xin-gaojian", "--title", "标题: 含冒号", "--honoree", "li-jianguo",
               "--topic", "shenbian-haoren", "--site", site)[0] == 0
    front = (site / "stories/2026/xin-gaojian.md").read_text(encoding="utf-8").split("---\n")[1]
    assert "\ndate: 2026-12-04\n" in front
    assert "\ndraft: true\n" in front
    assert '\ntitle: "标题: 含冒号"\n' in front
    assert "\nhonorees: [li-jianguo]\n" in front and "\ntopics: [shenbian-haoren]\n" in front


def test_round_trip_new_then_edit_then_check_publishes_the_story(site, capsys):
    before = published_counts(check(capsys, site)[1])
    assert run(capsys, "new", "story", "xin-gaojian", "--honoree", "li-jianguo", "--site", site)[0] == 0
    assert published_counts(check(capsys, site)[1]) == before  # a draft: checked, not published
    path = site / "stories/2026/xin-gaojian.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: 李建国再上社区修家电", text, flags=re.MULTILINE)
    text = re.sub(r"^summary: .*$", "summary: 退休电工李建国又一次来到社区，为居民义务修理小家电。", text,
                  flags=re.MULTILINE)
    text = text.replace("draft: true\n", "").replace("（在这里写正文，使用 Markdown。）", "李建国带着工具箱来到社区。")
    path.write_text(text, encoding="utf-8")
    status, out, _ = check(capsys, site)
    assert status == 0
    assert published_counts(out) == (str(int(before[0]) + 1), before[1])


def test_round_trip_a_new_honoree_is_published_once_consent_is_given(site, capsys):
    before = published_counts(check(capsys, site)[1])
    assert run(capsys, "new", "honoree", "zhang-san", "--kind", "person", "--name", "张三", "--site", site)[0] == 0
    assert published_counts(check(capsys, site)[1]) == before  # no consent yet: not published
    path = site / "honorees/people/zhang-san.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  publish: false", "  publish: true"),
                    encoding="utf-8")
    status, out, _ = check(capsys, site)
    assert status == 0
    assert published_counts(out) == (before[0], str(int(before[1]) + 1))


@pytest.mark.parametrize("arguments, expected", [
    (["story", "Bad_Slug"], ('stories/2026/Bad_Slug.md:1: id: "Bad_Slug" is not an id: lowercase letters, digits '
                            "and single hyphens, at most 80 characters")),
    (["story", "han-yumei-aixin-zaocan"], ('stories/2026/han-yumei-aixin-zaocan.md:1: id: "han-yumei-aixin-zaocan" '
                                          "is already the id of stories/2020/han-yumei-aixin-zaocan.md; each story "
                                          "needs its own id")),
    (["honoree", "li-jianguo", "--kind", "group"], ('honorees/groups/li-jianguo.yml:1: id: "li-jianguo" is already '
                                                  "the id of honorees/people/li-jianguo.yml; each honoree needs its "
                                                  "own id")),
    (["topic", "shenbian-haoren"], ('content/topics/shenbian-haoren.yml:1: id: "shenbian-haoren" is already the id '
                                   "of content/topics/shenbian-haoren.yml; each topic needs its own id")),
    (["story", "xin", "--honoree", "li-jianguoo"], ('stories/2026/xin.md:27: honorees[0]: no honoree "li-jianguoo" '
                                                   '(did you mean "li-jianguo"?)')),
    (["story", "xin", "--topic", "nowhere"], 'stories/2026/xin.md:23: topics[0]: no topic "nowhere"'),
    (["story", "xin", "--title", "长" * 65], "stories/2026/xin.md:5: title: is 65 characters long; at most 64"),
])
def test_bad_input_is_refused_with_its_line_and_nothing_is_written(site, capsys, arguments, expected):
    before = content_hashes(site)
    status, out, err = run(capsys, "new", *arguments, "--site", site)
    assert status == 1 and out == ""
    assert err.splitlines() == [expected, "1 problem found; nothing was written."]
    assert content_hashes(site) == before


def test_new_explains_itself_and_refuses_without_a_traceback(site):
    for command in (["new"], ["new", "story"], ["new", "honoree"], ["new", "campaign"], ["new", "topic"]):
        done = run_build_py(*command, "--help")
        assert done.returncode == 0 and done.stdout.startswith("usage: build.py " + " ".join(command))
    assert "--honoree" in run_build_py("new", "story", "--help").stdout
    done = run_build_py("new", "story", "x_y", "--site", site, "--now", NOW)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith('stories/2026/x_y.md:1: id: "x_y" is not an id')
    missing_kind = run_build_py("new", "honoree", "wang-wu", "--site", site)
    assert missing_kind.returncode == 2 and "--kind" in missing_kind.stderr
    assert not list(Path(site, "honorees").rglob("wang-wu.yml"))
