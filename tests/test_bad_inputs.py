"""The bad-input corpus: each case under tests/bad_inputs/ breaks the sample site, fails with its exact lines, publishes nothing.

A case folder holds files laid over a copy of the sample site, `expected.txt` (the problem
lines, in the order they are printed) and optionally `remove.txt` (sample files to delete)
and `generate.txt` (files made at test time, one per line: `symlink LINK TARGET` or
`pad FILE BYTES`). Cases named `accepted-*` hold something the rules accept next to one
deliberate mistake per file (`remark:`, an unknown field), so their expected lines prove
the accepted part raised nothing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import build

from .sample_site import CLOCK_AND_DEBUG, copy_sample_site, run_build_py, tree_hashes

CASES = Path(__file__).resolve().parent / "bad_inputs"
CONTROL_FILES = frozenset({"expected.txt", "remove.txt", "generate.txt"})
NOW = "2024-01-01 00:00"
# These go through a real `build.py` process; the rest call build.main in this process.
SUBPROCESS_CASES = frozenset({
    "encoding-latin1", "yaml-syntax-error", "yaml-huge-file", "image-symlink", "image-41-megapixels",
    "pii-id-number", "settings-missing",
})
# Validator bugs the corpus found, each case keeping the CORRECT expected lines: strict, so they flip when fixed.
KNOWN_BUGS: dict[str, str] = {}


@dataclass(frozen=True)
class Published:
    """A copy of the sample site and the output folder a clean build of it produced."""

    site: Path
    out: Path
    hashes: dict[str, str]


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The sample site built once per session; each case starts from copies of both folders."""
    root = tmp_path_factory.mktemp("published")
    site = copy_sample_site(root / "site")
    with pytest.MonkeyPatch.context() as patch:
        for variable in CLOCK_AND_DEBUG:
            patch.delenv(variable, raising=False)
        status = build.main(["build", "--site", str(site), "--out", str(root / "out"), "--now", NOW])
    assert status == 0, "the sample site must build before bad inputs can be tried against it"
    return Published(site, root / "out", tree_hashes(root / "out"))


def apply_case(case: Path, site: Path) -> None:
    """Lay the case's files over `site`, delete what remove.txt lists, make what generate.txt describes."""
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if source.is_dir() or rel.as_posix() in CONTROL_FILES:
            continue
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        shutil.copyfile(source, target)
    for rel in read_lines(case / "remove.txt"):
        (site / rel).unlink()
    for line in read_lines(case / "generate.txt"):
        recipe, rel, argument = line.split()
        if recipe == "symlink":
            (site / rel).symlink_to(argument)
        elif recipe == "pad":
            pad_with_comments(site / rel, int(argument))
        else:
            raise ValueError(f"{case.name}/generate.txt: unknown recipe {recipe!r}")


def pad_with_comments(path: Path, size: int) -> None:
    """Append YAML comment lines to `path` until it holds at least `size` bytes."""
    line = b"# " + "填充".encode("utf-8") * 16 + b"\n"
    missing = max(0, size - path.stat().st_size)
    with path.open("ab") as file:
        file.write(line * (missing // len(line) + 1))


def read_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line] if path.exists() else []


def expected_report(case: Path) -> str:
    """What stderr must be: the case's problem lines, then the count line."""
    lines = read_lines(case / "expected.txt")
    count = f"{len(lines)} problem{'s' if len(lines) != 1 else ''} found; nothing was published."
    return "\n".join(lines + [count]) + "\n"


def case_params() -> list:
    names = sorted(path.name for path in CASES.iterdir() if path.is_dir())
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
            if name in KNOWN_BUGS else name for name in names]


def test_every_case_changes_the_site_and_names_its_problems():
    cases = [path for path in CASES.iterdir() if path.is_dir()]
    assert len(cases) >= 40
    for case in cases:
        changes = [path for path in case.iterdir() if path.name not in ("expected.txt", "generate.txt")]
        assert changes or read_lines(case / "generate.txt"), f"{case.name} changes nothing"
        assert read_lines(case / "expected.txt"), f"{case.name} expects no problem"


@pytest.mark.parametrize("name", case_params())
def test_a_bad_input_fails_with_exactly_its_problems_and_publishes_nothing(
    name: str, published: Published, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    case = CASES / name
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(published.site, site, symlinks=True)
    shutil.copytree(published.out, out)
    apply_case(case, site)
    expected = expected_report(case)
    for command in (["build", "--out", str(out)], ["check"]):
        arguments = [*command, "--site", str(site), "--now", NOW]
        if name in SUBPROCESS_CASES:
            done = run_build_py(*arguments, cwd=tmp_path)
            status, stdout, stderr = done.returncode, done.stdout, done.stderr
        else:
            for variable in CLOCK_AND_DEBUG:
                monkeypatch.delenv(variable, raising=False)
            status = build.main(arguments)
            stdout, stderr = capsys.readouterr()
        assert "Traceback" not in stdout + stderr
        assert stderr == expected, f"{command[0]}: {stderr}"
        assert status == 1
    assert tree_hashes(out) == published.hashes
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out", "site"]  # no work folder left behind
