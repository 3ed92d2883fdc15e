"""The preview figure: a real `build.py serve` process over HTTP, first page after start and save -> new page served.

The editor's loop is measured as a browser lives it: the page's long poll (/__preview__/changes)
is waiting when the story file is saved; when it answers, the page is asked for again and must
show the new title. The time from the save (the file closed) to that page's last byte is one
figure; the median of `edits` saves is reported. The story edited is the newest published one (the
one on the home page, so the edit also changes the lists), and its file is restored afterwards.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .measure import _cpu_stall_us
from .plainsite import published_stories

START_TIMEOUT_S = 600.0
EDIT_TIMEOUT_S = 120.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class PreviewFigures:
    """What one preview run measured."""

    first_page_s: float  # from starting the process to the first story page served
    first_cpu_s: float  # the server's CPU time until then
    saves_s: tuple[float, ...]  # each save -> the new page served
    cpu_s: float  # the server's CPU time over all the saves (not the start)
    peak_mb: float  # the server's peak resident set (VmHWM)
    returncode: int  # 0 when every step worked
    error: str = ""
    cpu_pressure: float | None = None  # share of the run some task waited for a CPU (measure.py)

    @property
    def median_s(self) -> float:
        return statistics.median(self.saves_s) if self.saves_s else float("inf")


def newest_story(site: Path, now: datetime) -> tuple[Path, str]:
    """The file and URL of the newest published story."""
    newest = max(published_stories(site, now), key=lambda found: (str(found[1]["date"]), found[0]))
    slug = newest[0]
    path = next(site.glob(f"stories/**/{slug}.md"))
    return path, f"/stories/{slug}/"


def measure_preview(python: str, build_py: Path, site: Path, now: str, env: dict[str, str],
                    edits: int = 5) -> PreviewFigures:
    """Start `build.py serve` on `site`, time its first page, then `edits` saves of one story; stop it."""
    story, url = newest_story(site, datetime.strptime(now, "%Y-%m-%d %H:%M"))
    original = story.read_bytes()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()  # not a pipe: nobody reads it while the server runs
    stalled = _cpu_stall_us()
    started = time.perf_counter()
    server = subprocess.Popen([python, str(build_py), "serve", "--site", str(site), "--port", str(port),
                               "--now", now], env=env, stdout=subprocess.DEVNULL, stderr=log)
    saves: list[float] = []
    cpu = 0.0
    try:
        _wait_for_page(base + url, b"</html>", started + START_TIMEOUT_S, server)
        first_page_s = time.perf_counter() - started
        cpu_before = first_cpu = _cpu_seconds(server.pid)
        version = _version(base)
        for number in range(1, edits + 1):
            marker = f"预览计时第{number}次"
            text = original.decode("utf-8").replace("\ntitle: ", f"\ntitle: {marker}", 1)
            poll = _LongPoll(base, version)
            story.write_text(text, encoding="utf-8")
            saved = time.perf_counter()
            version = poll.result(saved + EDIT_TIMEOUT_S)
            _wait_for_page(base + url, marker.encode(), saved + EDIT_TIMEOUT_S, server)
            saves.append(time.perf_counter() - saved)
        cpu = _cpu_seconds(server.pid) - cpu_before
        peak = _peak_mb(server.pid)
        stalled_after, wall = _cpu_stall_us(), time.perf_counter() - started
        pressure = (None if stalled is None or stalled_after is None
                    else round(min(1.0, (stalled_after - stalled) / 1e6 / wall), 3))
        return PreviewFigures(round(first_page_s, 3), round(first_cpu, 3), tuple(round(s, 3) for s in saves),
                              round(cpu, 3), peak, 0, cpu_pressure=pressure)
    except (TimeoutError, OSError, ValueError) as failed:
        log.seek(0)
        tail = log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
        return PreviewFigures(float("inf"), 0.0, tuple(saves), cpu, _peak_mb(server.pid), 1,
                              f"{type(failed).__name__}: {failed}; " + " | ".join(tail))
    finally:
        story.write_bytes(original)
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


class _LongPoll:
    """The browser's long poll, started before the save: it answers with the next version."""

    def __init__(self, base: str, version: int):
        self._answer: list[int | BaseException] = []
        self._thread = threading.Thread(target=self._ask, args=(base, version), daemon=True)
        self._thread.start()

    def _ask(self, base: str, version: int) -> None:
        try:
            self._answer.append(_version(base, since=version))
        except (OSError, ValueError) as failed:
            self._answer.append(failed)

    def result(self, deadline: float) -> int:
        self._thread.join(max(0.0, deadline - time.perf_counter()))
        if not self._answer:
            raise TimeoutError("the preview never said that the page changed")
        answer = self._answer[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def _version(base: str, since: int | None = None) -> int:
    # since=-1 (no version has that number) answers at once with the current version.
    with urllib.request.urlopen(f"{base}/__preview__/changes?since={-1 if since is None else since}",
                                timeout=60) as answer:
        return int(json.loads(answer.read())["version"])


def _wait_for_page(url: str, wanted: bytes, deadline: float, server: subprocess.Popen) -> bytes:
    """The page once it contains `wanted`; asks again every 20 ms until `deadline`."""
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise OSError(f"build.py serve stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=60) as answer:
                body = answer.read()
            if wanted in body:
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet, or still reading the site
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {wanted.decode()!r}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0
