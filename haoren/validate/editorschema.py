"""JSON Schemas (2020-12) for editors' YAML, generated from the rule tables of schema.py, as a YAML 1.2 editor types values.

The loader reads every scalar as text and the field readers parse it; an editor's YAML extension
types the same text by YAML 1.2 first (`2020` is an integer, `true` a boolean, `2020-06-01` a
string, `yes` a string). So each rule type maps to the JSON types its accepted texts get in the
editor, and a pattern or range mirrors what the reader accepts. Only keywords that mean the same in
draft-07 are used (plus `dependentRequired`), because the YAML extension validates with a draft-07
engine and ignores what it does not know.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

from haoren.load.documents import decode, load_yaml
from haoren.problems import Problem, ProblemsFound
from haoren.schema import (
    CAMPAIGN_FIELDS,
    CATEGORIES,
    CATEGORY_VARIANTS,
    HONOREE_FIELDS,
    ID_MAX_LENGTH,
    ID_PATTERN,
    REDIRECT_FIELDS,
    SETTINGS_FIELDS,
    STORY_FIELDS,
    TOPIC_FIELDS,
    Rule,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FOLDER = "schemas"
SETTINGS_FILE = "content/site.yml"
# kind (the file is `<kind>.schema.json`, the name `new` and .vscode/settings.json use) -> its title
KINDS: Mapping[str, str] = {
    "story": "故事（Markdown 文件开头 --- 之间的 front matter）",
    "honoree": "好人（个人、群体或组织）",
    "campaign": "评选活动",
    "topic": "专题",
    "site": "站点设置（content/site.yml）",
    "redirects": "重定向（content/redirects.yml）：旧网址 → 新网址",
}
# Where each kind lives in a site folder: the globs .vscode/settings.json maps (stories are
# Markdown, which the YAML extension does not read: they carry a `$schema` line instead).
GLOBS: Mapping[str, tuple[str, ...]] = {
    "honoree": ("honorees/**/*.yml",),
    "campaign": ("content/campaigns/*.yml",),
    "topic": ("content/topics/*.yml",),
    "site": ("content/site.yml",),
    "redirects": ("content/redirects.yml",),
}

_DAY = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"
_HOST = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+"
# The texts each reader of fields.py accepts, as ECMA-262 patterns (the editor's dialect).
PATTERNS: Mapping[str, str] = {
    "date": f"^{_DAY}$",
    "datetime": f"^{_DAY}( ([01][0-9]|2[0-3]):[0-5][0-9])?$",
    "period": rf"^[0-9]{{4}}(-(0[1-9]|1[0-2])|-Q[1-4])?$",
    "birth": rf"^[0-9]{{4}}(-(0[1-9]|1[0-2]))?$",
    "year": r"^[0-9]{4}$",
    "int": r"^[0-9]+$",
    "id": ID_PATTERN,
    "url": r"^https://[^\s/?#]+([/?#]\S*)?$",
    "link": rf"^(mailto:\S*@\S*|/(?!/)\S*|https://[^\s/?#]+\S*)$",
    "host": f"^{_HOST}$",
    "urlpath": r"^(?!.*/\.\.(/|$))/(?!/)[^\s?#]*$",
}
# A bare year is an integer to a YAML 1.2 editor; the readers take its text.
_YEAR_NUMBER = {"minimum": 1000, "maximum": 9999}


def category_names() -> list[str]:
    """Every category spelling the reader normalizes: Simplified, the common variants, and their
    Traditional forms as OpenCC writes them for the mainland, Taiwan and Hong Kong standards."""
    import opencc  # the converter family the reader uses (t2s); only needed to write the files

    names = list(CATEGORIES) + list(CATEGORY_VARIANTS)
    for standard in ("s2t", "s2tw", "s2hk"):
        names += [opencc.OpenCC(standard).convert(name) for name in list(CATEGORIES) + list(CATEGORY_VARIANTS)]
    return list(dict.fromkeys(names))


def describe_rule(rule: Rule) -> dict[str, Any]:
    """The rule's editor description, from the rule table itself."""
    return {"description": rule.doc} if rule.doc else {}


def scalar_schema(rule: Rule, districts: tuple[str, ...] | None) -> dict[str, Any]:
    """One value of a scalar rule, without null (the caller adds it for optional fields)."""
    kind = rule.type
    if kind in ("text", "markdown"):
        schema: dict[str, Any] = {"type": ["string", "number"]}
        if rule.most is not None:
            schema["maxLength"] = rule.most
        if rule.least:
            schema["minLength"] = rule.least
        if rule.required:
            schema["pattern"] = r"\S"  # blank counts as empty
        return schema
    if kind == "bool":
        return {"type": ["boolean"]}
    if kind == "int":
        return {"type": ["integer", "string"], "pattern": PATTERNS["int"], "minimum": rule.least}
    if kind in ("year", "period", "birth"):
        return {"type": ["integer", "string"], "pattern": PATTERNS[kind], **_YEAR_NUMBER}
    if kind == "choice":
        return {"type": ["string"], "enum": list(rule.choices)}
    if kind == "category":
        return {"type": ["string"], "enum": category_names()}
    if kind == "district":
        return {"type": ["string"], "enum": list(districts)} if districts else {"type": ["string"]}
    if kind == "id":
        return {"type": ["string"], "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH}
    if kind in PATTERNS:
        return {"type": ["string"], "pattern": PATTERNS[kind]}
    if kind in ("path", "image"):
        return {"type": ["string"], "minLength": 1}
    raise ValueError(f"no editor schema for rule type {kind!r}")


def rule_schema(rule: Rule, districts: tuple[str, ...] | None, optional: bool) -> dict[str, Any]:
    """The schema of a field under `rule`; an optional field may also be left empty (null)."""
    if rule.type == "map":
        schema = object_schema(rule.fields, districts)
        schema["type"] = ["object"]
    elif rule.type == "list":
        item = rule_schema(rule.item, districts, optional=False)
        schema = {"type": ["array"], "items": item}
        if rule.least:
            schema["minItems"] = rule.least
        if rule.item.type == "id":
            schema["uniqueItems"] = True  # the reader refuses an id listed twice
    else:
        schema = scalar_schema(rule, districts)
    if optional:
        schema["type"] = schema["type"] + ["null"]
        if "enum" in schema:
            schema["enum"] = schema["enum"] + [None]
    if len(schema["type"]) == 1:
        schema["type"] = schema["type"][0]
    return {**describe_rule(rule), **schema}


def object_schema(fields: Mapping[str, Rule], districts: tuple[str, ...] | None) -> dict[str, Any]:
    """A mapping of fields: unknown names refused, required ones present, image fields with their alt text."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: rule_schema(rule, districts, not rule.required) for name, rule in fields.items()},
        "additionalProperties": False,
    }
    required = [name for name, rule in fields.items() if rule.required]
    if required:
        schema["required"] = required
    pairs = {name: [rule.alt] for name, rule in fields.items() if rule.type == "image" and rule.alt}
    if pairs:
        schema["dependentRequired"] = pairs
    return schema


def kind_schema(kind: str, districts: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The whole schema of one kind of file; `districts` (from the site settings) become choices."""
    tables = {
        "story": STORY_FIELDS, "honoree": HONOREE_FIELDS, "campaign": CAMPAIGN_FIELDS, "topic": TOPIC_FIELDS,
        "site": SETTINGS_FIELDS,
    }
    head = {"$schema": DIALECT, "title": KINDS[kind]}
    if kind == "redirects":
        item = object_schema(REDIRECT_FIELDS, districts)
        return {**head, "type": ["array", "null"], "items": item}
    return {**head, **object_schema(tables[kind], districts)}


def schema_files(districts: tuple[str, ...] | None = None) -> dict[str, str]:
    """`<kind>.schema.json` -> its text: stable key order, UTF-8 (Chinese as written), one newline at the end."""
    return {
        f"{kind}.schema.json": json.dumps(kind_schema(kind, districts), ensure_ascii=False, indent=2) + "\n"
        for kind in KINDS
    }


def vscode_settings(folder: str = "schemas") -> dict[str, Any]:
    """The `yaml.schemas` mapping for VS Code's YAML extension, and YAML 1.2 as the schemas assume."""
    return {
        "yaml.schemas": {f"./{folder}/{kind}.schema.json": list(globs) for kind, globs in GLOBS.items()},
        "yaml.yamlVersion": "1.2",
    }


def site_districts(site_dir: Path) -> tuple[str, ...] | None:
    """The district list of the site's settings, read by the validator's own rule; None when unusable."""
    from haoren.validate.fields import Reading, read_fields

    path = site_dir / SETTINGS_FILE
    try:
        data = load_yaml(decode(path.read_bytes(), SETTINGS_FILE), SETTINGS_FILE)
    except (OSError, ProblemsFound):
        return None
    reading = Reading(SETTINGS_FILE)
    districts = read_fields(data, {"districts": SETTINGS_FIELDS["districts"]},
                            reading) if "districts" in data else {}
    return districts.get("districts") or None


def stale_schema_files(site_dir: Path) -> list[Problem]:
    """A problem for every schema file under SITE/schemas/ that differs from what the rules generate."""
    folder = site_dir / SCHEMA_FOLDER
    problems = []
    for name, text in schema_files(site_districts(site_dir)).items():
        path = folder / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            state = "missing" if current is None else "out of date with the rules"
            problems.append(Problem(f"{SCHEMA_FOLDER}/{name}", 1, "file", f"{state}: run build.py schema"))
    return problems


def write_schema_files(site_dir: Path) -> list[str]:
    """Write SITE/schemas/<kind>.schema.json (and the VS Code mapping when it has none); the paths written."""
    folder = site_dir / SCHEMA_FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in schema_files(site_districts(site_dir)).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            replace_text(path, text)
            written.append(f"{SCHEMA_FOLDER}/{name}")
    settings = site_dir / ".vscode" / "settings.json"
    merged = merged_vscode_settings(settings.read_text(encoding="utf-8") if settings.is_file() else None)
    if merged is not None:
        settings.parent.mkdir(exist_ok=True)
        replace_text(settings, merged)
        written.append(".vscode/settings.json")
    return written


def merged_vscode_settings(existing: str | None) -> str | None:
    """The settings text with our YAML keys set, or None when nothing changes or the file is not plain JSON
    (VS Code allows comments there; we never rewrite a file we cannot read back exactly)."""
    try:
        settings = json.loads(existing) if existing is not None else {}
    except ValueError:
        return None
    if not isinstance(settings, dict):
        return None
    merged = {**settings, **vscode_settings()}
    text = json.dumps(merged, ensure_ascii=False, indent=2) + "\n"
    return None if text == existing else text


def replace_text(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so an editor never reads half a schema."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
