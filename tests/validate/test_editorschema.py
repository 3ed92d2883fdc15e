"""The editors' JSON Schemas: current in git, generated from the rule tables, and in agreement with the validator.

An editor's YAML extension reads YAML 1.2 (ruamel.yaml here, as the extension would type the
values); the validator reads the same text with every scalar as text. Both must accept the sample
site, and refuse what the schema can express.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from haoren.schema import CATEGORIES, Rule
from haoren.validate.editorschema import KINDS, kind_schema, schema_files, site_districts, vscode_settings
from haoren.validate.fields import Reading, read_value

from ..sample_site import REPOSITORY, copy_sample_site, run_build_py
from ..test_bad_inputs import CASES, apply_case

# Bad inputs a schema can say: unknown fields, enums, periods and dates by shape, types, lengths,
# required fields, image ↔ alt pairs. Every other case must pass the schema: the rest is the validator's.
EXPRESSIBLE = {
    "accepted-bom-and-crlf", "accepted-category-variants", "accepted-masked-mobile-and-office-phone",
    "accepted-office-email-in-contact",
    "honor-period-month-13", "honoree-birth-full-date", "honoree-category-unknown", "honoree-district-unknown",
    "honoree-honors-empty", "honoree-hours-not-a-number", "honoree-photo-alt-missing",
    "honoree-summary-too-short", "story-cover-alt-missing", "story-draft-yes", "story-kind-typo",
    "story-required-missing", "story-title-too-long", "story-unknown-field-did-you-mean",
    "withdrawn-honoree-still-validated", "yaml-too-deep", "yaml-top-level-list", "captions-missing",
}


def editor_view(text: str) -> Any:
    """The data a YAML 1.2 editor sees: `2020` an int, `true` a boolean, `yes` a string. ruamel.yaml
    reads YAML 1.2 but keeps the 1.1 timestamp type, which the YAML 1.2 core schema of the editor's
    extension does not have: a date stays text there, as here."""
    loader = YAML(typ="safe", pure=True)
    constructors = loader.constructor.yaml_constructors
    constructors["tag:yaml.org,2002:timestamp"] = constructors["tag:yaml.org,2002:str"]
    return loader.load(text)


def front_matter(text: str) -> str:
    """The YAML between the `---` lines; a file without them has no front matter for an editor to check."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n") or text.count("---\n") < 2:
        raise ValueError("no front matter")
    return text.split("---\n", 2)[1]


def kind_of(rel: str) -> str | None:
    """The schema kind of a site file, as .vscode/settings.json and the `$schema` lines map them."""
    if rel.startswith("stories/") and rel.endswith(".md"):
        return "story"
    if rel.startswith("honorees/") and rel.endswith(".yml"):
        return "honoree"
    folder, _, name = rel.rpartition("/")
    if folder in ("content/campaigns", "content/topics") and name.endswith(".yml"):
        return folder.removeprefix("content/")[:-1]
    return {"content/site.yml": "site", "content/redirects.yml": "redirects"}.get(rel)


def read_file(site: Path, rel: str) -> Any:
    text = (site / rel).read_text(encoding="utf-8-sig")
    return editor_view(front_matter(text) if rel.endswith(".md") else text)


def site_files(site: Path, rels=None) -> list[tuple[str, str, Any]]:
    """(relative path, kind, data as the editor sees it) of every file a schema covers (or of `rels`)."""
    if rels is None:
        rels = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    return [(rel, kind_of(rel), read_file(site, rel)) for rel in sorted(rels) if kind_of(rel)]


def errors(kind: str, data: Any, districts=None) -> list[str]:
    validator = jsonschema.Draft202012Validator(kind_schema(kind, districts))
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(data)]


def test_the_committed_schemas_are_what_the_rules_generate():
    generated = schema_files(site_districts(REPOSITORY))
    assert sorted(path.name for path in (REPOSITORY / "schemas").iterdir()) == sorted(generated)
    for name, text in generated.items():
        assert (REPOSITORY / "schemas" / name).read_text(encoding="utf-8") == text, f"{name}: run build.py schema"
    settings = json.loads((REPOSITORY / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert {key: settings[key] for key in vscode_settings()} == vscode_settings()


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_a_valid_2020_12_schema_named_as_the_new_command_expects(kind):
    schema = json.loads((REPOSITORY / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_vscode_mapping_names_a_schema_file():
    for path, globs in vscode_settings()["yaml.schemas"].items():
        assert (REPOSITORY / path).is_file() and globs


def test_descriptions_and_choices_come_from_the_rule_tables():
    honoree = kind_schema("honoree", ("潍城区", "奎文区"))
    assert honoree["properties"]["consent"]["properties"]["date"]["description"] == "取得同意的日期：YYYY-MM-DD"
    assert honoree["properties"]["district"]["enum"] == ["潍城区", "奎文区"]
    assert honoree["properties"]["category"]["enum"][:6] == list(CATEGORIES)
    assert {"見義勇為", "孝老爱亲", "乐于助人"} <= set(honoree["properties"]["category"]["enum"])
    assert honoree["dependentRequired"] == {"photo": ["photo_alt"]}
    story = kind_schema("story")
    assert story["required"] == ["title", "date", "summary"] and story["additionalProperties"] is False


def test_every_file_of_the_sample_site_validates_against_its_schema():
    districts = site_districts(REPOSITORY)
    checked = site_files(REPOSITORY)
    assert {kind for _, kind, _ in checked} >= {"story", "honoree", "campaign", "topic", "site"}
    problems = {rel: errors(kind, data, districts) for rel, kind, data in checked}
    assert {rel: found for rel, found in problems.items() if found} == {}


def test_redirects_validate_as_the_guide_writes_them():
    guide = "- {from: /stories/han-yumei-zaocan/, to: /stories/han-yumei-aixin-zaocan/}\n- {from: /honorees/old-id/, to: /honorees/liu-haitao/}\n"
    assert errors("redirects", editor_view(guide)) == []
    assert errors("redirects", editor_view("")) == []
    assert errors("redirects", editor_view("- {from: stories/x/, to: /stories/y/}\n")) != []
    assert errors("redirects", editor_view("- {from: /a/, to: /b/, note: x}\n")) != []


def case_verdict(case: Path, site: Path) -> str:
    """'schema' when the schema refuses a file the case changed, 'yaml' when a YAML parser already
    refuses one (the editor shows that itself), else 'validator' (only the validator can tell)."""
    apply_case(case, site)
    changed = [path.relative_to(case).as_posix() for path in case.rglob("*") if path.is_file()]
    try:
        files = site_files(site, [rel for rel in changed if (site / rel).is_file()])
    except Exception:  # noqa: BLE001: bad encoding, syntax, no front matter: the editor's parser says so
        return "yaml"
    districts = site_districts(site)
    return "schema" if any(errors(kind, data, districts) for _, kind, data in files) else "validator"


def test_the_bad_input_cases_a_schema_can_express_fail_it_and_no_other(tmp_path):
    verdicts = {}
    for case in sorted(path for path in CASES.iterdir() if path.is_dir()):
        site = tmp_path / case.name
        copy_sample_site(site)
        verdicts[case.name] = case_verdict(case, site)
        shutil.rmtree(site)
    assert {name for name, verdict in verdicts.items() if verdict == "schema"} == EXPRESSIBLE


# Values as an editor types them, for a field of each rule type. The validator and the schema
# must agree on every one, except where a schema cannot see what the validator reads.
SAMPLES = {
    "date": ["2020-02-29", "2021-02-29", "2020-13-01", "2020-1-5", "2020-02", "昨天"],
    "datetime": ["2020-05-12 09:00", "2020-05-12 24:00", "2020-05-12 9:00", "2020-05-12"],
    "period": ["2020", "2020-02", "2020-Q4", "2020-Q5", "2020-13", "20", "2020年"],
    "birth": ["1968", "1968-05", "1968-05-01", "1968-13"],
    "int": ["0", "1620", "-5", "一千", "12.5"],
    "year": ["2014", "14", "二〇一四"],
    "bool": ["true", "false", "yes", "no", "是"],
    "id": ["liu-haitao", "Liu-Haitao", "liu--haitao", "刘海涛"],
    "url": ["https://haoren.example.cn/a?b#c", "http://haoren.example.cn", "https://", "https://a b"],
    "link": ["/about/#纠错", "mailto:office@example.gov.cn", "//evil.example", "https://ok.example"],
    "host": ["player.bilibili.com", "localhost", "Player.bilibili.com"],
    "urlpath": ["/stories/x/", "/stories/../x/", "stories/x/", "//x/"],
}
# A schema has no calendar: Feb 29 of a common year passes it and only the validator refuses it.
CALENDAR = {("date", "2021-02-29")}


@pytest.mark.parametrize("kind", SAMPLES)
def test_validator_and_schema_agree_on_each_value_as_an_editor_types_it(kind):
    rule = Rule(kind, required=True)
    schema = {"type": "object", "properties": {"v": kind_schema_rule(rule)}}
    disagreements = []
    for value in SAMPLES[kind]:
        reading = Reading("x.yml")
        accepted = read_value(value, rule, "v", 1, reading) is not None and not reading.problems
        typed = editor_view(f"v: {value}\n")
        passes = jsonschema.Draft202012Validator(schema).is_valid(typed)
        if accepted != passes and (kind, value) not in CALENDAR:
            disagreements.append(f"{value}: validator {accepted}, schema {passes}")
        if (kind, value) in CALENDAR:
            assert passes and not accepted
    assert disagreements == []


def kind_schema_rule(rule: Rule) -> dict:
    from haoren.validate.editorschema import rule_schema

    return rule_schema(rule, None, optional=False)


def test_build_py_schema_writes_the_files_and_check_reports_stale_ones(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    done = run_build_py("schema", "--site", site, "--check")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == "schemas/campaign.schema.json:1: file: missing: run build.py schema"
    done = run_build_py("schema", "--site", site)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in (site / "schemas").iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    assert json.loads((site / ".vscode" / "settings.json").read_text(encoding="utf-8")) == vscode_settings()
    (site / "content" / "site.yml").write_text(
        (site / "content" / "site.yml").read_text(encoding="utf-8").replace("潍城区, ", ""), encoding="utf-8")
    done = run_build_py("schema", "--site", site, "--check")
    assert (done.returncode, done.stderr.splitlines()[0]) == (
        1, "schemas/honoree.schema.json:1: file: out of date with the rules: run build.py schema")
    assert run_build_py("schema", "--help").stdout.startswith("usage: build.py schema")
