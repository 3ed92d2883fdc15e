"""Run one command in a fresh process and measure it: wall time, CPU time, peak memory (largest process and tree).

How it is measured, and why:
- Every command runs under a tiny wrapper (`python -I -S -c WRAPPER`) that starts it, times it with
  time.perf_counter, reaps it with os.wait4 and writes the child's figures to a report file. The
  wrapper exists because Linux keeps a process's peak RSS across fork and exec: a command started
  straight from this (large) benchmark process would report the benchmark's own peak as its own.
  The wrapper is small, so its child starts from a clean slate.
- `peak_mb` is exact: wait4's rusage covers the command and every descendant it waited for; its
  ru_maxrss is the peak resident set of the LARGEST SINGLE process among them (Linux reports the
  maximum, not a sum). This also avoids resource.getrusage(RUSAGE_CHILDREN) in this process, a
  running maximum over every child the benchmark ever had.
- `tree_peak_mb` is sampled: every 50 ms the resident sets of the command and all its live
  descendants are summed (from /proc). With a pool of worker processes this is the figure that
  matters for the machine, but a short spike between two samples can be missed.
- CPU time (user + system, including reaped descendants) also comes from wait4. The wrapper is a child
  subreaper, so what the command leaves behind counts too: a forkserver (started when a build draws while
  its search thread runs) reaps the drawing workers but is itself waited for by nobody, and a build
  deletes the replaced site/ in a detached process. Both are reaped by the wrapper after the command ends,
  and their CPU is added; wall time stops when the command ends. On a busy machine
  CPU time is the steadier figure; wall time is what an editor waits.
- `cpu_pressure` says how busy the machine was: the share of the run's wall time during which some
  runnable task waited for a CPU (Linux PSI, /proc/pressure/cpu). Near 0 the wall times are clean;
  other work on the machine shows up as tens of percent, and then compare CPU times, not wall times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

WRAPPER = """
import ctypes, json, os, subprocess, sys, time
report, command = sys.argv[1], sys.argv[2:]
# A child subreaper: what the command leaves running when it ends (a forkserver and the workers it
# reaped, the detached deletion of a replaced site/) becomes this wrapper's child, so its CPU counts.
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
start = time.perf_counter()
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
cpu, maxrss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
while True:
    try:
        _, _, left = os.wait4(-1, 0)
    except ChildProcessError:
        break
    cpu, maxrss = cpu + left.ru_utime + left.ru_stime, max(maxrss, left.ru_maxrss)
with open(report, "w") as out:
    json.dump({"wall_s": wall, "cpu_s": cpu, "maxrss_kib": maxrss,
               "returncode": os.waitstatus_to_exitcode(status)}, out)
"""
SAMPLE_SECONDS = 0.05
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
REPORT_PREFIX = "BENCH "  # a measured program may print one line `BENCH {json}` with figures of its own
TAIL_LINES = 12


@dataclass(frozen=True)
class Measurement:
    """One measured run of one command."""

    label: str
    command: list[str]
    wall_s: float
    cpu_s: float
    peak_mb: float  # largest single process, exact (wait4 ru_maxrss)
    tree_peak_mb: float  # whole process tree, sampled
    returncode: int
    reported: dict = field(default_factory=dict)  # the program's own BENCH line, if any
    last_line: str = ""  # the last line the program printed on stdout (its summary)
    cpu_pressure: float | None = None  # share of the wall time some task waited for a CPU; None without PSI
    output_tail: str = ""  # the last lines of stdout and stderr, for a failed run

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def as_dict(self) -> dict:
        return asdict(self)


def run_measured(label: str, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measurement:
    """Run `command` to completion in a fresh process and measure it; never raises for a failing command."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "rusage.json"
        with open(Path(scratch) / "out", "w+b") as out, open(Path(scratch) / "err", "w+b") as err:
            stalled_before = _cpu_stall_us()
            start = time.perf_counter()
            wrapper = subprocess.Popen([sys.executable, "-I", "-S", "-c", WRAPPER, str(report), *command],
                                       cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            sampler = _TreeSampler(wrapper.pid)
            sampler.start()
            wrapper.wait()
            outer_wall = time.perf_counter() - start
            stalled_after = _cpu_stall_us()
            sampler.stop()
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        try:
            figures = json.loads(report.read_text())
        except (OSError, ValueError):  # the command could not even be started: the wrapper's traceback says why
            figures = {"wall_s": outer_wall, "cpu_s": 0.0, "maxrss_kib": 0, "returncode": wrapper.returncode or 1}
    peak_mb = figures["maxrss_kib"] / 1024  # Linux reports KiB
    return Measurement(
        label=label,
        command=[str(part) for part in command],
        wall_s=round(figures["wall_s"], 3),
        cpu_s=round(figures["cpu_s"], 3),
        peak_mb=round(peak_mb, 1),
        tree_peak_mb=round(max(sampler.peak_bytes / 2**20, peak_mb), 1),
        returncode=figures["returncode"],
        reported=_reported(stdout),
        last_line=(stdout.strip().splitlines() or [""])[-1][:500],
        cpu_pressure=(None if stalled_before is None or stalled_after is None
                      else round(min(1.0, (stalled_after - stalled_before) / 1e6 / outer_wall), 3)),
        output_tail="" if figures["returncode"] == 0 else _tail(stdout + "\n" + stderr),
    )


def _cpu_stall_us() -> int | None:
    """Microseconds, since boot, during which some runnable task waited for a CPU (None without PSI)."""
    try:
        with open("/proc/pressure/cpu") as pressure:
            some = pressure.readline().split()
        return int(some[-1].removeprefix("total="))
    except (OSError, IndexError, ValueError):
        return None


def _reported(stdout: str) -> dict:
    for line in reversed(stdout.splitlines()):
        if line.startswith(REPORT_PREFIX):
            try:
                return json.loads(line[len(REPORT_PREFIX):])
            except ValueError:
                return {}
    return {}


def _tail(text: str) -> str:
    return "\n".join(line for line in text.strip().splitlines()[-TAIL_LINES:])


class _TreeSampler:
    """Samples the summed resident set of a process and its descendants on a background thread."""

    def __init__(self, root: int):
        self.root = root
        self.peak_bytes = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._done.is_set():
            descendants = _tree(self.root)[1:]  # not the wrapper itself
            self.peak_bytes = max(self.peak_bytes, sum(_resident_bytes(pid) for pid in descendants))
            self._done.wait(SAMPLE_SECONDS)


def _tree(root: int) -> list[int]:
    """`root` and its live descendants, from /proc/PID/task/TID/children."""
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
            except OSError:
                continue
    return found


def _resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0  # the process ended between listing and reading
