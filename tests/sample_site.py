"""Copies of the bundled sample site, runs of build.py as a real process, and fingerprints of output folders."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE_PARTS = ("content", "stories", "honorees", "theme", "mkdocs.yml")
# Variables that change the clock or show tracebacks: a test sets them only on purpose.
CLOCK_AND_DEBUG = ("SOURCE_DATE_EPOCH", "HAOREN_DEBUG")


def copy_sample_site(target: Path) -> Path:
    """The bundled sample site (the repository's content folders, mkdocs.yml and theme) copied to `target`."""
    target.mkdir(parents=True)
    for part in SAMPLE_PARTS:
        source = REPOSITORY / part
        if source.is_dir():
            shutil.copytree(source, target / part, symlinks=True)
        else:
            shutil.copy2(source, target / part)
    return target


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: relative path → sha256 of its bytes, or "folder"."""
    return {
        path.relative_to(folder).as_posix(): "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
    }


def environment(**variables: str) -> dict[str, str]:
    """This process's environment without the clock and debug switches, plus `variables`."""
    env = {key: value for key, value in os.environ.items() if key not in CLOCK_AND_DEBUG}
    env.update(variables)
    return env


def build_py_command(*arguments: str | Path) -> list[str]:
    return [sys.executable, str(REPOSITORY / "build.py"), *map(str, arguments)]


def run_build_py(*arguments: str | Path, cwd: Path | None = None, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run `build.py ARGUMENTS` as its own process; its exit status, stdout and stderr come back."""
    return subprocess.run(build_py_command(*arguments), cwd=cwd or REPOSITORY, env=environment(**variables),
                          capture_output=True, text=True, timeout=600)


def names_once_old_trees_are_gone(folder: Path) -> list[str]:
    """The names in `folder` once the trees a build replaced (`.<out>.old-*`, deleted in the
    background after the swap) are gone; a deletion that never ends leaves them in the answer."""
    deadline = time.monotonic() + 120
    while any(".old-" in path.name for path in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(path.name for path in folder.iterdir())
