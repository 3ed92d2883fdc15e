"""The bench's figure of reading the site's files (bench/sources.py), run on the sample site."""

from __future__ import annotations

import json

from bench import sources
from haoren import sourcedigests
from haoren.validate.checkcache import content_digests

from .sample_site import copy_sample_site


def test_the_figure_times_both_ways_over_the_sites_files_and_its_photos_and_leaves_nothing(
        tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sourcedigests, "RECENT_NS", -1)  # the photos need not age two seconds here
    site = copy_sample_site(tmp_path / "site")
    assert sources.main([str(site), str(tmp_path / "work"), "6"]) == 0
    figures = json.loads(capsys.readouterr().out.split("BENCH ", 1)[1])
    assert figures["photos"] == 2 and figures["photo_mb"] == 6
    assert figures["files"] == len(content_digests(site)) + 2
    assert figures["read_s"] > 0 and figures["kept_s"] > 0
    assert not (tmp_path / "work").exists()
