"""Videos on published pages: the player, its captions track and 文字稿, the provider frame, og:video, lifecycle."""

from __future__ import annotations

from pathlib import Path

import pytest

import build

from ..pagetools import read, texts
from ..sample_site import copy_sample_site
from ..videos import make_video

NOW = "2020-05-12 09:00"
HONOREE = "honorees/people/li-jianguo.yml"  # the sample honoree with a local video
PAGE = "honorees/li-jianguo/index.html"
SAMPLE_CUE = "【示例视频】本片为演示用的测试画面，并非真实影像。"


def built(root: Path, change=None) -> Path:
    """The sample site, changed by `change(site)`, built as of NOW; the output folder."""
    site = copy_sample_site(root / "site")
    if change:
        change(site)
    out = root / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", NOW]) == 0
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("videos"))


def element(html: str, tag: str, **attrs: str) -> dict:
    """The one `tag` element with these attribute values."""
    [found] = [e for e in read(html) if e["tag"] == tag and all(e["attrs"].get(k) == v for k, v in attrs.items())]
    return found


def test_a_local_video_plays_only_when_asked_with_captions_on(sample):
    html = (sample / PAGE).read_text(encoding="utf-8")
    video = element(html, "video")["attrs"]
    assert {key: video.get(key, "absent") for key in ("controls", "preload", "playsinline", "autoplay")} == {
        "controls": None, "preload": "none", "playsinline": None, "autoplay": "absent"}
    assert (video["width"], video["height"]) == ("320", "180")
    source, track = element(html, "source", type="video/mp4")["attrs"], element(html, "track")["attrs"]
    assert source["type"] == "video/mp4"
    assert {key: track.get(key) for key in ("kind", "srclang", "label", "default")} == {
        "kind": "captions", "srclang": "zh", "label": "中文字幕", "default": None}
    for url in (source["src"], track["src"], video["poster"]):
        assert url.startswith("/media/") and (sample / url.lstrip("/")).is_file()
    assert (sample / source["src"].lstrip("/")).read_bytes()[4:8] == b"ftyp"
    assert (sample / track["src"].lstrip("/")).read_text(encoding="utf-8").startswith("WEBVTT")
    assert (sample / video["poster"].lstrip("/")).read_bytes()[:2] == b"\xff\xd8"  # a JPEG rendition of a frame


def test_the_captions_are_a_collapsed_transcript_in_the_page_text(sample):
    html = (sample / PAGE).read_text(encoding="utf-8")
    transcript = [e for e in read(html) if e["tag"] == "details" and "hr-transcript" in e["attrs"].get("class", "")]
    assert len(transcript) == 1 and "open" not in transcript[0]["attrs"]
    assert texts(html, "hr-transcript")[0].startswith("文字稿 0:00 " + SAMPLE_CUE)


def test_the_share_metadata_names_the_video_with_its_size(sample):
    head = (sample / PAGE).read_text(encoding="utf-8").split("</head>")[0]
    metas = {e["attrs"]["property"]: e["attrs"]["content"] for e in read(head)
             if e["tag"] == "meta" and e["attrs"].get("property", "").startswith("og:video")}
    video = element((sample / PAGE).read_text(encoding="utf-8"), "source", type="video/mp4")["attrs"]["src"]
    assert metas == {"og:video": f"https://haoren.example.cn{video}", "og:video:secure_url":
                     f"https://haoren.example.cn{video}", "og:video:type": "video/mp4",
                     "og:video:width": "320", "og:video:height": "180"}


def test_a_withdrawn_honoree_publishes_no_video_poster_or_captions(sample, tmp_path):
    shown = element((sample / PAGE).read_text(encoding="utf-8"), "video")
    html = (sample / PAGE).read_text(encoding="utf-8")
    files = {shown["attrs"]["poster"], element(html, "source", type="video/mp4")["attrs"]["src"],
             element(html, "track")["attrs"]["src"]}
    out = built(tmp_path, lambda site: edit(site / HONOREE, "consent: {publish: true", "consent: {publish: false"))
    assert not (out / PAGE).exists()
    assert [name for name in files if (out / name.lstrip("/")).exists()] == []
    assert not [p.name for p in (out / "media").iterdir() if p.suffix in (".mp4", ".vtt")]
    assert not any(SAMPLE_CUE in p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


def test_a_provider_video_is_a_frame_with_a_link_to_its_captions(tmp_path):
    def provider(site: Path) -> None:
        edit(site / HONOREE, "  file: ../../content/videos/li-jianguo-sample.mp4",
             "  url: https://player.bilibili.com/player.html?bvid=BV1xx411c7mD")

    out = built(tmp_path, provider)
    html = (out / PAGE).read_text(encoding="utf-8")
    frame = element(html, "iframe")["attrs"]
    assert frame["src"] == "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD"
    assert "<video" not in html and "autoplay" not in frame.get("allow", "")
    [captions] = [e for e in read(html) if e["tag"] == "a" and "下载字幕" in "".join(e["text"])]
    assert (out / captions["attrs"]["href"].lstrip("/")).read_text(encoding="utf-8").startswith("WEBVTT")
    assert SAMPLE_CUE in texts(html, "hr-transcript")[0]
    assert '<meta property="og:video:type" content="text/html">' in html
    assert not [p for p in (out / "media").iterdir() if p.suffix == ".mp4"]


def test_a_story_shows_its_video_and_a_draft_story_publishes_none(tmp_path):
    def stories(site: Path) -> None:
        make_video(site / "content/videos/draft.mp4", 4)
        video = ("video:\n  file: ../../content/videos/{}.mp4\n  captions: ../../content/videos/"
                 "li-jianguo-sample.vtt\n")
        for name, file, extra in (("with-video", "li-jianguo-sample", ""), ("draft-video", "draft", "draft: true\n")):
            (site / f"stories/2020/{name}.md").write_text(
                f"---\ntitle: 视频新闻\ndate: 2020-05-01\nsummary: 一段视频。\n{extra}{video.format(file)}---\n\n正文。\n",
                encoding="utf-8")

    out = built(tmp_path, stories)
    html = (out / "stories/with-video/index.html").read_text(encoding="utf-8")
    assert element(html, "video")["attrs"]["preload"] == "none" and SAMPLE_CUE in html
    assert not (out / "stories/draft-video").exists()
    assert len([p for p in (out / "media").iterdir() if p.suffix == ".mp4"]) == 1  # the draft's file is not there
