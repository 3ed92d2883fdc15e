"""A story's or honoree's video on its page: the player (or the provider's frame), the 文字稿, the share tags."""

from __future__ import annotations

from dataclasses import dataclass

from haoren.render.pages.render import Renderer
from haoren.render.share import ShareVideo
from haoren.schema import Video


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


def video_view(r: Renderer, video: Video | None, title: str) -> VideoView | None:
    """The view of `video` (None without one, or when the build published no files for it)."""
    if video is None or r.context.video_sources is None:
        return None
    sources = r.context.video_sources(video)
    transcript = tuple((clock(cue.start), cue.text) for cue in video.cues if cue.text)
    return VideoView(title=title, captions=sources.captions, transcript=transcript, src=sources.src,
                     poster=sources.poster, width=video.width, height=video.height,
                     url=None if sources.src else video.url)


def share_video(r: Renderer, video: Video | None) -> ShareVideo | None:
    """og:video: the MP4 with its size, or a provider's page."""
    if video is None or r.context.video_sources is None:
        return None
    sources = r.context.video_sources(video)
    if sources.absolute_src:
        return ShareVideo(sources.absolute_src, "video/mp4", video.width, video.height)
    return ShareVideo(video.url, "text/html") if video.url else None


def clock(seconds: float) -> str:
    """`0:03`, `12:40`: where a line is in the video."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
