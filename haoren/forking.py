"""Whether this process may fork: asked by every forked part and worker pool before it starts one."""

from __future__ import annotations

import multiprocessing
import threading


def can_fork() -> bool:
    """True when this process may fork: it runs no other thread, on a system that forks."""
    # Forking a process that runs threads (the preview's server) can hang on a lock another thread held.
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
