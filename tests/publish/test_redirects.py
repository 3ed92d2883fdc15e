"""A published URL never silently disappears: removing one needs a redirect, which then gets its own page."""

from __future__ import annotations

import build

from ..sample_site import copy_sample_site, tree_hashes

NOW = "2024-01-01 00:00"
STORY = "stories/2020/zhao-minghui-chengxin-shouliang.md"


def run(capsys, site, out):
    status = build.main(["build", "--site", str(site), "--out", str(out), "--now", NOW])
    return status, capsys.readouterr().err


def test_removing_a_published_story_without_a_redirect_is_refused_and_publishes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    assert run(capsys, site, out)[0] == 0
    before = tree_hashes(out)
    (site / STORY).unlink()
    status, err = run(capsys, site, out)
    assert status == 1
    assert err.splitlines() == [
        'content/published.yml:35: published: "/stories/zhao-minghui-chengxin-shouliang/" was published and this '
        "content would remove it; add {from: /stories/zhao-minghui-chengxin-shouliang/, to: <its new address>} "
        "to content/redirects.yml so old links keep working",
        "1 problem found; nothing was published.",
    ]
    assert tree_hashes(out) == before


def test_a_redirect_lets_the_build_through_and_the_old_address_leads_to_the_new_one(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    assert run(capsys, site, out)[0] == 0
    (site / STORY).unlink()
    (site / "content/redirects.yml").write_text(
        "- {from: /stories/zhao-minghui-chengxin-shouliang/, to: /stories/}\n", encoding="utf-8"
    )
    status, err = run(capsys, site, out)
    assert (status, err) == (0, "")
    page = (out / "stories/zhao-minghui-chengxin-shouliang/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=https://haoren.example.cn/stories/">' in page
    assert '<link rel="canonical" href="https://haoren.example.cn/stories/">' in page
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "zhao-minghui-chengxin-shouliang" not in sitemap
    # The redirect keeps the old address alive: the next build needs nothing more.
    assert run(capsys, site, out)[0] == 0


def test_only_addresses_of_editors_files_are_guarded_not_derived_lists():
    from haoren.publish.redirects import is_item_url

    guarded = ["/stories/a/", "/honorees/b/", "/campaigns/c/", "/topics/d/", "/about/", "/help/faq/"]
    derived = ["/", "/stories/", "/stories/page/2/", "/archive/2020/10/", "/tags/x/", "/honor-roll/2020-02/"]
    assert [is_item_url(p) for p in guarded + derived] == [True] * len(guarded) + [False] * len(derived)


def test_withdrawing_consent_or_turning_a_story_back_to_draft_removes_the_page_without_a_redirect(
    tmp_path, capsys, monkeypatch
):
    # A redirect from a withdrawn honoree's address is refused (the file still exists), and the
    # address itself must disappear: withdrawal may not be blocked by the lost-URL guard.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    honoree = site / "honorees/people/gao-shufen.yml"
    honoree.write_text(
        honoree.read_text(encoding="utf-8").replace("consent: {publish: false", "consent: {publish: true"),
        encoding="utf-8",
    )
    assert run(capsys, site, out)[0] == 0
    assert (out / "honorees/gao-shufen/index.html").is_file()
    honoree.write_text(
        honoree.read_text(encoding="utf-8").replace("consent: {publish: true", "consent: {publish: false"),
        encoding="utf-8",
    )
    story = site / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1),
                     encoding="utf-8")
    assert run(capsys, site, out) == (0, "")
    assert not (out / "honorees/gao-shufen").exists()
    assert not (out / "stories/zhao-minghui-chengxin-shouliang").exists()


def test_each_edition_has_its_own_redirect_page_saying_so_in_its_own_script():
    from haoren.publish.redirects import redirect_files
    from haoren.render.editions import site_editions
    from haoren.schema import Redirect

    from ..factories import make_settings

    settings = make_settings(editions=("zh-Hans", "zh-Hant"))
    files = redirect_files([Redirect("/stories/old/", "/stories/new/")], settings, site_editions(settings))
    assert sorted(files) == ["stories/old/index.html", "zh-hant/stories/old/index.html"]
    hans, hant = (files[name].decode() for name in sorted(files))
    assert '<html lang="zh-CN">' in hans and "<title>测试好人网</title>" in hans
    assert '<p>本页已迁移至 <a href="https://haoren.example.cn/stories/new/">' in hans
    assert '<html lang="zh-Hant">' in hant and "<title>測試好人網</title>" in hant
    assert '<p>本頁已遷移至 <a href="https://haoren.example.cn/zh-hant/stories/new/">' in hant
    assert 'content="0; url=https://haoren.example.cn/zh-hant/stories/new/"' in hant
