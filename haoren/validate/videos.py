"""The `video` field of stories and honorees: a local MP4 or an allow-listed provider, WebVTT captions either way."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from haoren.drawing.videos import VideoFacts, VideoToolMissing, verify_video
from haoren.schema import Image, Video
from haoren.validate.captions import past_the_end, read_cues
from haoren.validate.fields import Refused, line_at
from haoren.validate.paths import CACHE_FOLDER

if TYPE_CHECKING:
    from haoren.validate.entry import Entry
    from haoren.validate.paths import SiteFiles

VIDEO_SUFFIX = ".mp4"


def check_video(entry: Entry, video_hosts: tuple[str, ...], files: SiteFiles) -> None:
    """Replace the `video` value by its Video record, or report every problem at its line."""
    values, data, reading = entry.values, entry.doc.data, entry.reading
    video = values.get("video")
    if not video:
        return
    report = reading.report
    before = len(reading.problems)
    url, file = video.get("url"), video.get("file")
    if "url" in data["video"] and "file" in data["video"]:
        report(line_at(data, "video", "file"), "video.file",
               "a video is either a file of this site or a provider's url, not both")
    elif "url" not in data["video"] and "file" not in data["video"]:
        report(line_at(data, "video"), "video", "needs file (an MP4 of this site) or url (a video provider's page)")
    if url and urlsplit(url).hostname not in video_hosts:
        report(line_at(data, "video", "url"), "video.url",
               f'"{url}" is not on an allowed video host ({", ".join(video_hosts)})')
    if "poster" in data["video"] and "file" not in data["video"]:
        report(line_at(data, "video", "poster"), "video.poster", "only a video file has a poster; a provider "
                                                                 "shows its own")
    facts = local_file(entry, files) if file else None
    poster = None
    if video.get("poster") and file:
        try:
            poster = files.verified_image(entry.doc.rel, video["poster"])
        except Refused as refusal:
            report(line_at(data, "video", "poster"), "video.poster", str(refusal))
    cues = ()
    if "captions" in video:
        captions_line = line_at(data, "video", "captions")
        captions = files.captions(entry.doc, video["captions"], captions_line, reading)
        if captions is not None:
            cues, problems = read_cues(captions.read_text(encoding="utf-8"))
            if facts is not None:
                problems += past_the_end(cues, facts.duration)
            for problem in problems:
                report(captions_line, "video.captions", f'line {problem.line} of "{video["captions"]}" '
                                                        f"{problem.message}")
    if len(reading.problems) > before or "captions" not in video:
        return
    values["video"] = Video(
        captions=captions, cues=cues, url=url, file=files.locate(entry.doc.rel, file) if file else None,
        poster=Image(source=poster, alt="") if poster else None, duration=facts.duration if facts else None,
        width=facts.width if facts else None, height=facts.height if facts else None,
    )


def local_file(entry: Entry, files: SiteFiles) -> VideoFacts | None:
    """The VideoFacts of `video.file`, or None after reporting why it cannot be published."""
    data, value = entry.doc.data, entry.values["video"]["file"]
    line = line_at(data, "video", "file")
    try:
        source = files.locate(entry.doc.rel, value)
        if source.suffix.lower() != VIDEO_SUFFIX:
            raise Refused(f'"{value}" is not an MP4 file ({VIDEO_SUFFIX}); export it as MP4 (H.264 video, AAC sound)')
        verdict = verify_video(source, files.root / CACHE_FOLDER, label=value)
    except Refused as refusal:
        verdict = str(refusal)
    except VideoToolMissing as missing:
        verdict = f'"{value}" cannot be checked: {missing}'
    if isinstance(verdict, str):
        entry.reading.report(line, "video.file", verdict)
        return None
    return verdict

