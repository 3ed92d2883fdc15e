"""WebVTT captions: parsed cue by cue with webvtt-py, each cue with its line, in order, within the video."""

from __future__ import annotations

import html
from dataclasses import dataclass

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from haoren.schema import Cue


@dataclass(frozen=True)
class CaptionProblem:
    line: int  # 1-based, in the captions file
    message: str


def read_cues(text: str) -> tuple[tuple[Cue, ...], list[CaptionProblem]]:
    """The cues of a WebVTT text, or what is wrong with it, line by line.

    Blocks are separated by empty lines (the WebVTT rule); each block with a timing line is
    parsed on its own by webvtt-py in strict mode, so a bad cue is reported at its own line.
    """
    lines = text.removeprefix("\ufeff").split("\n")
    if not lines[0].startswith("WEBVTT"):
        return (), [CaptionProblem(1, 'does not start with "WEBVTT": it is not a WebVTT file')]
    cues: list[Cue] = []
    problems: list[CaptionProblem] = []
    for first, block in _blocks(lines):
        timing = next((i for i, line in enumerate(block) if "-->" in line), None)
        if timing is None:
            continue  # the header, a NOTE, a STYLE or REGION block
        line = first + timing
        try:
            parsed = webvtt.from_string("WEBVTT\n\n" + "\n".join(block), strict=True).captions
        except (MalformedCaptionError, MalformedFileError, ValueError):
            problems.append(CaptionProblem(line, f'has "{block[timing].strip()}", which is not a cue '
                                                 "timing (like 00:01.000 --> 00:04.000)"))
            continue
        if len(parsed) != 1:
            problems.append(CaptionProblem(line, "needs an empty line before the next cue's timing"))
            continue
        caption = parsed[0]
        start, end = _seconds(caption.start), _seconds(caption.end)
        cue = Cue(line=line, start=start, end=end, text=" ".join(html.unescape(caption.text).split()))
        if end <= start:
            problems.append(CaptionProblem(line, f"has a cue that ends ({caption.end}) before it starts ({caption.start})"))
        elif cues and start < cues[-1].start:
            problems.append(CaptionProblem(line, f"has a cue starting at {caption.start}, before the cue on "
                                                 f"line {cues[-1].line} ({stamp(cues[-1].start)}): cues must be in order"))
        cues.append(cue)
    if not cues and not problems:
        problems.append(CaptionProblem(1, "has no cues"))
    return tuple(cues), problems


def past_the_end(cues: tuple[Cue, ...], duration: float) -> list[CaptionProblem]:
    """Cues that end after the video does (a few milliseconds of rounding aside)."""
    return [CaptionProblem(cue.line, f"has a cue ending at {stamp(cue.end)}, after the video ends "
                                                f"({stamp(duration)})")
            for cue in cues if cue.end > duration + 0.05]


def stamp(seconds: float) -> str:
    """`00:01:04.500`, as WebVTT writes times."""
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}.{millis % 1000:03d}"


def _seconds(timestamp: str) -> float:
    """`00:01:04.500` (webvtt-py's normalized form) in seconds."""
    hours, minutes, seconds = timestamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _blocks(lines: list[str]):
    """(first line number, lines) of each block; blocks end at an empty line."""
    block: list[str] = []
    first = 1
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block
