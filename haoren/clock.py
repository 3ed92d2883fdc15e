"""The build clock: one "now" in Asia/Shanghai, from SOURCE_DATE_EPOCH, --now, or the real time."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def read_clock(now_option: str | None = None, environ: dict[str, str] | None = None) -> datetime:
    """Return the build's single notion of now, timezone-aware in Asia/Shanghai.

    SOURCE_DATE_EPOCH wins because reproducible-build tooling sets it for the whole
    process tree; an explicit `--now` (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, Shanghai time)
    comes next; otherwise the real time.
    """
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}")
        return datetime.fromtimestamp(int(epoch), SHANGHAI)
    if now_option:
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                return datetime.strptime(now_option, fmt).replace(tzinfo=SHANGHAI)
            except ValueError:
                continue
        raise ValueError(f"--now must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM', not {now_option!r}")
    return datetime.now(SHANGHAI)
