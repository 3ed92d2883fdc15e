"""`--format text` (the default): one `path:line: field: message` per problem on stderr, then the count."""

from __future__ import annotations

import build
from haoren.problems import Problem
from haoren.reports import format_problems

from .sample_site import copy_sample_site

NOW = "2024-01-01 00:00"


def test_text_is_the_default_and_matches_the_editors_lines(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = copy_sample_site(tmp_path / "site")
    (site / "content/topics/shenbian-haoren.yml").write_text("title: 身边好人\n", encoding="utf-8")
    for extra in ([], ["--format", "text"]):
        assert build.main(["check", "--site", str(site), "--now", NOW, *extra]) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err.splitlines() == ["content/topics/shenbian-haoren.yml:1: description: is required",
                                    "1 problem found; nothing was published."]


def test_problems_are_sorted_by_file_and_line():
    problems = [Problem("b.yml", 1, "x", "m"), Problem("a.yml", 9, "y", "m"), Problem("a.yml", 2, "z", "m")]
    assert format_problems(problems, "text").splitlines() == [
        "a.yml:2: z: m", "a.yml:9: y: m", "b.yml:1: x: m", "3 problems found; nothing was published."]
