"""Problem reports in the formats CI systems read: text, GitHub workflow commands, GitLab Code Quality, JSON."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence

from haoren.problems import Problem

FORMATS = ("text", "github", "gitlab", "json")
# Every problem stops the build (nothing is published), so each one blocks a merge request.
GITLAB_SEVERITY = "blocker"
_INDEX = re.compile(r"\[[0-9]+\]")


PUBLISHED_NOTHING = "nothing was published"


def count_line(problems: Sequence[Problem], outcome: str = PUBLISHED_NOTHING) -> str:
    count = len(problems)
    return f"{count} problem{'s' if count != 1 else ''} found; {outcome}."


def text_report(problems: Sequence[Problem], prefix: str = "", outcome: str = PUBLISHED_NOTHING) -> str:
    """One `path:line: field: message` per problem, then the count and what came of the command."""
    return "\n".join([str(problem) for problem in sorted(problems)] + [count_line(problems, outcome)])


def escape_data(value: str) -> str:
    """A workflow command's message: %, CR and LF would end or corrupt the command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value: also `:` and `,`, which separate properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_report(problems: Sequence[Problem], prefix: str = "") -> str:
    """`::error file=…,line=…,title=…::message` lines: GitHub shows each on its line of the pull request."""
    lines = [
        f"::error file={escape_property(prefix + p.path)},line={p.line},title={escape_property(p.field)}"
        f"::{escape_data(p.message)}"
        for p in problems
    ]
    return "\n".join(lines + [count_line(problems)])


def check_name(field: str) -> str:
    """The rule a problem breaks, the same for every item of a list: `honors[2].period` → `honors.period`."""
    return "haoren/" + _INDEX.sub("", field)


def gitlab_report(problems: Sequence[Problem], prefix: str = "") -> str:
    """A GitLab Code Quality report: a JSON array, one issue per problem.

    The fingerprint leaves out the line, so a problem that only moved is the same issue in the merge
    request widget; the same problem twice in one file is told apart by its occurrence.
    """
    seen: dict[str, int] = {}
    issues = []
    for problem in problems:
        path = prefix + problem.path
        identity = "\0".join((path, problem.field, problem.message))
        seen[identity] = seen.get(identity, 0) + 1
        fingerprint = hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest()
        issues.append({
            "description": f"{problem.field}: {problem.message}",
            "check_name": check_name(problem.field),
            "fingerprint": fingerprint,
            "severity": GITLAB_SEVERITY,
            "location": {"path": path, "lines": {"begin": problem.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)


def json_report(problems: Sequence[Problem], prefix: str = "") -> str:
    """A JSON list of `{path, line, field, message}`, paths relative to the site folder."""
    return json.dumps([{"path": p.path, "line": p.line, "field": p.field, "message": p.message}
                       for p in problems], ensure_ascii=False, indent=2)


REPORTERS: dict[str, Callable[[Sequence[Problem], str], str]] = {
    "text": text_report, "github": github_report, "gitlab": gitlab_report, "json": json_report,
}


def format_problems(problems: Sequence[Problem], fmt: str, prefix: str = "") -> str:
    """`problems` (sorted) in format `fmt`; `prefix` (the site folder seen from the repository) starts
    every path where a CI system resolves paths from the repository root (github, gitlab)."""
    return REPORTERS[fmt](sorted(problems), prefix)
