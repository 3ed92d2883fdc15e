"""One build clock in Asia/Shanghai: SOURCE_DATE_EPOCH, then --now, then the real time."""

from __future__ import annotations

from datetime import datetime

import pytest

from haoren.clock import SHANGHAI, read_clock


def test_source_date_epoch_wins_over_now_option():
    now = read_clock("2030-01-01", {"SOURCE_DATE_EPOCH": "1585152000"})
    assert now == datetime(2020, 3, 26, 0, 0, tzinfo=SHANGHAI)


def test_now_option_is_shanghai_time():
    assert read_clock("2020-03-26 08:30", {}).isoformat() == "2020-03-26T08:30:00+08:00"
    assert read_clock("2020-03-26", {}).isoformat() == "2020-03-26T00:00:00+08:00"


def test_real_time_is_aware_and_in_shanghai():
    assert read_clock(None, {}).utcoffset().total_seconds() == 8 * 3600


@pytest.mark.parametrize(("option", "env"), [("2020-13-01", {}), (None, {"SOURCE_DATE_EPOCH": "yesterday"})])
def test_bad_clock_values_are_refused_with_a_message(option, env):
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH|--now"):
        read_clock(option, env)
