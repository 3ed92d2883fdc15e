"""Tiny videos for the tests, made with Debian's ffmpeg at test time (a few KB each)."""

from __future__ import annotations

import subprocess
from pathlib import Path

# A good phone video: H.264 baseline, yuv420p, AAC, in MP4.
GOOD = ("-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "16k")


def make_video(path: Path, seconds: float = 2, *codec: str, rate: str = "10", size: str = "64x36",
               sound: bool = True, extra: tuple[str, ...] = ()) -> Path:
    """A test pattern (and a tone) of `seconds`, encoded with `codec` options (default GOOD) into `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    inputs = ["-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}"]
    if sound:
        inputs += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000"]
    options = codec or GOOD
    if not sound:
        options = tuple(o for i, o in enumerate(options) if not _is_audio(options, i))
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *inputs, "-t", str(seconds), *options, *extra,
                    str(path)], check=True, timeout=120)
    return path


def _is_audio(options: tuple[str, ...], index: int) -> bool:
    """Whether options[index] is an audio option or its value."""
    return options[index].endswith(":a") or index > 0 and options[index - 1].endswith(":a")


def truncated(source: Path, target: Path, keep: float = 0.6) -> Path:
    """The first `keep` of `source`'s bytes: a copy cut off in the middle, as an interrupted upload leaves it."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def captions(path: Path, *cues: tuple[str, str, str]) -> Path:
    """A WebVTT file of (start, end, text) cues."""
    path.parent.mkdir(parents=True, exist_ok=True)
    blocks = [f"{start} --> {end}\n{text}\n" for start, end, text in cues]
    path.write_text("WEBVTT\n\n" + "\n".join(blocks), encoding="utf-8")
    return path
