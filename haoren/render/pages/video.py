"""A story's or honoree's video on its page: the player (or the provider's frame), the 文字稿, the share tags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

from haoren.render.pages.render import Renderer, iso_datetime
from haoren.render.share import ShareVideo
from haoren.schema import Video


CAPTIONS_LABELS = {"zh-Hant": "繁體中文字幕"}


@dataclass(frozen=True)
class VideoView:
    """What the template shows: a local player or a provider's <iframe>, with the captions as a transcript."""

    title: str
    captions: str
    transcript: tuple[tuple[str, str], ...]  # (0:03, text)
    src: str | None = None
    poster: str | None = None
    width: int | None = None
    height: int | None = None
    url: str | None = None
    captions_lang: str = "zh"  # the <track>'s srclang and label: the captions file's script
    captions_label: str = "中文字幕"


def video_view(r: Renderer, video: Video | None, title: str) -> VideoView | None:
    """The view of `video` (None without one, or when the build published no files for it)."""
    if video is None or r.context.video_sources is None:
        return None
    sources = r.context.video_sources(video)
    transcript = tuple((clock(cue.start), cue.text) for cue in video.cues if cue.text)
    # A converted edition publishes its own converted captions (render.media): say which script they are in.
    track = (r.edition.code, CAPTIONS_LABELS[r.edition.code]) if r.edition.converted else ("zh", "中文字幕")
    return VideoView(title=title, captions=sources.captions, transcript=transcript, src=sources.src,
                     poster=sources.poster, width=video.width, height=video.height,
                     url=None if sources.src else video.url, captions_lang=track[0], captions_label=track[1])


def share_video(r: Renderer, video: Video | None) -> ShareVideo | None:
    """og:video: the MP4 with its size, or a provider's page."""
    if video is None or r.context.video_sources is None:
        return None
    sources = r.context.video_sources(video)
    if sources.absolute_src:
        return ShareVideo(sources.absolute_src, "video/mp4", video.width, video.height)
    return ShareVideo(video.url, "text/html") if video.url else None


def video_object(
    r: Renderer, video: Video | None, name: str, description: str, uploaded: date | datetime | None,
    thumbnail: str | None,
) -> dict[str, Any] | None:
    """schema.org VideoObject: the MP4 (contentUrl) or the provider's player (embedUrl), the poster (or,
    for a provider's video, the page's card) as thumbnail, the length ffprobe measured, the captions."""
    if video is None or r.context.video_sources is None:
        return None
    sources = r.context.video_sources(video)
    base = r.site.settings.base_url
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "VideoObject", "name": name,
                            "description": description, "inLanguage": r.edition.code}
    poster = urljoin(base, sources.poster) if sources.poster else thumbnail
    if poster:
        data["thumbnailUrl"] = [poster]
    if uploaded:
        data["uploadDate"] = iso_datetime(uploaded)
    if sources.absolute_src:
        data.update(contentUrl=sources.absolute_src, encodingFormat="video/mp4")
    elif video.url:
        data["embedUrl"] = video.url
    if video.duration:
        data["duration"] = iso_duration(video.duration)
    data["caption"] = {"@type": "MediaObject", "contentUrl": urljoin(base, sources.captions),
                       "encodingFormat": "text/vtt", "inLanguage": r.edition.code}
    return data


def iso_duration(seconds: float) -> str:
    """ISO 8601, whole seconds: `PT4S`, `PT3M5S`."""
    minutes, rest = divmod(max(1, round(seconds)), 60)
    return f"PT{minutes}M{rest}S" if minutes else f"PT{rest}S"


def clock(seconds: float) -> str:
    """`0:03`, `12:40`: where a line is in the video."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
