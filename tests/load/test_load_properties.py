"""Properties of the loader over generated input: only ProblemsFound escapes, and lines are right."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haoren.load.documents import load_site, load_yaml
from haoren.problems import ProblemsFound

# Pieces that make YAML structure, plus what editors paste (CJK, odd line breaks, BOM, controls).
YAML_PIECES = (*":-[]{}&*!|>'\"#?,.%@`~\t\r", "\n", "\n  ", ": ", "- ", "a", "null", "中")
PASTED_PIECES = ("\u2028", "\x85", "\ufeff", "\x00")
yamlish_text = st.lists(st.sampled_from(YAML_PIECES + PASTED_PIECES), max_size=100).map("".join)
# YAML folds a raw NEL (U+0085) inside quotes into a space, so it cannot round-trip through a dump.
round_trip_text = st.text(st.characters(codec="utf-8", exclude_characters="\x85"))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), round_trip_text)
nested = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(round_trip_text, inner, max_size=4)
)
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def as_text(value: object) -> object:
    """What the loader gives back for a value PyYAML dumped: every scalar as the text it wrote."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_text(item) for item in value]
    return value


def assert_only_problems(text: str, first_line: int) -> None:
    try:
        load_yaml(text, "a.yml", first_line)
    except ProblemsFound as found:
        assert found.problems
        assert all(p.path == "a.yml" and p.line >= first_line for p in found.problems)


@relaxed
@given(st.text(max_size=300) | yamlish_text, st.integers(1, 10_000))
def test_any_text_gives_data_or_problems(text, first_line):
    assert_only_problems(text, first_line)


@relaxed
@given(nested)
def test_any_dumped_structure_gives_data_or_problems(value):
    assert_only_problems(yaml.safe_dump(value, allow_unicode=True), 1)


@relaxed
@given(st.dictionaries(round_trip_text, nested, max_size=6))
def test_dumped_mapping_comes_back_as_text(mapping):
    assert load_yaml(yaml.safe_dump(mapping, allow_unicode=True), "a.yml") == as_text(mapping)


@relaxed
@given(
    st.dictionaries(round_trip_text, round_trip_text, max_size=8),
    st.lists(st.sampled_from(["", "# 注释", "   "]), max_size=8),
)
def test_each_key_has_the_line_it_was_written_on(mapping, fillers):
    chunks, expected, line = [], {}, 1
    for index, (key, value) in enumerate(mapping.items()):
        if index < len(fillers):  # blank and comment lines between keys must not shift lines
            chunks.append(fillers[index] + "\n")
            line += 1
        expected[key] = line
        chunk = yaml.safe_dump({key: value}, allow_unicode=True, width=40)
        chunks.append(chunk)
        line += chunk.count("\n")
    data = load_yaml("".join(chunks), "a.yml")
    assert data == mapping
    assert data.key_lines == expected


@relaxed
@given(st.binary(max_size=300), st.sampled_from(["stories/a.md", "honorees/a.yml", "content/site.yml"]))
def test_any_bytes_in_any_file_give_documents_or_problems(tmp_path_factory, data, rel):
    site = tmp_path_factory.mktemp("site")
    (site / rel).parent.mkdir(parents=True)
    (site / rel).write_bytes(data)
    documents, problems = load_site(site)
    assert {p.path for p in problems} <= {rel, "content/site.yml"}
    assert len(documents) + len({p.path for p in problems} & {rel}) == 1
