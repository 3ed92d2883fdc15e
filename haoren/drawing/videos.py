"""Videos: judge editors' MP4 files with ffprobe/ffmpeg, remux them metadata-free, take poster frames; all cached by content hash."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from haoren.drawing.drawcache import file_digest
from haoren.drawing.images import read_cache_record, write_cache_record
from haoren.sourcedigests import SourceDigests

MAX_SECONDS = 10 * 60
MAX_BYTES = 200 * 1024 * 1024
# What every phone browser plays: H.264 in these profiles, 8-bit 4:2:0, with AAC sound (or none).
VIDEO_PROFILES = ("Constrained Baseline", "Baseline", "Main", "High")
PIXEL_FORMATS = ("yuv420p", "yuvj420p")
CONTAINERS = "mp4"  # ffprobe names the family "mov,mp4,m4a,3gp,3g2,mj2"
DAMAGED = "is truncated or damaged (it does not decode to the end)"
PROBE_SECONDS = 60
DECODE_SECONDS = 600  # a whole 10-minute file decodes well within this on one core
# Bump RULES when verify_video judges differently, PIPELINE when published files come out differently;
# each is part of its cache key, with the ffmpeg version that did the work.
RULES = "1: MP4, one H.264 baseline/main/high yuv420p stream, AAC or no sound, 10 min, 200 MB, decodes whole"
PIPELINE = "1: video and first sound stream copied, no metadata, no chapters, faststart, bitexact; PNG frame"


class VideoFailed(RuntimeError):
    """ffmpeg could not make a file to publish; the message says which and why."""


class VideoToolMissing(VideoFailed):
    """ffmpeg/ffprobe is not installed: nothing about a video can be known."""


@dataclass(frozen=True)
class VideoFacts:
    """What validation learned about a video that may be published."""

    duration: float  # seconds
    width: int
    height: int


@dataclass(frozen=True)
class PublishedVideo:
    name: str  # "<key>.mp4", relative to the media folder
    path: Path  # the file, in the cache
    frame: Path  # a still from the video (PNG, no metadata), for the poster when none is given


@functools.cache
def ffmpeg_version() -> str:
    """The first line of `ffprobe -version`; part of every cache key."""
    return _run(["ffprobe", "-version"], PROBE_SECONDS).stdout.splitlines()[0]


def verify_video(path: Path, cache_dir: Path | None, label: str | None = None) -> VideoFacts | str:
    """VideoFacts when `path` may be published, else one message such as `"a.mp4" is truncated or damaged`.

    The verdict is cached under `cache_dir` by the sha256 of the bytes. Raises VideoToolMissing.
    """
    shown = path.name if label is None else label
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return f'"{shown}" is {size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB'
        digest = file_digest(path)
    except OSError as error:
        return f'"{shown}" cannot be read ({error.strerror or error})'
    tag = hashlib.sha256(f"{RULES}|{MAX_SECONDS}|{MAX_BYTES}|{ffmpeg_version()}".encode()).hexdigest()[:16]
    record = None if cache_dir is None else cache_dir / "video-verdicts" / tag / f"{digest}.json"
    cached = read_cache_record(record) if record else None
    if cached is None:
        cached = _judge(path)
        if record is not None and cached.get("cacheable", True):
            write_cache_record(record, cached)
    if cached.get("verdict"):
        return f'"{shown}" {cached["verdict"]}'
    return VideoFacts(float(cached["duration"]), int(cached["width"]), int(cached["height"]))


def _judge(path: Path) -> dict:
    """The verdict on one file: {"verdict": message} or its duration and size."""
    probe = _run(["ffprobe", "-v", "error", "-show_entries",
                  "format=format_name,duration:stream=codec_type,codec_name,profile,pix_fmt,width,height",
                  "-of", "json", str(path)], PROBE_SECONDS)
    try:
        found = json.loads(probe.stdout) if probe.returncode == 0 else {}
    except ValueError:
        found = {}
    if "format" not in found:
        return {"verdict": "is not a video ffmpeg can read (damaged, or not a video at all)"}
    container = found["format"].get("format_name", "")
    streams = found.get("streams", [])
    videos = [s for s in streams if s.get("codec_type") == "video"]
    sounds = [s for s in streams if s.get("codec_type") == "audio"]
    if not videos:
        return {"verdict": "has no picture; export it as MP4 (H.264 video, AAC sound)"}
    video = videos[0]
    if video.get("codec_name") != "h264":
        return {"verdict": f"has {_codec(video)} video, which not every phone plays; "
                           "export it as MP4 with H.264 video and AAC sound"}
    if CONTAINERS not in container.split(","):
        return {"verdict": f"is not an MP4 file ({container}); export it as MP4 (H.264 video, AAC sound)"}
    if not video.get("profile") or not video.get("pix_fmt"):  # the decoder found no picture settings
        return {"verdict": DAMAGED}
    if video.get("profile") not in VIDEO_PROFILES:
        return {"verdict": f'has H.264 video in the "{video.get("profile")}" profile, which not every phone '
                           "plays; use the Baseline, Main or High profile"}
    if video.get("pix_fmt") not in PIXEL_FORMATS:
        return {"verdict": f'has H.264 video in pixel format {video.get("pix_fmt")}, which not every phone '
                           "plays; use yuv420p (8-bit 4:2:0)"}
    if sounds and sounds[0].get("codec_name") != "aac":
        return {"verdict": f"has {_codec(sounds[0])} sound, which not every phone plays; use AAC"}
    try:
        duration = float(found["format"]["duration"])
    except (KeyError, ValueError):
        return {"verdict": "does not say how long it is (damaged?)"}
    if duration > MAX_SECONDS:
        return {"verdict": f"lasts {_clock(duration)}; the limit is {_clock(MAX_SECONDS)}"}
    try:
        decode = _run(["ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", str(path), "-f", "null", "-"],
                      DECODE_SECONDS)
    except subprocess.TimeoutExpired:
        # the machine was busy, not the file bad: judge it again next time
        return {"verdict": f"could not be decoded within {DECODE_SECONDS // 60} minutes; try again",
                "cacheable": False}
    if decode.returncode != 0:
        return {"verdict": DAMAGED}
    return {"verdict": None, "duration": duration, "width": int(video.get("width", 0)),
            "height": int(video.get("height", 0))}


def publish_video(source: Path, cache_dir: Path, duration: float,
                  source_digests: SourceDigests | None = None) -> PublishedVideo:
    """The file to publish (streams copied, metadata dropped) and a still frame, made once per content;
    with the build's `source_digests`, a video unchanged since the last build is not read again to know that."""
    digest = file_digest(source, source_digests) or ""
    key = hashlib.sha256(f"{PIPELINE}|{ffmpeg_version()}".encode() + b"\0" + digest.encode())
    name = key.hexdigest()[:10]
    store = cache_dir / "video-files"
    target, frame = store / f"{name}.mp4", store / f"{name}.png"
    store.mkdir(parents=True, exist_ok=True)
    if not target.is_file():
        # no re-encoding: the file was judged playable; only what it says about itself is dropped
        _make(target, ["ffmpeg", "-nostdin", "-v", "error", "-i", str(source), "-map", "0:v:0", "-map", "0:a:0?",
                       "-c", "copy", "-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart",
                       "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-f", "mp4"])
    if not frame.is_file():
        moment = f"{min(1.0, duration / 2):.3f}"  # the first frame is often black
        _make(frame, ["ffmpeg", "-nostdin", "-v", "error", "-ss", moment, "-i", str(source), "-frames:v", "1",
                      "-map_metadata", "-1", "-fflags", "+bitexact", "-c:v", "png", "-f", "image2"])
    return PublishedVideo(name=f"{name}.mp4", path=target, frame=frame)


def _make(target: Path, command: list[str]) -> None:
    """Run ffmpeg writing to a temporary file beside `target`, then rename: never half a file in the cache."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        result = _run([*command, "-y", temporary], DECODE_SECONDS)
        if result.returncode != 0:
            raise VideoFailed(f"ffmpeg could not make {target.name}: {result.stderr.strip()[:300]}")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _run(command: list[str], seconds: int) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        raise VideoToolMissing(f"{command[0]} is not installed (Debian package ffmpeg; `make site` installs it)")
    return subprocess.run(command, capture_output=True, text=True, timeout=seconds, errors="replace")


def _codec(stream: dict) -> str:
    names = {"mpeg4": "MPEG-4 Part 2", "hevc": "H.265 (HEVC)", "vp9": "VP9", "vp8": "VP8", "av1": "AV1",
             "mp3": "MP3", "opus": "Opus", "vorbis": "Vorbis", "ac3": "AC-3"}
    return names.get(stream.get("codec_name", ""), stream.get("codec_name", "unknown"))


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
