"""The CI files for a content repository (docs/ci/): they parse, and the commands they run do what they promise."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml

import build

from .sample_site import REPOSITORY, copy_sample_site

CI = REPOSITORY / "docs" / "ci"
NOW = "2024-01-01 00:00"
BUILD_PY = ".haoren/build.py"


def haoren_commands(script: str) -> list[list[str]]:
    """The build.py arguments of every line of a step's script that runs Haoren."""
    commands = []
    for line in script.splitlines():
        words = shlex.split(line)
        if BUILD_PY in words:
            commands.append(words[words.index(BUILD_PY) + 1:])
    return commands


@pytest.fixture
def github():
    return yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))


@pytest.fixture
def gitlab():
    return yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))


@pytest.fixture
def broken_site(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = copy_sample_site(tmp_path / "content-repo")
    (site / "content/topics/shenbian-haoren.yml").write_text("title: 身边好人\n", encoding="utf-8")
    monkeypatch.chdir(site)
    return site


def test_github_runs_on_pull_requests_and_on_main(github):
    triggers = github[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"] == {"branches": ["main"]}
    [job] = github["jobs"].values()
    steps = {step.get("name") or step["uses"].split("@")[0]: step for step in job["steps"]}
    assert haoren_commands(steps["Check"]["run"]) == [["check", "--site", ".", "--format", "github"]]
    assert steps["Check"]["if"] == "github.event_name == 'pull_request'"
    assert haoren_commands(steps["Build"]["run"]) == [["build", "--site", ".", "--format", "github"]]
    assert steps["Build"]["if"] == steps["actions/upload-artifact"]["if"] == "github.event_name != 'pull_request'"
    assert steps["actions/upload-artifact"]["with"]["path"] == "site/"
    assert steps["actions/cache"]["with"]["path"] == ".haoren-cache/"
    install = steps["Install Haoren"]["run"]
    assert "fonts-noto-cjk" in install and "-c .haoren/requirements.lock" in install


def test_the_github_check_command_annotates_a_broken_pull_request(github, broken_site, capsys):
    [job] = github["jobs"].values()
    [check] = [step for step in job["steps"] if step.get("name") == "Check"]
    [arguments] = haoren_commands(check["run"])
    assert build.main([*arguments, "--now", NOW]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "::error file=content/topics/shenbian-haoren.yml,line=1,title=description::is required")


def test_the_github_build_command_writes_the_folder_the_upload_step_takes(github, broken_site, capsys):
    (broken_site / "content/topics/shenbian-haoren.yml").write_text("title: 身边好人\ndescription: 说明。\n",
                                                                    encoding="utf-8")
    [job] = github["jobs"].values()
    [step] = [step for step in job["steps"] if step.get("name") == "Build"]
    [upload] = [step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
    [arguments] = haoren_commands(step["run"])
    assert build.main([*arguments, "--now", NOW]) == 0, capsys.readouterr().err
    assert (broken_site / upload["with"]["path"] / "index.html").is_file()


def test_gitlab_checks_merge_requests_and_builds_the_default_branch(gitlab):
    check, job = gitlab["check"], gitlab["build"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    report = check["artifacts"]["reports"]["codequality"]
    assert haoren_commands("\n".join(check["script"])) == [
        ["check", "--site", ".", "--format", "gitlab", "--output", report]]
    assert check["artifacts"]["when"] == "always"  # the report is wanted most when the check fails
    [arguments] = haoren_commands("\n".join(job["script"]))
    assert arguments[:2] == ["build", "--site"] and build.parse_arguments(arguments).out is None  # into SITE/site
    assert job["artifacts"]["paths"] == ["site/"]
    assert [".haoren-cache/"] in [cache["paths"] for cache in gitlab["default"]["cache"]]
    assert any("fonts-noto-cjk" in line for line in gitlab["default"]["before_script"])


def test_the_gitlab_check_command_writes_the_code_quality_report(gitlab, broken_site, capsys):
    [arguments] = haoren_commands("\n".join(gitlab["check"]["script"]))
    assert build.main([*arguments, "--now", NOW]) == 1
    report = Path(gitlab["check"]["artifacts"]["reports"]["codequality"])
    [issue] = json.loads(report.read_text(encoding="utf-8"))
    assert issue["location"] == {"path": "content/topics/shenbian-haoren.yml", "lines": {"begin": 1}}
    assert capsys.readouterr().err.startswith("content/topics/shenbian-haoren.yml:1: description: is required")
