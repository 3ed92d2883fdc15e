"""Related stories ranked by an earlier build are reused while no honoree, topic or tag moved, and never after."""

from __future__ import annotations

import dataclasses

import pytest

from haoren import pipeline
from haoren.clock import read_clock
from haoren.model.rankingcache import RankingCache
from haoren.model.related import RelatedStories
from haoren.model.site import build_site
from haoren.validate.paths import CACHE_FOLDER

from ..factories import at, make_content, make_honoree, make_story, make_topic
from ..sample_site import copy_sample_site

NOW = at("2020-06-01")


def archive(**changed_story):
    stories = [
        make_story("me", "2020-03-01", honorees=("h",), topics=("t",), tags=("x",)),
        make_story("by-tag", "2020-05-01", tags=("x",)),
        make_story("by-topic", "2020-02-01", topics=("t",)),
        make_story("by-honoree", "2020-01-01", honorees=("h",)),
        make_story("unrelated", "2020-05-02"),
    ]
    stories = [dataclasses.replace(s, **changed_story) if s.slug == "by-topic" else s for s in stories]
    return make_content(stories=tuple(stories), honorees=(make_honoree("h"),), topics=(make_topic("t"),))


@pytest.fixture
def counted_rankings(monkeypatch):
    calls = []
    real = RelatedStories._rank

    def counting(self, number):
        calls.append(number)
        return real(self, number)

    monkeypatch.setattr(RelatedStories, "_rank", counting)
    return calls


def test_kept_rankings_serve_a_retitled_story_with_its_new_title(counted_rankings):
    first = build_site(archive(), NOW)
    kept = {first.related.key: first.related.rankings()}
    counted_rankings.clear()
    second = build_site(archive(title="新标题"), NOW, kept.get)
    related = second.related["me"]
    assert counted_rankings == []
    assert [(s.slug, s.title) for s in related] == [
        ("by-honoree", "标题by-honoree"), ("by-topic", "新标题"), ("by-tag", "标题by-tag")]


def test_a_moved_tag_is_ranked_again(counted_rankings):
    first = build_site(archive(), NOW)
    kept = {first.related.key: first.related.rankings()}
    second = build_site(archive(topics=(), tags=("x",)), NOW, kept.get)
    assert second.related.key != first.related.key
    counted_rankings.clear()
    assert [s.slug for s in second.related["me"]] == ["by-honoree", "by-tag", "by-topic"]
    assert counted_rankings != []


def test_rankings_kept_on_disk_come_back_and_a_damaged_file_means_ranking_again(tmp_path, counted_rankings):
    site = build_site(archive(), NOW)
    cache = RankingCache(tmp_path)
    cache.keep(site.related)
    assert cache.kept(site.related.key) == site.related.rankings()
    (cache.folder / f"{site.related.key}.pickle").write_bytes(b"not a pickle")
    counted_rankings.clear()
    again = build_site(archive(), NOW, cache.kept)
    assert [s.slug for s in again.related["me"]] == ["by-honoree", "by-topic", "by-tag"]
    assert counted_rankings != []


def test_a_build_after_a_title_edit_ranks_nothing_again_and_its_pages_show_the_new_title(tmp_path, counted_rankings):
    site = copy_sample_site(tmp_path / "site")
    now = read_clock("2026-12-01 00:00", environ={})
    pipeline.build(site, now, tmp_path / "out")
    story = site / "stories/2020/zhao-minghui-chengxin-shouliang.md"
    text = story.read_text(encoding="utf-8")
    old_title = next(line for line in text.splitlines() if line.startswith("title: "))[len("title: "):]
    story.write_text(text.replace(f"title: {old_title}", "title: 诚信守粮二十年"), encoding="utf-8")
    counted_rankings.clear()
    pipeline.build(site, now, tmp_path / "out")
    assert counted_rankings == []
    assert len(list((site / CACHE_FOLDER / "related").glob("*.pickle"))) == 1
    pages = [path for path in (tmp_path / "out/stories").glob("*/index.html")
             if "诚信守粮二十年" in path.read_text(encoding="utf-8").split('hr-related', 1)[-1]]
    assert pages, "no story lists the retitled story among its related stories"
