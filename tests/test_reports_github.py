"""`--format github`: workflow commands that put every problem on its line of a pull request."""

from __future__ import annotations

import build
from haoren.problems import Problem
from haoren.reports import escape_data, escape_property, format_problems

from .sample_site import copy_sample_site

NOW = "2024-01-01 00:00"


def test_each_problem_is_one_error_command_with_file_line_and_title():
    problems = [Problem("honorees/a.yml", 7, "honors[0].period", '"2020-13" is not a month')]
    assert format_problems(problems, "github").splitlines() == [
        '::error file=honorees/a.yml,line=7,title=honors[0].period::"2020-13" is not a month',
        "1 problem found; nothing was published.",
    ]


def test_percent_line_breaks_and_property_separators_are_escaped():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    [line, _] = format_problems([Problem("x, y:z.yml", 2, "a:b", "50%\nmore")], "github", "site/").splitlines()
    assert line == "::error file=site/x%2C y%3Az.yml,line=2,title=a%3Ab::50%25%0Amore"


def test_check_prints_commands_on_stdout_with_paths_from_the_working_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = copy_sample_site(tmp_path / "repo" / "site")
    path = site / "honorees/people/li-jianguo.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("period: 2020-05, campaign", "period: 2020-13, campaign"),
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    assert build.main(["check", "--site", "site", "--format", "github", "--now", NOW]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        ("::error file=site/honorees/people/li-jianguo.yml,line=21,title=honors[0].period::"
        '"2020-13" is not a month (YYYY-MM, YYYY-Qn or YYYY)'),
        "1 problem found; nothing was published.",
    ]
    assert build.main(["build", "--site", "site", "--format", "github", "--now", NOW]) == 1
    assert capsys.readouterr().out.startswith("::error file=site/honorees/people/li-jianguo.yml,line=21,")
    assert not (site / "site").exists()


def test_a_clean_check_prints_its_summary(capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build.main(["check", "--format", "github", "--now", NOW]) == 0
    assert capsys.readouterr().out.startswith("No problems.")
