"""The Markdown cache: a text rendered once is not rendered again by the next build; an edit rewrites one shard."""

from __future__ import annotations

from pathlib import Path

from haoren.render.pages.markdown import render_many
from haoren.render.pages.mdcache import MarkdownCache

TEXTS = [f"第{i}段，**好人**好事。" for i in range(40)]


def build(folder: Path, texts: list[str], tag: str = "tag") -> list[str]:
    """One build's use of the cache: what it had to render, after recalling the last build's."""
    cache = MarkdownCache(folder, tag)
    missing = cache.recall(texts)
    cache.rendered.update(zip(missing, render_many(missing)))
    cache.save()
    return missing


def kept_files(folder: Path) -> dict[Path, int]:
    return {path: path.stat().st_ino for path in folder.rglob("*.pickle")}


def test_the_next_build_renders_nothing_it_rendered_and_gives_the_same_html(tmp_path):
    assert build(tmp_path, TEXTS) == TEXTS
    cache = MarkdownCache(tmp_path, "tag")
    assert cache.recall(TEXTS) == []
    assert [cache.rendered[text] for text in TEXTS] == render_many(TEXTS)


def test_an_edit_renders_and_rewrites_only_the_edited_text(tmp_path):
    build(tmp_path, TEXTS)
    before = kept_files(tmp_path)
    assert len(before) > 10  # in shards
    edited = [*TEXTS[:-1], "改过的一段。"]
    assert build(tmp_path, edited) == ["改过的一段。"]
    after = kept_files(tmp_path)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert 1 <= len(changed) <= 2  # the old text's shard and the new one's (the same shard, or two)
    assert build(tmp_path, edited) == []
    assert build(tmp_path, TEXTS) == [TEXTS[-1]]  # only the last build's texts are kept


def test_another_tag_recalls_nothing(tmp_path):
    build(tmp_path, TEXTS)
    assert build(tmp_path, TEXTS, tag="other") == TEXTS


def test_a_damaged_shard_renders_again_only_its_texts(tmp_path):
    build(tmp_path, TEXTS)
    damaged = sorted(tmp_path.rglob("*.pickle"))[0]
    damaged.write_bytes(b"not a pickle")
    again = build(tmp_path, TEXTS)
    assert 1 <= len(again) < len(TEXTS)
    assert build(tmp_path, TEXTS) == []
