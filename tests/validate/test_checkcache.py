"""An unchanged site is not validated twice; any change to a content file or image is checked again, and the
ledger a build writes is compared on every run without throwing the remembered check away."""

from __future__ import annotations

import pytest

from haoren import pipeline
from haoren.cachefile import read_kept
from haoren.clock import read_clock
from haoren.model.ledger import LEDGER_FILE
from haoren.problems import ProblemsFound
from haoren.validate.checkcache import content_digests

from ..sample_site import copy_sample_site

NOW = read_clock("2026-12-01 00:00", environ={})


@pytest.fixture
def counted_checks(monkeypatch):
    calls = []
    real = pipeline.check_site

    def counting(site_dir, *reused):
        calls.append(site_dir)
        return real(site_dir, *reused)

    monkeypatch.setattr(pipeline, "check_site", counting)
    return calls


def test_a_second_check_of_an_unchanged_site_reuses_the_clean_result(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    first = pipeline.validated_content(site)
    second = pipeline.validated_content(site)
    assert len(counted_checks) == 1
    assert second == first


def test_a_changed_story_is_checked_again_and_its_problem_reported(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    story = site / "stories/2020/zhao-minghui-chengxin-shouliang.md"
    story.write_text(story.read_text(encoding="utf-8").replace("date: 2020-10-20", "date: 2020-02-30"),
                     encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        pipeline.validated_content(site)
    assert [str(p) for p in found.value.problems] == [
        'stories/2020/zhao-minghui-chengxin-shouliang.md:4: date: "2020-02-30" is not a valid date: '
        "February 2020 has 29 days"
    ]
    assert len(counted_checks) == 2


def test_a_deleted_image_is_noticed_although_no_text_file_changed(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    cover = next((site / "content/images").glob("cover-*.jpg"))
    cover.unlink()
    with pytest.raises(ProblemsFound) as found:
        pipeline.validated_content(site)
    assert found.value.problems and all(cover.name in p.message for p in found.value.problems)


def test_a_damaged_remembered_check_is_checked_again_and_kept_whole(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    first = pipeline.validated_content(site)
    [kept] = (site / ".haoren-cache" / "check").glob("*.pickle")
    kept.write_bytes(kept.read_bytes()[:100])
    assert pipeline.validated_content(site) == first
    assert pipeline.validated_content(site) == first
    assert len(counted_checks) == 2  # the damaged one checked again, and kept whole for the third


def test_a_build_that_rewrites_the_ledger_leaves_the_next_check_remembered(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    (site / LEDGER_FILE).unlink()  # so this build writes it, as any build publishing a new address does
    pipeline.build(site, NOW, tmp_path / "out")
    assert (site / LEDGER_FILE).is_file()
    assert pipeline.check(site, NOW).startswith("No problems. ")
    assert len(counted_checks) == 1


def test_a_hand_edited_ledger_is_still_compared_on_every_check(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    pipeline.check(site, NOW)
    with (site / LEDGER_FILE).open("a", encoding="utf-8") as ledger:
        ledger.write('/stories/buzai/: "已删除的文章"\nstories/x: 标题\n')
    lines = len((site / LEDGER_FILE).read_text(encoding="utf-8").splitlines())
    with pytest.raises(ProblemsFound) as found:
        pipeline.check(site, NOW)
    assert [str(p) for p in found.value.problems] == [
        f'{LEDGER_FILE}:{lines}: published: "stories/x" is not a line "/path/: title"; restore this file from git '
        "(build.py build rewrites it)"]
    (site / LEDGER_FILE).write_text((site / LEDGER_FILE).read_text(encoding="utf-8").replace("stories/x: 标题\n", ""),
                                    encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        pipeline.check(site, NOW)
    assert [str(p) for p in found.value.problems] == [
        f'{LEDGER_FILE}:{lines - 1}: published: "/stories/buzai/" was published and this content would remove it; '
        "add {from: /stories/buzai/, to: <its new address>} to content/redirects.yml so old links keep working"]
    assert len(counted_checks) == 1  # the content itself was not checked again


def test_a_ledger_replaced_by_a_symlink_is_checked_again_and_refused(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    pipeline.check(site, NOW)
    kept = tmp_path / "published.yml"
    (site / LEDGER_FILE).rename(kept)
    (site / LEDGER_FILE).symlink_to(kept)
    with pytest.raises(ProblemsFound) as found:
        pipeline.check(site, NOW)
    assert [str(p) for p in found.value.problems] == [
        f"{LEDGER_FILE}:1: file: symbolic links are not allowed; put the real file or folder here"]
    assert len(counted_checks) == 2


@pytest.fixture
def loaded_files(monkeypatch):
    """The content files read from disk (not reused from the last check), in order."""
    from haoren.load import documents

    read = []
    real = documents._load_document

    def counting(rel, path, kind):
        read.append(rel)
        return real(rel, path, kind)

    monkeypatch.setattr(documents, "_load_document", counting)
    return read


STORY = "stories/2020/zhao-minghui-chengxin-shouliang.md"
OTHER_STORY = "stories/2020/han-yumei-aixin-zaocan.md"
SETTINGS = "content/site.yml"  # always read: its rules decide how every other file is read


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_after_one_edit_only_that_file_is_read_again_and_the_site_is_as_a_fresh_check_sees_it(
        tmp_path, loaded_files):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    assert len(loaded_files) > 30
    edit(site / STORY, "title: ", "title: 新")
    del loaded_files[:]
    content = pipeline.validated_content(site)
    assert loaded_files == [SETTINGS, STORY]
    assert any(story.title.startswith("新") for story in content.stories)
    fresh = copy_sample_site(tmp_path / "fresh")
    edit(fresh / STORY, "title: ", "title: 新")
    assert repr(pipeline.validated_content(fresh)).replace(str(fresh), "SITE") == repr(content).replace(
        str(site), "SITE")


def test_a_new_story_naming_someone_unknown_is_refused_although_the_others_are_not_read_again(
        tmp_path, loaded_files):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    text = (site / STORY).read_text(encoding="utf-8")
    (site / "stories/2020/xin-wen.md").write_text(text.replace("zhao-minghui", "nobody-here"), encoding="utf-8")
    del loaded_files[:]
    with pytest.raises(ProblemsFound) as found:
        pipeline.validated_content(site)
    assert loaded_files == [SETTINGS, "stories/2020/xin-wen.md"]
    assert found.value.problems and all(p.path == "stories/2020/xin-wen.md" for p in found.value.problems)
    assert any("nobody-here" in p.message for p in found.value.problems)


def test_an_image_replaced_by_a_broken_file_is_refused_although_no_text_file_changed(tmp_path, loaded_files):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    (site / "content/images/photo-li-jianguo.jpg").write_bytes(b"not an image")
    del loaded_files[:]
    with pytest.raises(ProblemsFound) as found:
        pipeline.validated_content(site)
    assert [str(p) for p in found.value.problems] == [
        'honorees/people/li-jianguo.yml:16: photo: "../../content/images/photo-li-jianguo.jpg" is not a JPEG, '
        "PNG or WebP image"]
    assert STORY in loaded_files  # entries check the files they name: every file was read again


def test_a_missing_image_put_back_clears_its_problem_although_no_text_file_changed(tmp_path, loaded_files):
    # An added file that is not a content document (the image) means the entries are read again.
    site = copy_sample_site(tmp_path / "site")
    photo = site / "content/images/photo-li-jianguo.jpg"
    kept = photo.read_bytes()
    photo.unlink()
    with pytest.raises(ProblemsFound) as found:
        pipeline.validated_content(site)
    assert [p.path for p in found.value.problems] == ["honorees/people/li-jianguo.yml"]
    photo.write_bytes(kept)
    del loaded_files[:]
    pipeline.validated_content(site)
    assert STORY in loaded_files


def test_a_fixed_mistake_is_read_again_and_the_kept_entries_of_a_failed_check_serve_the_next(
        tmp_path, loaded_files):
    site = copy_sample_site(tmp_path / "site")
    edit(site / STORY, "date: 2020-10-20", "date: 2020-02-30")
    with pytest.raises(ProblemsFound):
        pipeline.validated_content(site)
    edit(site / STORY, "date: 2020-02-30", "date: 2020-10-20")
    del loaded_files[:]
    pipeline.validated_content(site)
    assert loaded_files == [SETTINGS, STORY]


def test_damaged_kept_entries_mean_a_whole_check_not_a_traceback(tmp_path, loaded_files):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    kept = list((site / ".haoren-cache" / "check-entries").rglob("*.pickle"))
    assert len(kept) > 10
    for shard in kept:
        shard.write_bytes(shard.read_bytes()[:100])
    edit(site / STORY, "title: ", "title: 新")
    del loaded_files[:]
    assert any(story.title.startswith("新") for story in pipeline.validated_content(site).stories)
    assert len(loaded_files) > 30


def test_one_damaged_shard_reads_again_only_its_own_files(tmp_path, loaded_files):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    shards = {}
    for path in (site / ".haoren-cache" / "check-entries").rglob("*.pickle"):
        _, digests, _ = read_kept(path, site)
        shards[path] = set(digests)
    damaged = next(path for path, files in shards.items() if OTHER_STORY in files)
    assert STORY not in shards[damaged]
    damaged.write_bytes(b"damaged")
    edit(site / STORY, "title: ", "title: 新")
    del loaded_files[:]
    content = pipeline.validated_content(site)
    assert set(loaded_files) == {SETTINGS, STORY} | {rel for rel in shards[damaged] if rel.endswith((".md", ".yml"))}
    fresh = copy_sample_site(tmp_path / "fresh")
    edit(fresh / STORY, "title: ", "title: 新")
    assert repr(pipeline.validated_content(fresh)).replace(str(fresh), "SITE") == repr(content).replace(
        str(site), "SITE")


def test_an_edit_rewrites_only_the_kept_entries_of_the_edited_file(tmp_path, loaded_files):
    """At 10,000 stories the entries are 100 MB: a build after one edit writes the shard of that file."""
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    folder = site / ".haoren-cache" / "check-entries"
    before = {path: path.stat().st_ino for path in folder.rglob("*.pickle")}
    edit(site / STORY, "title: ", "title: 新")
    pipeline.validated_content(site)
    after = {path: path.stat().st_ino for path in folder.rglob("*.pickle")}
    assert after.keys() == before.keys()
    rewritten = [path for path in after if after[path] != before[path]]
    assert len(rewritten) == 1
    del loaded_files[:]
    edit(site / STORY, "title: 新", "title: 新新")
    pipeline.validated_content(site)
    assert loaded_files == [SETTINGS, STORY]  # the rewritten shard holds the edited file's new entry


def test_the_digests_name_every_content_file_and_a_symlink_by_its_target(tmp_path):
    # What decides whether a check is reused: every file under the content folders by its bytes, a
    # symlink (a linked folder too, which is not followed) by its target, the ledger and Python's
    # caches not at all.
    site = tmp_path / "site"
    for rel, text in {"stories/2020/a.md": "一", "stories/__pycache__/x.pyc": "", "content/site.yml": "二",
                      "content/published.yml": "三", "honorees/b.yml": "四", "elsewhere/c.yml": "五"}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    (site / "honorees/linked").symlink_to("../elsewhere")
    digests = content_digests(site)
    assert sorted(digests) == ["content/site.yml", "honorees/b.yml", "honorees/linked", "stories/2020/a.md"]
    assert digests["honorees/linked"] == b"link:../elsewhere"
    (site / "stories/2020/a.md").write_text("一二", encoding="utf-8")
    (site / "content/published.yml").write_text("changed by a build", encoding="utf-8")
    after = content_digests(site)
    assert [rel for rel in digests if after[rel] != digests[rel]] == ["stories/2020/a.md"]
    (site / "content/published.yml").unlink()
    (site / "content/published.yml").symlink_to("site.yml")
    assert content_digests(site)["content/published.yml"] == b"link:site.yml"


def test_the_checking_context_follows_the_code_but_not_its_caches(tmp_path, monkeypatch):
    # A remembered check stands for the code that made it: an edited module checks again, a new
    # .pyc (Python's own cache) does not.
    from haoren.validate import checkcache

    code = tmp_path / "haoren"
    (code / "validate").mkdir(parents=True)
    (code / "validate" / "rules.py").write_text("LIMIT = 1\n", encoding="utf-8")
    monkeypatch.setattr(checkcache, "CODE", code)
    before = checkcache.checking_context()
    (code / "validate" / "__pycache__").mkdir()
    (code / "validate" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\0")
    assert checkcache.checking_context() == before
    (code / "validate" / "rules.py").write_text("LIMIT = 2\n", encoding="utf-8")
    assert checkcache.checking_context() != before
