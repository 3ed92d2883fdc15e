"""`--format gitlab`: a Code Quality report, to stdout or to the file --output names."""

from __future__ import annotations

import json

import build
from haoren.problems import Problem
from haoren.reports import format_problems

from .sample_site import copy_sample_site

NOW = "2024-01-01 00:00"


def test_each_problem_is_one_issue_with_the_fields_gitlab_reads():
    problems = [Problem("honorees/a.yml", 7, "honors[2].period", "bad"),
                Problem("honorees/a.yml", 9, "honors[3].period", "bad")]
    issues = json.loads(format_problems(problems, "gitlab", "site/"))
    assert [{key: issue[key] for key in ("description", "check_name", "severity", "location")}
            for issue in issues] == [
        {"description": "honors[2].period: bad", "check_name": "haoren/honors.period", "severity": "blocker",
         "location": {"path": "site/honorees/a.yml", "lines": {"begin": 7}}},
        {"description": "honors[3].period: bad", "check_name": "haoren/honors.period", "severity": "blocker",
         "location": {"path": "site/honorees/a.yml", "lines": {"begin": 9}}},
    ]
    assert len({issue["fingerprint"] for issue in issues}) == 2


def test_a_fingerprint_stays_when_the_problem_only_moves_to_another_line():
    moved = [Problem("a.yml", 3, "title", "is required")], [Problem("a.yml", 30, "title", "is required")]
    first, second = (json.loads(format_problems(problems, "gitlab"))[0]["fingerprint"] for problems in moved)
    assert first == second
    assert first != json.loads(format_problems([Problem("b.yml", 3, "title", "is required")], "gitlab"))[0][
        "fingerprint"]


def test_check_writes_the_report_to_the_output_file_and_the_lines_to_stderr(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = copy_sample_site(tmp_path / "site")
    (site / "content/topics/shenbian-haoren.yml").write_text("title: 身边好人\n", encoding="utf-8")
    monkeypatch.chdir(site)
    report = tmp_path / "gl-code-quality-report.json"
    assert build.main(["check", "--site", ".", "--format", "gitlab", "--output", str(report), "--now", NOW]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == ["content/topics/shenbian-haoren.yml:1: description: is required",
                                "1 problem found; nothing was published."]
    [issue] = json.loads(report.read_text(encoding="utf-8"))
    assert issue["location"] == {"path": "content/topics/shenbian-haoren.yml", "lines": {"begin": 1}}
    (site / "content/topics/shenbian-haoren.yml").write_text("title: 身边好人\ndescription: 说明。\n", encoding="utf-8")
    assert build.main(["check", "--site", ".", "--format", "gitlab", "--output", str(report), "--now", NOW]) == 0
    assert json.loads(report.read_text(encoding="utf-8")) == []  # a clean run still leaves a report
    assert capsys.readouterr().err.startswith("No problems.")


def test_without_output_the_report_goes_to_stdout(capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build.main(["check", "--format", "gitlab", "--now", NOW]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and err.startswith("No problems.")
