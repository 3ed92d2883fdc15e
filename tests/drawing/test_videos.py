"""Video files judged with ffprobe/ffmpeg: what every phone plays, whole, short enough; published without metadata."""

from __future__ import annotations

import json
import subprocess

from haoren.drawing.videos import MAX_BYTES, VideoFacts, publish_video, verify_video

from ..videos import make_video, truncated


def test_a_phone_video_is_accepted_with_its_length_and_size(tmp_path):
    video = make_video(tmp_path / "a.mp4", 2, size="64x36")
    assert verify_video(video, tmp_path / "cache", label="v/a.mp4") == VideoFacts(duration=2.0, width=64, height=36)


def test_a_truncated_video_is_refused_never_a_crash(tmp_path):
    video = truncated(make_video(tmp_path / "a.mp4", 2, extra=("-movflags", "+faststart")), tmp_path / "cut.mp4")
    assert verify_video(video, None, label="cut.mp4") == '"cut.mp4" is truncated or damaged (it does not decode to the end)'


def test_damaged_pictures_inside_a_whole_file_are_refused(tmp_path):
    data = bytearray(make_video(tmp_path / "a.mp4", 2, size="160x90", extra=("-movflags", "+faststart")).read_bytes())
    for index in range(len(data) // 2, len(data) - 200, 7):  # inside the media data, after the index
        data[index] ^= 0x5A
    (tmp_path / "b.mp4").write_bytes(data)
    assert verify_video(tmp_path / "b.mp4", None) == '"b.mp4" is truncated or damaged (it does not decode to the end)'


def test_bytes_that_are_no_video_are_refused(tmp_path):
    (tmp_path / "a.mp4").write_bytes(b"not a video at all" * 50)
    assert verify_video(tmp_path / "a.mp4", None) == (
        '"a.mp4" is not a video ffmpeg can read (damaged, or not a video at all)')


def test_codecs_that_not_every_phone_plays_are_refused(tmp_path):
    part2 = make_video(tmp_path / "part2.mp4", 1, "-c:v", "mpeg4", "-c:a", "aac")
    vp9 = make_video(tmp_path / "vp9.mp4", 1, "-c:v", "libvpx-vp9", "-c:a", "libopus", "-f", "webm")
    high444 = make_video(tmp_path / "444.mp4", 1, "-c:v", "libx264", "-pix_fmt", "yuv444p", "-c:a", "aac")
    mp3 = make_video(tmp_path / "mp3.mp4", 1, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "libmp3lame", "-ar", "22050")
    assert [verify_video(video, None) for video in (part2, vp9, high444, mp3)] == [
        '"part2.mp4" has MPEG-4 Part 2 video, which not every phone plays; export it as MP4 with H.264 video and '
        "AAC sound",
        '"vp9.mp4" has VP9 video, which not every phone plays; export it as MP4 with H.264 video and AAC sound',
        '"444.mp4" has H.264 video in the "High 4:4:4 Predictive" profile, which not every phone plays; use the '
        "Baseline, Main or High profile",
        '"mp3.mp4" has MP3 sound, which not every phone plays; use AAC',
    ]


def test_h264_in_another_container_is_refused(tmp_path):
    video = make_video(tmp_path / "a.mp4", 1, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "matroska")
    assert verify_video(video, None) == (
        '"a.mp4" is not an MP4 file (matroska,webm); export it as MP4 (H.264 video, AAC sound)')


def test_more_than_ten_minutes_is_refused(tmp_path):
    # one frame a minute: eleven minutes in a couple of kilobytes
    video = make_video(tmp_path / "long.mp4", 660, rate="1/60", size="32x18", sound=False)
    assert video.stat().st_size < 10_000
    assert verify_video(video, None) == '"long.mp4" lasts 11:00; the limit is 10:00'


def test_more_than_200_mb_is_refused_before_reading_it(tmp_path):
    video = tmp_path / "big.mp4"
    with open(video, "wb") as file:
        file.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    assert verify_video(video, None) == '"big.mp4" is 200 MB; the limit is 200 MB'


def test_the_verdict_is_kept_by_content_hash(tmp_path):
    cache = tmp_path / "cache"
    video = make_video(tmp_path / "a.mp4", 1)
    verify_video(video, cache)
    [record] = (cache / "video-verdicts").rglob("*.json")
    assert json.loads(record.read_text())["duration"] == 1.0
    record.write_text(json.dumps({"verdict": "was judged before"}))  # the cache is read, not the file
    assert verify_video(video, cache) == '"a.mp4" was judged before'


def test_published_video_keeps_its_streams_and_drops_its_metadata(tmp_path):
    source = make_video(tmp_path / "a.mp4", 2, extra=("-metadata", "title=家庭住址", "-metadata",
                                                       "location=+36.7000+119.1000/"))
    published = publish_video(source, tmp_path / "cache", 2.0)
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags:stream=codec_name",
                            "-of", "json", str(published.path)], capture_output=True, text=True, check=True)
    found = json.loads(probe.stdout)
    assert [s["codec_name"] for s in found["streams"]] == ["h264", "aac"]
    assert not {"title", "location", "encoder"} & set(found["format"].get("tags", {}))
    assert published.name.endswith(".mp4") and published.frame.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = publish_video(source, tmp_path / "cache", 2.0)
    assert again == published and again.path.read_bytes() == published.path.read_bytes()
