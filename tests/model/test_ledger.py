"""The committed ledger of published addresses: `check` on a fresh clone catches a lost URL, `build` keeps it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import build
from haoren.clock import read_clock
from haoren.model.ledger import LEDGER_FILE, add_redirect, is_published, ledger_text, next_ledger, read_ledger
from haoren.model.site import build_site
from haoren.pipeline import validated_content

from ..sample_site import REPOSITORY, copy_sample_site, tree_hashes

NOW = "2024-01-01 00:00"
STORY = "stories/2020/zhao-minghui-chengxin-shouliang.md"
OLD = "/stories/zhao-minghui-chengxin-shouliang/"
TITLE = "赵明辉：收粮二十年，秤准价公款清"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def run(capsys, command, site, *extra):
    status = build.main([command, "--site", str(site), "--now", NOW, *extra])
    return status, capsys.readouterr().err


def ledger_line(site: Path, url: str) -> int:
    return read_ledger(site)[url].line


def test_check_on_a_fresh_clone_refuses_a_renamed_story_and_names_its_new_address(tmp_path, capsys):
    # A fresh clone: the committed ledger, and no site/ ever built here.
    site = copy_sample_site(tmp_path / "site")
    (site / STORY).rename(site / "stories/2020/zhao-minghui.md")
    line = ledger_line(site, OLD)
    status, err = run(capsys, "check", site)
    assert status == 1
    assert err.splitlines() == [
        f'{LEDGER_FILE}:{line}: published: "{OLD}" was published and this content would remove it; '
        f'the story "{TITLE}" is now at /stories/zhao-minghui/; add {{from: {OLD}, to: /stories/zhao-minghui/}} '
        "to content/redirects.yml so old links keep working",
        "1 problem found; nothing was published.",
    ]


def test_a_renamed_file_shows_its_lost_address_with_every_other_problem_in_one_run(tmp_path, capsys):
    site = copy_sample_site(tmp_path / "site")
    # Renamed by hand: the stories naming the honoree still use the old id, and one date is impossible.
    (site / "honorees/people/zhao-minghui.yml").rename(site / "honorees/people/zhao-ming-hui.yml")
    story = site / "stories/2020/li-jianguo-hongmajia.md"
    story.write_text(story.read_text(encoding="utf-8").replace("date: 2020-03-05 09:30", "date: 2020-02-30 09:30"),
                     encoding="utf-8")
    status, err = run(capsys, "check", site)
    lines = err.splitlines()
    assert status == 1 and lines[-1].endswith(" found; nothing was published.")
    assert lines[0] == (
        f'{LEDGER_FILE}:{ledger_line(site, "/honorees/zhao-minghui/")}: published: "/honorees/zhao-minghui/" was '
        'published and this content would remove it; the honoree "赵明辉" is now at /honorees/zhao-ming-hui/; '
        "add {from: /honorees/zhao-minghui/, to: /honorees/zhao-ming-hui/} to content/redirects.yml so old "
        "links keep working")
    assert 'stories/2020/li-jianguo-hongmajia.md:4: date: "2020-02-30 09:30" is not a valid date: February 2020 has 29 days' \
        in lines
    assert any(line.startswith(f"{STORY}:") and 'no honoree "zhao-minghui"' in line for line in lines)


def test_a_damaged_ledger_shows_with_the_files_problems(tmp_path, capsys):
    site = copy_sample_site(tmp_path / "site")
    with (site / LEDGER_FILE).open("a", encoding="utf-8") as ledger:
        ledger.write("stories/x: 标题\n")
    line = len((site / LEDGER_FILE).read_text(encoding="utf-8").splitlines())
    (site / "content/topics/shenbian-haoren.yml").write_text("title: [\n", encoding="utf-8")
    status, err = run(capsys, "check", site)
    assert status == 1
    assert err.splitlines()[0] == (f'{LEDGER_FILE}:{line}: published: "stories/x" is not a line "/path/: title"; '
                                   "restore this file from git (build.py build rewrites it)")
    assert err.splitlines()[1].startswith("content/topics/shenbian-haoren.yml:")
    assert err.splitlines()[-1] == "2 problems found; nothing was published."


def test_while_files_have_problems_an_address_kept_by_a_redirect_or_an_unreadable_file_is_not_lost(tmp_path, capsys):
    site = copy_sample_site(tmp_path / "site")
    (site / STORY).rename(site / "stories/2020/zhao-minghui.md")
    add_redirect(site, OLD, "/stories/zhao-minghui/")
    (site / "content/pages/guide.md").write_text("no front matter\n", encoding="utf-8")  # /guide/ is published
    (site / "content/topics/shenbian-haoren.yml").write_text("title: [\n", encoding="utf-8")
    status, err = run(capsys, "check", site)
    assert status == 1
    assert [line.split(":")[0] for line in err.splitlines()[:-1]] == [
        "content/pages/guide.md", "content/topics/shenbian-haoren.yml"]


def test_a_renamed_honoree_is_found_by_its_name_and_a_deleted_page_gets_no_guess(tmp_path, capsys):
    site = copy_sample_site(tmp_path / "site")
    (site / "honorees/people/zhao-minghui.yml").rename(site / "honorees/people/zhao-ming-hui.yml")
    for path in site.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("zhao-minghui]", "zhao-ming-hui]").replace("zhao-minghui,", "zhao-ming-hui,"),
                        encoding="utf-8")
    (site / "content/pages/guide.md").unlink()
    status, err = run(capsys, "check", site)
    assert status == 1, err
    assert err.splitlines()[:-1] == [
        f'{LEDGER_FILE}:{ledger_line(site, "/guide/")}: published: "/guide/" was published and this content '
        "would remove it; add {from: /guide/, to: <its new address>} to content/redirects.yml so old links "
        "keep working",
        f'{LEDGER_FILE}:{ledger_line(site, "/honorees/zhao-minghui/")}: published: "/honorees/zhao-minghui/" was '
        'published and this content would remove it; the honoree "赵明辉" is now at /honorees/zhao-ming-hui/; '
        "add {from: /honorees/zhao-minghui/, to: /honorees/zhao-ming-hui/} to content/redirects.yml so old "
        "links keep working",
    ]


def test_a_redirect_passes_and_the_ledger_then_keeps_the_old_address_guarded(tmp_path, capsys):
    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    (site / STORY).rename(site / "stories/2020/zhao-minghui.md")
    add_redirect(site, OLD, "/stories/zhao-minghui/")
    assert run(capsys, "check", site) == (0, "")
    assert run(capsys, "build", site, "--out", str(out)) == (0, "")
    assert is_published(site, OLD) and is_published(site, "/stories/zhao-minghui/")
    # Taking the redirect out later is caught too, although the last site never listed the old address.
    (site / "content/redirects.yml").write_text("", encoding="utf-8")
    status, err = run(capsys, "check", site)
    assert status == 1 and f'"{OLD}" was published' in err


def test_add_redirect_keeps_the_file_and_points_earlier_redirects_at_the_final_address(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content/redirects.yml").write_text("# 旧网址\n- {from: /stories/a/, to: /stories/b}", encoding="utf-8")
    add_redirect(site, "/stories/b/", "/stories/c/")
    assert (site / "content/redirects.yml").read_text(encoding="utf-8") == (
        "# 旧网址\n- {from: /stories/a/, to: /stories/c/}\n- {from: /stories/b/, to: /stories/c/}\n"
    )


def test_build_writes_the_ledger_only_when_it_publishes(tmp_path, capsys):
    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    (site / LEDGER_FILE).unlink()
    assert run(capsys, "build", site, "--out", str(out)) == (0, "")
    ledger = (site / LEDGER_FILE).read_text(encoding="utf-8")
    assert f'{OLD}: "{TITLE}"\n' in ledger
    assert "/honorees/gao-shufen/" not in ledger  # withdrawn: never recorded, never published
    assert "/stories/haoren-bang-2029/" not in ledger  # scheduled after the clock
    (site / "honorees/people/liu-haitao.yml").write_text("name: [", encoding="utf-8")
    assert run(capsys, "build", site, "--out", str(out))[0] == 1
    assert (site / LEDGER_FILE).read_text(encoding="utf-8") == ledger


def test_without_a_ledger_the_last_published_site_still_guards_its_addresses(tmp_path, capsys):
    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    assert run(capsys, "build", site, "--out", str(out)) == (0, "")
    (site / LEDGER_FILE).unlink()
    (site / STORY).unlink()
    before = tree_hashes(out)
    status, err = run(capsys, "build", site, "--out", str(out))
    assert status == 1
    assert err.splitlines()[0] == (
        f'{LEDGER_FILE}:1: published: "{OLD}" was published and this content would remove it; add '
        f"{{from: {OLD}, to: <its new address>}} to content/redirects.yml so old links keep working"
    )
    assert tree_hashes(out) == before and not (site / LEDGER_FILE).exists()


def test_a_damaged_ledger_is_reported_on_its_line(tmp_path, capsys):
    site = copy_sample_site(tmp_path / "site")
    with (site / LEDGER_FILE).open("a", encoding="utf-8") as ledger:
        ledger.write("stories/x: 标题\n")
    line = len((site / LEDGER_FILE).read_text(encoding="utf-8").splitlines())
    assert run(capsys, "check", site) == (1, (
        f'{LEDGER_FILE}:{line}: published: "stories/x" is not a line "/path/: title"; restore this file from git '
        "(build.py build rewrites it)\n1 problem found; nothing was published.\n"))


def test_the_preview_neither_writes_the_ledger_nor_sends_a_redirect_to_the_production_host(tmp_path):
    from haoren import pipeline

    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    (site / STORY).rename(site / "stories/2020/zhao-minghui.md")
    add_redirect(site, OLD, "/stories/zhao-minghui/")
    ledger = (site / LEDGER_FILE).read_bytes()
    pipeline.build(site, read_clock(NOW), out, dev_serve=True)
    assert (site / LEDGER_FILE).read_bytes() == ledger
    page = (out / OLD.strip("/") / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/stories/zhao-minghui/">' in page
    assert "haoren.example.cn" not in page


def test_the_committed_sample_ledger_is_what_a_build_of_the_sample_site_records(tmp_path):
    # Otherwise `make site` would leave the repository changed.
    site = tmp_path / "site"
    shutil.copytree(REPOSITORY / "content", site / "content")
    for part in ("stories", "honorees"):
        shutil.copytree(REPOSITORY / part, site / part)
    content = validated_content(site)
    expected = ledger_text(next_ledger(read_ledger(site), build_site(content, read_clock("2026-12-01"))))
    assert (REPOSITORY / LEDGER_FILE).read_text(encoding="utf-8") == expected
