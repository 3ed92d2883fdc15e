"""When content files came to their paths, by git's history: which of two files with one id is the newer."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path
from typing import Iterable

GIT_TIMEOUT = 30  # seconds; asked only when two files share an id, so rarely


def arrival_times(site: Path, rels: Iterable[str]) -> dict[str, float] | None:
    """Commit time of the latest commit that added each path (a move counts as an add); an untracked
    file is newer than any (infinity). None when the site is not in a git work tree or git fails."""
    rels = sorted(set(rels))
    try:
        done = subprocess.run(
            ["git", "-C", str(site), "log", "--diff-filter=A", "--no-renames", "--relative", "--format=%x00%ct",
             "--name-only", "--", *rels],
            capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    times: dict[str, float] = {}
    when = math.inf
    for line in done.stdout.splitlines():  # newest commit first: the first time seen is the latest add
        if line.startswith("\0"):
            when = float(line[1:])
        elif line:
            times.setdefault(line, when)
    return {rel: times.get(rel, math.inf) for rel in rels}


def newer_files(site: Path, rels: list[str]) -> list[str]:
    """The files among `rels` (one id) that came after the first one; all of them when that is unclear."""
    times = arrival_times(site, rels)
    if times is None:
        return list(rels)
    first = min(times.values())
    oldest = [rel for rel in rels if times[rel] == first]
    if len(oldest) > 1:  # added in one commit, or none committed yet: no way to tell
        return list(rels)
    return [rel for rel in rels if rel != oldest[0]]
