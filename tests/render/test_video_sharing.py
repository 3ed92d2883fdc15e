"""Videos beyond the player: Traditional captions in the 繁體 edition, schema.org VideoObject, feed enclosures."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from ..pagetools import read
from .test_videos import built, edit

BASE = "https://haoren.example.cn"
HONOREE = "honorees/li-jianguo/index.html"
LOCAL = "stories/with-video/index.html"  # a story with the sample's own MP4
PROVIDER = "stories/provider-video/index.html"  # a story with a bilibili video
PROVIDER_URL = "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD"
CAPTIONS = "content/videos/li-jianguo-sample.vtt"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
DURATION = re.compile(r"^PT(\d+M)?\d+S$")


def add_video_stories(site: Path) -> None:
    """Two newest stories with videos, and a name with an override (于河街道) in the captions."""
    captions = "captions: ../../content/videos/li-jianguo-sample.vtt"
    for name, video in (("with-video", "file: ../../content/videos/li-jianguo-sample.mp4"),
                        ("provider-video", f"url: {PROVIDER_URL}")):
        (site / f"stories/2020/{name}.md").write_text(
            f"---\ntitle: 视频新闻{name}\ndate: 2020-05-11\nsummary: 一段关于志愿服务的视频。\n"
            f"video:\n  {video}\n  {captions}\n---\n\n正文。\n", encoding="utf-8")
    edit(site / CAPTIONS, "（示例字幕完）", "（示例字幕完，于河街道）")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("video-sharing"), add_video_stories)


def track(out: Path, page: str) -> dict:
    [found] = [e["attrs"] for e in read((out / page).read_text(encoding="utf-8")) if e["tag"] == "track"]
    return found


def objects(out: Path, page: str, kind: str) -> list[dict]:
    found = [json.loads(text) for text in JSON_LD.findall((out / page).read_text(encoding="utf-8"))]
    return [item for item in found if item["@type"] == kind]


def test_the_traditional_pages_play_captions_converted_with_the_editions_overrides(out):
    hans, hant = track(out, HONOREE), track(out, "zh-hant/" + HONOREE)
    assert (hans["srclang"], hans["label"]) == ("zh", "中文字幕")
    assert (hant["srclang"], hant["label"]) == ("zh-Hant", "繁體中文字幕")
    assert hans["src"] != hant["src"] and hant["src"].startswith("/media/")
    simplified = (out / hans["src"].lstrip("/")).read_text(encoding="utf-8")
    traditional = (out / hant["src"].lstrip("/")).read_text(encoding="utf-8")
    assert "【示例视频】本片为演示用的测试画面" in simplified and "于河街道" in simplified
    assert traditional.startswith("WEBVTT\n")
    assert "【示例視頻】本片爲演示用的測試畫面，並非真實影像。" in traditional  # s2t's 爲, as on the pages
    assert "李建國：穿上紅馬甲，哪裏需要就去哪裏。" in traditional
    assert "（示例字幕完，于河街道）" in traditional and "於河街道" not in traditional  # the override, as on pages
    timings = [line for line in simplified.splitlines() if "-->" in line]
    assert timings and [line for line in traditional.splitlines() if "-->" in line] == timings
    # The story pages with the same captions file use the same converted copy.
    assert track(out, "zh-hant/" + LOCAL)["src"] == hant["src"]
    provider = read((out / "zh-hant" / PROVIDER).read_text(encoding="utf-8"))
    assert [e["attrs"]["href"] for e in provider if e["tag"] == "a" and "下載字幕" in "".join(e["text"])] == [
        hant["src"]]


def test_a_local_video_is_a_schema_org_video_object_with_its_file_poster_and_length(out):
    [video] = objects(out, HONOREE, "VideoObject")
    page = read((out / HONOREE).read_text(encoding="utf-8"))
    [poster] = [e["attrs"]["poster"] for e in page if e["tag"] == "video"]
    [source] = [e["attrs"]["src"] for e in page if e["tag"] == "source" and e["attrs"].get("type") == "video/mp4"]
    assert video["@context"] == "https://schema.org"
    assert video["name"] == "李建国宣传短视频" and video["description"]
    assert video["thumbnailUrl"] == [BASE + poster]
    assert video["contentUrl"] == BASE + source and video["encodingFormat"] == "video/mp4"
    assert "embedUrl" not in video
    assert video["duration"] == "PT4S" and DURATION.match(video["duration"])
    assert datetime.fromisoformat(video["uploadDate"]).tzinfo is not None
    assert video["caption"]["contentUrl"] == BASE + track(out, HONOREE)["src"]
    for url in (video["thumbnailUrl"][0], video["contentUrl"], video["caption"]["contentUrl"]):
        assert (out / url.removeprefix(BASE + "/")).is_file(), url
    [story] = objects(out, LOCAL, "VideoObject")
    assert story["name"] == "视频新闻with-video" and story["uploadDate"] == "2020-05-11T00:00:00+08:00"
    assert story["contentUrl"] == video["contentUrl"]


def test_a_provider_video_is_embedded_by_url_with_the_card_as_thumbnail(out):
    [video] = objects(out, PROVIDER, "VideoObject")
    assert video["embedUrl"] == PROVIDER_URL and "contentUrl" not in video and "duration" not in video
    [card] = [e["attrs"]["content"] for e in read((out / PROVIDER).read_text(encoding="utf-8"))
              if e["tag"] == "meta" and e["attrs"].get("property") == "og:image"]
    assert video["thumbnailUrl"] == [card]


def test_the_traditional_video_object_is_converted_and_names_its_own_captions(out):
    [video] = objects(out, "zh-hant/" + HONOREE, "VideoObject")
    assert video["name"] == "李建國宣傳短視頻" and video["inLanguage"] == "zh-Hant"
    assert video["caption"]["contentUrl"] == BASE + track(out, "zh-hant/" + HONOREE)["src"]
    assert video["contentUrl"] == objects(out, HONOREE, "VideoObject")[0]["contentUrl"]  # one MP4


@pytest.mark.parametrize("folder", ["", "zh-hant/"])
def test_feeds_attach_a_storys_own_video_file(out, folder):
    [source] = [e["attrs"]["src"] for e in read((out / LOCAL).read_text(encoding="utf-8")) if e["tag"] == "source" and e["attrs"].get("type") == "video/mp4"]
    size = (out / source.lstrip("/")).stat().st_size
    atom = feedparser.parse((out / folder / "feed.xml").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    by_link = {entry.link.removeprefix(BASE): entry for entry in atom.entries}
    local = by_link[f"/{folder}stories/with-video/"]
    assert [(e.href, e.type, e.length) for e in local.enclosures] == [(BASE + source, "video/mp4", str(size))]
    assert by_link[f"/{folder}stories/provider-video/"].enclosures == []  # a provider's page is no file
    assert sum(len(entry.enclosures) for entry in atom.entries) == 1
    items = {item["url"].removeprefix(BASE): item for item in
             json.loads((out / folder / "feed.json").read_text(encoding="utf-8"))["items"]}
    [attachment] = items[f"/{folder}stories/with-video/"]["attachments"]
    assert attachment == {"url": BASE + source, "mime_type": "video/mp4", "size_in_bytes": size,
                          "duration_in_seconds": 4, "title": items[f"/{folder}stories/with-video/"]["title"]}
    assert "attachments" not in items[f"/{folder}stories/provider-video/"]
