"""Problems found in editors' files: one record each, sorted and printed as `path:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file. `path` is relative to the site folder, `line` is 1-based."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ProblemsFound(Exception):
    """Raised by a stage that found problems; carries every one of them, like pydantic's ValidationError."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s)")

    def report(self, outcome: str = "nothing was published") -> str:
        lines = [str(p) for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; {outcome}.")
        return "\n".join(lines)
