"""`build.py rename`: the file moves, every reference is rewritten in place, a published URL gets its redirect."""

from __future__ import annotations

from pathlib import Path

import pytest

import build

from ..sample_site import run_build_py, tree_hashes

NOW = "2026-12-04 10:00"
CAMPAIGN = "kangyi-zuimei-zhiyuanzhe"
TOPIC_FILE = "content/topics/shenbian-haoren.yml"
STORY = "stories/2020/wang-dehou-cunyi.md"  # pinned in the topic "shenbian-haoren"


def run(capsys, *arguments):
    status = build.main([*map(str, arguments), "--now", NOW])
    out, err = capsys.readouterr()
    return status, out, err


def texts(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
            for root in ("stories", "honorees", "content") for path in sorted((site / root).rglob("*"))
            if path.suffix in (".md", ".yml")}


def content_hashes(site: Path) -> dict[str, str]:
    return {rel: digest for rel, digest in tree_hashes(site).items() if not rel.startswith(".haoren-cache")}


def test_a_campaign_rename_rewrites_every_reference_in_place_and_redirects_the_old_url(site, capsys):
    before = texts(site)
    status, out, err = run(capsys, "rename", "campaign", CAMPAIGN, "kangyi-2020", "--site", site)
    assert (status, err) == (0, "")
    after = texts(site)
    naming = sorted(rel for rel, text in before.items() if f"campaign: {CAMPAIGN}" in text)
    assert len(naming) == 13
    assert out == (f"Renamed campaign {CAMPAIGN} → kangyi-2020: content/campaigns/{CAMPAIGN}.yml → "
                   "content/campaigns/kangyi-2020.yml; 13 references rewritten in 13 files; "
                   f"/campaigns/{CAMPAIGN}/ now redirects to /campaigns/kangyi-2020/ (content/redirects.yml).\n")
    assert after.pop("content/campaigns/kangyi-2020.yml") == before.pop(f"content/campaigns/{CAMPAIGN}.yml")
    redirects = after.pop("content/redirects.yml")
    assert redirects.splitlines()[0] == "# yaml-language-server: $schema=../schemas/redirects.schema.json"
    assert redirects.endswith(f"- {{from: /campaigns/{CAMPAIGN}/, to: /campaigns/kangyi-2020/}}\n")
    # comments, flow mappings and every other character stay as they were: only the id changed
    assert after == {rel: text.replace(f"campaign: {CAMPAIGN}", "campaign: kangyi-2020") for rel, text in before.items()}
    assert run(capsys, "check", "--site", site)[0] == 0


def test_a_published_story_renamed_after_a_build_builds_again_with_a_redirect_page(site, capsys):
    assert run(capsys, "build", "--site", site)[0] == 0  # the last published site: SITE/site
    topic = (site / TOPIC_FILE).read_text(encoding="utf-8")
    status, _out, err = run(capsys, "rename", "story", "wang-dehou-cunyi", "wang-dehou-cunyi-2020", "--site", site)
    assert (status, err) == (0, "")
    assert not (site / STORY).exists()
    assert (site / "stories/2020/wang-dehou-cunyi-2020.md").is_file()
    assert (site / TOPIC_FILE).read_text(encoding="utf-8") == topic.replace(
        "  - wang-dehou-cunyi\n", "  - wang-dehou-cunyi-2020\n")
    assert (site / "content/redirects.yml").read_text(encoding="utf-8").endswith(
        "- {from: /stories/wang-dehou-cunyi/, to: /stories/wang-dehou-cunyi-2020/}\n")
    assert run(capsys, "build", "--site", site)[0] == 0
    old_page = (site / "site/stories/wang-dehou-cunyi/index.html").read_text(encoding="utf-8")
    assert 'url=https://' in old_page and "/stories/wang-dehou-cunyi-2020/" in old_page
    assert (site / "site/stories/wang-dehou-cunyi-2020/index.html").is_file()


def test_in_a_fresh_clone_an_item_the_ledger_never_had_gets_no_redirect(site, capsys):
    assert not (site / "site").exists()  # a fresh clone: the committed ledger, no published folder
    assert run(capsys, "new", "topic", "xin-zhuanti", "--site", site)[0] == 0
    status, out, _ = run(capsys, "rename", "topic", "xin-zhuanti", "chunjie-zhuanti", "--site", site)
    assert status == 0 and "redirect" not in out
    assert not (site / "content/redirects.yml").exists()
    assert (site / "content/topics/chunjie-zhuanti.yml").is_file()
    assert run(capsys, "check", "--site", site)[0] == 0


def test_the_ledger_decides_not_an_older_site_folder(site, capsys, tmp_path):
    assert run(capsys, "new", "topic", "xin-zhuanti", "--site", site)[0] == 0
    assert run(capsys, "build", "--site", site, "--out", tmp_path / "elsewhere")[0] == 0  # published by CI, say
    (site / "site").mkdir()
    (site / "site/sitemap.xml").write_text(  # an old local build that never had the topic
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://haoren.example.cn/topics/shenbian-haoren/</loc></url></urlset>\n", encoding="utf-8")
    assert "/topics/xin-zhuanti/" in (site / "content/published.yml").read_text(encoding="utf-8")
    status, out, err = run(capsys, "rename", "topic", "xin-zhuanti", "chunjie-zhuanti", "--site", site)
    assert (status, err) == (0, "")
    assert out.endswith("; /topics/xin-zhuanti/ now redirects to /topics/chunjie-zhuanti/ (content/redirects.yml).\n")
    assert run(capsys, "check", "--site", site)[0] == 0


def test_a_damaged_ledger_refuses_the_rename_with_its_line(site, capsys):
    with (site / "content/published.yml").open("a", encoding="utf-8") as ledger:
        ledger.write("topics/x: 专题\n")
    line = len((site / "content/published.yml").read_text(encoding="utf-8").splitlines())
    before = content_hashes(site)
    status, out, err = run(capsys, "rename", "topic", "shenbian-haoren", "shenbian", "--site", site)
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f'content/published.yml:{line}: published: "topics/x" is not a line "/path/: title"; restore this file '
        "from git (build.py build rewrites it)", "1 problem found; nothing was renamed."]
    assert content_hashes(site) == before


def test_a_draft_story_gets_no_redirect(site, capsys):
    draft = "stories/2021/zhiyuan-fuwu-zhinan-caogao.md"
    assert "draft: true" in (site / draft).read_text(encoding="utf-8")
    status, out, _ = run(capsys, "rename", "story", "zhiyuan-fuwu-zhinan-caogao", "zhiyuan-shichang", "--site", site)
    assert status == 0 and "redirect" not in out
    assert not (site / "content/redirects.yml").exists()
    assert (site / "stories/2021/zhiyuan-shichang.md").is_file()


def test_quotes_comments_line_endings_and_links_are_kept_as_written(site, capsys):
    story = site / "stories/2020/li-jianguo-hongmajia.md"
    text = story.read_text(encoding="utf-8")
    text = text.replace("honorees: [li-jianguo, fangzi-xiyanghong]",
                        "honorees:\n  - 'fangzi-xiyanghong'  # 服务队\n  - \"li-jianguo\"")
    text += "\n见[服务队](/honorees/fangzi-xiyanghong/)和[队员](/honorees/li-jianguo)。\n"
    story.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    status, _, err = run(capsys, "rename", "honoree", "fangzi-xiyanghong", "fangzi-xiyanghong-dui", "--site", site)
    assert (status, err) == (0, "")
    expected = (text.replace("'fangzi-xiyanghong'", "'fangzi-xiyanghong-dui'")
                .replace("(/honorees/fangzi-xiyanghong/)", "(/honorees/fangzi-xiyanghong-dui/)"))
    assert story.read_bytes() == ("\ufeff" + expected).replace("\n", "\r\n").encode("utf-8")
    # an organization is named by volunteer.organization too
    assert "volunteer: {hours: 1620, organization: fangzi-xiyanghong-dui, since: 2014}" in (
        site / "honorees/people/li-jianguo.yml").read_text(encoding="utf-8")


def test_renaming_back_removes_the_first_redirect_instead_of_hiding_the_item(site, capsys):
    assert run(capsys, "rename", "topic", "shenbian-haoren", "shenbian", "--site", site)[0] == 0
    status, _, err = run(capsys, "rename", "topic", "shenbian", "shenbian-haoren", "--site", site)
    assert (status, err) == (0, "")
    lines = (site / "content/redirects.yml").read_text(encoding="utf-8").splitlines()
    # /topics/shenbian/ was never published (the ledger does not list it), so it needs no redirect either
    assert [line for line in lines if not line.startswith("#")] == []
    assert run(capsys, "check", "--site", site)[0] == 0


def test_existing_redirects_to_the_old_url_follow_it(site, capsys):
    (site / "content/redirects.yml").write_text(
        "# 旧专题\n- from: /topics/jiu-zhuanti/\n  to: \"/topics/shenbian-haoren/\"  # 2024 年改名\n", encoding="utf-8")
    assert run(capsys, "rename", "topic", "shenbian-haoren", "shenbian", "--site", site)[0] == 0
    assert (site / "content/redirects.yml").read_text(encoding="utf-8") == (
        "# 旧专题\n- from: /topics/jiu-zhuanti/\n  to: \"/topics/shenbian/\"  # 2024 年改名\n"
        "- {from: /topics/shenbian-haoren/, to: /topics/shenbian/}\n")


@pytest.mark.parametrize("arguments, expected", [
    (["story", "wang-dehou", "x"], ('stories/**/wang-dehou.md:1: id: no story "wang-dehou" '
                                   '(did you mean "wang-dehou-cunyi"?)')),
    (["story", "wang-dehou-cunyi", "Wang"], ('stories/2020/Wang.md:1: id: "Wang" is not an id: lowercase letters, '
                                            "digits and single hyphens, at most 80 characters")),
    (["honoree", "li-jianguo", "chunyu-yigong"], ('honorees/people/chunyu-yigong.yml:1: id: "chunyu-yigong" is '
                                                 "already the id of honorees/organizations/chunyu-yigong.yml; each "
                                                 "honoree needs its own id")),
])
def test_bad_input_is_refused_with_its_line_and_nothing_changes(site, capsys, arguments, expected):
    before = content_hashes(site)
    status, out, err = run(capsys, "rename", *arguments, "--site", site)
    assert (status, out) == (1, "")
    assert err.splitlines() == [expected, "1 problem found; nothing was renamed."]
    assert content_hashes(site) == before


def test_a_file_that_cannot_be_read_stops_the_rename(site, capsys):
    (site / "honorees/people/zhang-xiulan.yml").write_text("name: [\n", encoding="utf-8")
    before = content_hashes(site)
    status, _, err = run(capsys, "rename", "honoree", "li-jianguo", "li-jianguo-2", "--site", site)
    assert status == 1
    assert err.splitlines()[0].startswith("honorees/people/zhang-xiulan.yml:")
    assert err.splitlines()[-1] == "1 problem found; nothing was renamed."
    assert content_hashes(site) == before


def test_rename_explains_itself():
    done = run_build_py("rename", "--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: build.py rename")
    for word in ("story", "honoree", "campaign", "topic", "--site"):
        assert word in done.stdout


def test_a_file_with_a_bad_id_can_be_renamed_to_a_good_one(site, capsys):
    (site / STORY).rename(site / "stories/2020/Wang_Dehou.md")
    topic = site / TOPIC_FILE
    topic.write_text(topic.read_text(encoding="utf-8").replace("- wang-dehou-cunyi", "- Wang_Dehou"), encoding="utf-8")
    assert run(capsys, "check", "--site", site)[0] == 1
    status, out, err = run(capsys, "rename", "story", "Wang_Dehou", "wang-dehou-cunyi", "--site", site)
    assert (status, err) == (0, "")
    assert "redirect" not in out  # a file name that is no id never had a page
    assert (site / STORY).is_file() and "  - wang-dehou-cunyi\n" in topic.read_text(encoding="utf-8")


def test_problems_the_site_already_had_are_reported_after_the_rename(site, capsys):
    (site / "content/topics/kangyi-wenming-gushi.yml").write_text(
        (site / "content/topics/kangyi-wenming-gushi.yml").read_text(encoding="utf-8") + "colour: red\n",
        encoding="utf-8")
    status, out, err = run(capsys, "rename", "honoree", "li-jianguo", "li-jianguo-2", "--site", site)
    assert status == 1 and out.startswith("Renamed honoree li-jianguo → li-jianguo-2: ")
    assert err.splitlines()[-1] == "1 problem found; the rename was made; fix these before publishing."
    assert err.splitlines()[0].endswith(": colour: unknown field")
    assert (site / "honorees/people/li-jianguo-2.yml").is_file()
