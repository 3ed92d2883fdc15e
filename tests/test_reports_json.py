"""`--format json`: a list of {path, line, field, message} on stdout, for scripts and editors' tools."""

from __future__ import annotations

import json

import build

from .sample_site import copy_sample_site

NOW = "2024-01-01 00:00"


def test_check_lists_every_problem_as_an_object(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = copy_sample_site(tmp_path / "site")
    (site / "content/topics/shenbian-haoren.yml").write_text("title: 身边好人\ncolour: red\n", encoding="utf-8")
    assert build.main(["check", "--site", str(site), "--format", "json", "--now", NOW]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out) == [
        {"path": "content/topics/shenbian-haoren.yml", "line": 1, "field": "description", "message": "is required"},
        {"path": "content/topics/shenbian-haoren.yml", "line": 2, "field": "colour", "message": "unknown field"},
    ]


def test_a_clean_check_is_an_empty_list_and_its_summary_goes_to_stderr(capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build.main(["check", "--format", "json", "--now", NOW]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and err.startswith("No problems.")
