"""The benchmark's measurement: what a measured command leaves running is waited for, and counted."""

from __future__ import annotations

import sys

from bench.measure import run_measured


def test_a_process_the_command_leaves_running_is_waited_for(tmp_path):
    # As a build's forkserver (its drawing workers' CPU) or its detached deletion of the old site/:
    # orphaned, in its own session, still working when the command itself has ended.
    done = tmp_path / "orphan-finished"
    orphan = f"import time; time.sleep(1); open({str(done)!r}, 'w').close()"
    command = [sys.executable, "-c",
               f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {orphan!r}], start_new_session=True)"]
    measured = run_measured("leaves a process running", command, tmp_path)
    assert measured.ok
    assert done.exists()  # its end was waited for, so its CPU is in measured.cpu_s
