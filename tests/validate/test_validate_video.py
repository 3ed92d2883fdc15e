"""The `video` field of honorees and stories: a local MP4 judged by ffprobe, or a provider; WebVTT captions always."""

from __future__ import annotations

from haoren.schema import Cue

from ..site_folder import PERSON, STORY, content, problems, replaced, write_photo
from ..videos import captions, make_video, truncated

LOCAL = "video:\n  file: v/a.mp4\n  captions: v/a.vtt\n"  # lines 10-12 of the honoree file
FILE_LINE, CAPTIONS_LINE = 11, 12
TWO_CUES = (("00:00.000", "00:01.000", "第一句"), ("00:01.000", "00:02.000", "第二句 &amp; 结束"))


def honoree(tmp_path, video: str = LOCAL, *, seconds: float = 2, cues=TWO_CUES, **made) -> dict[str, str]:
    make_video(tmp_path / "honorees/v/a.mp4", seconds, **made)
    captions(tmp_path / "honorees/v/a.vtt", *cues)
    return {"honorees/a.yml": PERSON + video}


def test_a_local_video_becomes_a_record_with_its_facts_and_cues(tmp_path):
    [person] = content(tmp_path, honoree(tmp_path)).honorees
    video = person.video
    assert video.file == (tmp_path / "honorees/v/a.mp4").resolve()
    assert (video.duration, video.width, video.height, video.url, video.poster) == (2.0, 64, 36, None, None)
    assert video.cues == (Cue(3, 0.0, 1.0, "第一句"), Cue(6, 1.0, 2.0, "第二句 & 结束"))


def test_a_story_carries_a_video_too(tmp_path):
    files = honoree(tmp_path)
    files["stories/s.md"] = STORY.replace("summary: 摘要\n", "summary: 摘要\nvideo:\n  file: ../honorees/v/a.mp4\n"
                                                        "  captions: ../honorees/v/a.vtt\n")
    [story] = content(tmp_path, files).stories
    assert story.video.duration == 2.0 and len(story.video.cues) == 2


def test_a_given_poster_is_checked_like_every_image(tmp_path):
    write_photo(tmp_path / "honorees/v/poster.jpg")
    (tmp_path / "honorees/v").mkdir(parents=True, exist_ok=True)
    (tmp_path / "honorees/v/broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    good = honoree(tmp_path, LOCAL + "  poster: v/poster.jpg\n")
    assert content(tmp_path, good).honorees[0].video.poster.source == (tmp_path / "honorees/v/poster.jpg").resolve()
    assert problems(tmp_path, honoree(tmp_path, LOCAL + "  poster: v/broken.jpg\n")) == [
        'honorees/a.yml:13: video.poster: "v/broken.jpg" is truncated or damaged',
    ]


def test_a_corrupt_file_is_refused_at_its_line(tmp_path):
    files = honoree(tmp_path, extra=("-movflags", "+faststart"))
    truncated(tmp_path / "honorees/v/a.mp4", tmp_path / "honorees/v/a.mp4")
    assert problems(tmp_path, files) == [
        f'honorees/a.yml:{FILE_LINE}: video.file: "v/a.mp4" is truncated or damaged (it does not decode to the end)',
    ]


def test_a_codec_phones_do_not_all_play_is_refused(tmp_path):
    files = honoree(tmp_path, extra=())
    make_video(tmp_path / "honorees/v/a.mp4", 2, "-c:v", "mpeg4", "-c:a", "aac")
    assert problems(tmp_path, files) == [
        f'honorees/a.yml:{FILE_LINE}: video.file: "v/a.mp4" has MPEG-4 Part 2 video, which not every phone plays; '
        "export it as MP4 with H.264 video and AAC sound",
    ]


def test_a_webm_file_is_not_an_mp4(tmp_path):
    files = honoree(tmp_path, LOCAL.replace("a.mp4", "a.webm"))
    make_video(tmp_path / "honorees/v/a.webm", 1, "-c:v", "libvpx-vp9", "-an")
    assert problems(tmp_path, files) == [
        f'honorees/a.yml:{FILE_LINE}: video.file: "v/a.webm" is not an MP4 file (.mp4); export it as MP4 '
        "(H.264 video, AAC sound)",
    ]


def test_more_than_ten_minutes_is_refused(tmp_path):
    files = honoree(tmp_path, seconds=660, rate="1/60", size="32x18", sound=False,
                    cues=(("00:00.000", "00:01.000", "很长"),))
    assert problems(tmp_path, files) == [
        f'honorees/a.yml:{FILE_LINE}: video.file: "v/a.mp4" lasts 11:00; the limit is 10:00',
    ]


def test_captions_out_of_order_are_reported_with_their_line_in_the_file(tmp_path):
    cues = (("00:01.000", "00:02.000", "后"), ("00:00.000", "00:01.000", "前"))
    assert problems(tmp_path, honoree(tmp_path, cues=cues)) == [
        f'honorees/a.yml:{CAPTIONS_LINE}: video.captions: line 6 of "v/a.vtt" has a cue starting at 00:00:00.000, '
        "before the cue on line 3 (00:00:01.000): cues must be in order",
    ]


def test_captions_past_the_end_of_the_video(tmp_path):
    cues = (("00:00.000", "00:01.000", "一"), ("00:01.000", "00:09.500", "二"))
    assert problems(tmp_path, honoree(tmp_path, cues=cues)) == [
        f'honorees/a.yml:{CAPTIONS_LINE}: video.captions: line 6 of "v/a.vtt" has a cue ending at 00:00:09.500, '
        "after the video ends (00:00:02.000)",
    ]


def test_captions_that_do_not_parse(tmp_path):
    files = honoree(tmp_path)
    (tmp_path / "honorees/v/a.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\n一\n\n00:0x.000 --> 00:02.000\n二\n"
                                               "\n00:01.500 --> 00:01.200\n三\n")
    assert problems(tmp_path, files) == [
        f'honorees/a.yml:{CAPTIONS_LINE}: video.captions: line 6 of "v/a.vtt" has "00:0x.000 --> 00:02.000", '
        "which is not a cue timing (like 00:01.000 --> 00:04.000)",
        f'honorees/a.yml:{CAPTIONS_LINE}: video.captions: line 9 of "v/a.vtt" has a cue that ends (00:00:01.200) '
        "before it starts (00:00:01.500)",
    ]
    (tmp_path / "honorees/v/a.vtt").write_text("00:00.000 --> 00:01.000\n一\n")
    assert problems(tmp_path, files) == [
        f'honorees/a.yml:{CAPTIONS_LINE}: video.captions: line 1 of "v/a.vtt" does not start with "WEBVTT": '
        "it is not a WebVTT file",
    ]


def test_captions_are_required_for_a_file_and_for_a_provider(tmp_path):
    files = honoree(tmp_path, "video:\n  file: v/a.mp4\n")
    files["honorees/b.yml"] = PERSON + "video: {url: 'https://v.qq.com/x/page/a.html'}\n"
    assert problems(tmp_path, files) == [
        "honorees/a.yml:11: video.captions: is required",  # the line the mapping starts on
        "honorees/b.yml:10: video.captions: is required",
    ]


def test_a_video_is_a_file_or_a_provider_and_only_a_file_has_a_poster(tmp_path):
    files = honoree(tmp_path, "video:\n  file: v/a.mp4\n  url: https://v.qq.com/x/a.html\n  captions: v/a.vtt\n")
    files["honorees/b.yml"] = PERSON + "video:\n  captions: v/a.vtt\n"
    files["honorees/c.yml"] = PERSON + "video:\n  url: https://v.qq.com/x/a.html\n  captions: v/a.vtt\n  poster: p.jpg\n"
    assert problems(tmp_path, files) == [
        "honorees/a.yml:11: video.file: a video is either a file of this site or a provider's url, not both",
        "honorees/b.yml:10: video: needs file (an MP4 of this site) or url (a video provider's page)",
        "honorees/c.yml:13: video.poster: only a video file has a poster; a provider shows its own",
    ]


def test_every_video_problem_of_a_file_in_one_run(tmp_path):
    files = honoree(tmp_path, cues=(("00:01.000", "00:05.000", "一"), ("00:00.000", "00:01.000", "二")))
    make_video(tmp_path / "honorees/v/a.mp4", 2, "-c:v", "mpeg4", "-c:a", "aac")
    # the video cannot be published, so its length is unknown: only the order of the cues is reported
    assert [line.split(": ")[1] for line in problems(tmp_path, files)] == ["video.file", "video.captions"]


def test_without_ffmpeg_a_video_file_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    files = honoree(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert problems(tmp_path, files) == [
        f'honorees/a.yml:{FILE_LINE}: video.file: "v/a.mp4" cannot be checked: ffprobe is not installed (Debian '
        "package ffmpeg; `make site` installs it)",
    ]
