"""The benchmark's edit figures: the newest or the oldest published story edited, the median of the runs quoted."""

from __future__ import annotations

import re

from bench.__main__ import edit_one_story, median_run
from bench.measure import Measurement
from bench.synthetic import generate_site


def measured(label: str, wall_s: float, returncode: int = 0) -> Measurement:
    return Measurement(label, ["build.py"], wall_s, wall_s, 100.0, 200.0, returncode)


def titles(site) -> dict[str, str]:
    return {path.as_posix(): re.search(r"(?m)^title: (.*)$", path.read_text(encoding="utf-8")).group(1)
            for path in site.glob("stories/**/*.md")}


def test_the_quoted_run_is_the_median_by_wall_time():
    runs = [measured("#1", 7.9), measured("#2", 6.1), measured("#3", 7.2)]
    assert median_run(runs).label == "#3"
    assert median_run(runs[:1]).label == "#1"


def test_a_failed_run_is_quoted_whatever_the_others_took():
    runs = [measured("#1", 6.0), measured("#2", 1.0, returncode=1), measured("#3", 6.5)]
    assert median_run(runs).label == "#2"


def test_each_edit_changes_only_the_title_of_the_newest_or_the_oldest_published_story(tmp_path):
    site = tmp_path / "site"
    generate_site(site, stories=40, honorees=10, seed=5)
    published = []
    for path in site.glob("stories/**/*.md"):
        text = path.read_text(encoding="utf-8")
        date = re.search(r"(?m)^date: (.*)$", text).group(1)
        if "draft: true" not in text and not date.startswith("2030"):  # 2030: scheduled
            published.append((date, path.as_posix()))
    before = titles(site)
    edit_one_story(site)
    edit_one_story(site)
    edit_one_story(site, oldest=True)
    after = titles(site)
    newest, oldest = max(published)[1], min(published)[1]
    assert {path for path in before if before[path] != after[path]} == {newest, oldest}
    assert after[newest] == before[newest] + "（更新）（更新）"
    assert after[oldest] == before[oldest] + "（更新）"
