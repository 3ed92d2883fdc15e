"""Honorees from the office's spreadsheets: Chinese columns → honoree files, every row through the validator first.

A sheet (.xlsx or .csv) has one header row (the first with a 姓名 column; title rows above it are
skipped) and one honoree per row. Each row becomes the YAML text of its file, and every new file is
validated together with the whole site (fields, kinds, references, personal data), exactly as
`check` would. A problem is reported at its row and column (`list.xlsx:7: 事迹简介: …`); files are
written only when every row is clean.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import yaml

from haoren.load.documents import Document, load_site, load_yaml
from haoren.problems import Problem, ProblemsFound
from haoren.schema import HONOREE_FIELDS, ID_MAX_LENGTH, Rule
from haoren.validate.fields import ID, Refused, suggest
from haoren.validate.site import validate

HEADER_MARK = "姓名"
SKIPPED_COLUMNS = frozenset({"序号"})  # the office's row numbers; nothing to publish
# Columns that only ever hold personal data: the sheet must lose them before it is imported.
PERSONAL_COLUMNS = frozenset({
    "身份证号", "身份证号码", "公民身份号码", "身份证", "联系电话", "电话", "手机", "手机号", "手机号码",
    "家庭住址", "住址", "家庭地址", "银行卡号", "邮箱", "电子邮箱", "出生日期",
})
FOLDERS = {"person": "people", "group": "groups", "organization": "organizations"}
LONG_NUMBER = 11  # digits: a number this long in a cell is an ID, phone or card number, or Excel rounded one
YES = {"是": True, "否": False, "true": True, "false": False, "同意": True, "不同意": False}
KINDS = {"个人": "person", "群体": "group", "组织": "organization",
         "person": "person", "group": "group", "organization": "organization"}
LEVELS = {"县级": "county", "区级": "county", "县区级": "county", "市级": "city", "省级": "province",
          "国家级": "national", "全国": "national",
          "county": "county", "city": "city", "province": "province", "national": "national"}
STATUSES = {"当选": "winner", "获奖": "winner", "提名": "nominee", "候选": "nominee",
            "winner": "winner", "nominee": "nominee"}
QUARTERS = {"一": "1", "二": "2", "三": "3", "四": "4", "1": "1", "2": "2", "3": "3", "4": "4"}
CHINESE_PERIOD = re.compile(r"([0-9]{4})\s*年\s*(?:([0-9]{1,2})\s*月份?|第?([一二三四1-4])\s*季度)?")
SEPARATORS = re.compile(r"[、，,;；\n]+")


def yes_no(value: str) -> bool:
    if value not in YES:
        raise Refused(f'"{value}" is not 是 or 否')
    return YES[value]


def one_of(table: Mapping[str, str], shown: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        if value not in table:
            raise Refused(f'"{value}" is not one of {shown}')
        return table[value]
    return convert


def period(value: str) -> str:
    """`2020年2月` → 2020-02, `2020年第一季度` → 2020-Q1, `2020年` → 2020; anything else as written."""
    match = CHINESE_PERIOD.fullmatch(value)
    if not match:
        return value[:7] if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else value
    year, month, quarter = match.groups()
    return f"{year}-{int(month):02d}" if month else f"{year}-Q{QUARTERS[quarter]}" if quarter else year


def whole(value: str) -> int | str:
    """Hours and years as numbers, so an editor's YAML extension sees them as it would a typed one."""
    return int(value) if value.isdigit() else value


def birth(value: str) -> str:
    """A date cell becomes its month (the day is never published); `1968年5月` → 1968-05."""
    return period(value) if "年" in value or re.fullmatch(r"[0-9]{4}-[0-9]{2}-01", value) else value


@dataclass(frozen=True)
class Column:
    """One column of the sheet: the honoree field it fills, and how its text becomes the field's text."""

    field: str  # dotted path in the honoree file: "consent.date", "honors.title"
    convert: Callable[[str], Any] = str


# Column names as the office writes them (docs/editor-guide.md lists them), in file order.
COLUMNS: Mapping[str, Column] = {
    "编号": Column("id"),
    "姓名": Column("name"),
    "类型": Column("kind", one_of(KINDS, "个人, 群体, 组织")),
    "成员": Column("members", lambda value: [name for name in SEPARATORS.split(value) if name.strip()]),
    "类别": Column("category"),
    "事迹标题": Column("headline"),
    "事迹简介": Column("summary"),
    "详细事迹": Column("bio"),
    "性别": Column("gender"),
    "出生年月": Column("birth", birth),
    "民族": Column("ethnicity"),
    "政治面貌": Column("political_status"),
    "所在区县": Column("district"),
    "镇街村居": Column("locality"),
    "工作单位及职务": Column("affiliation"),
    "是否已故": Column("deceased", yes_no),
    "是否注册": Column("registered", yes_no),
    "是否未成年": Column("minor", yes_no),
    "荣誉称号": Column("honors.title"),
    "荣誉级别": Column("honors.level", one_of(LEVELS, "县级, 市级, 省级, 国家级")),
    "获评时间": Column("honors.period", period),
    "评选结果": Column("honors.status", one_of(STATUSES, "当选, 提名")),
    "志愿服务时长": Column("volunteer.hours", whole),
    "所属志愿组织": Column("volunteer.organization"),
    "志愿服务起始年份": Column("volunteer.since", whole),
    "同意公开": Column("consent.publish", yes_no),
    "同意使用照片": Column("consent.photo", yes_no),
    "同意日期": Column("consent.date", lambda value: value[:10]),
    "监护人同意": Column("consent.guardian", yes_no),
}
FIELD_COLUMNS = {column.field.replace("honors.", "honors[0]."): name for name, column in COLUMNS.items()}
FIELD_COLUMNS.update({"honors[0].campaign": "--campaign", "honors[0].award": "--award", "honors": "荣誉称号",
                      "consent": "同意公开", "volunteer": "志愿服务时长"})


@dataclass(frozen=True)
class Row:
    """One honoree row: its line in the sheet and its cells by column name (text, or None when empty)."""

    line: int
    cells: Mapping[str, str | None]


@dataclass(frozen=True)
class Imported:
    """One honoree file to write: where, and its text."""

    rel: str
    text: str
    line: int  # the sheet row it came from


def cell_text(value: Any) -> str | None:
    """A cell as the text an editor would type: dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d" if value.time() == time() else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def read_sheet(path: Path, shown: str) -> tuple[list[str], list[Row], int]:
    """The header, the rows below it, and the header's line; a file that cannot be read is one problem."""
    try:
        lines = list(xlsx_lines(path) if path.suffix.lower() == ".xlsx" else csv_lines(path))
    except Exception as error:  # noqa: BLE001: any file can be handed in; a broken one is one problem, never a traceback
        raise ProblemsFound([Problem(shown, 1, "file", f"could not be read as a spreadsheet ({error})")]) from None
    for header_line, values in lines:
        header = [cell_text(value) or "" for value in values]
        if HEADER_MARK in header:
            break
    else:
        raise ProblemsFound([Problem(shown, 1, HEADER_MARK, "no header row with a 姓名 column")])
    rows = []
    for line, values in lines:
        cells = {name: cell_text(value) for name, value in zip(header, values) if name}
        if line > header_line and any(cells.values()):
            rows.append(Row(line, cells))
    return header, rows, header_line


def xlsx_lines(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The first worksheet's rows with their row numbers (cached values of formulas)."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, data_only=True)
    sheet = workbook.worksheets[0]
    yield from enumerate(sheet.iter_rows(values_only=True), start=sheet.min_row)


def csv_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    """CSV in UTF-8 (Excel's "CSV UTF-8", with its BOM) or GB18030 (Excel's plain CSV on Chinese Windows)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    reader = csv.reader(text.splitlines(keepends=True))
    start = 1
    for values in reader:
        yield start, values
        start = reader.line_num + 1


def honoree_id(name: str, kind: str) -> str:
    """An ASCII id from a Chinese name: a person 张秀兰 → zhang-xiulan; a group or organization hyphenates
    every syllable."""
    from pypinyin import lazy_pinyin

    syllables = [re.sub(r"[^a-z0-9]", "", s.lower().replace("ü", "v")) for s in lazy_pinyin(name)]
    syllables = [s for s in syllables if s]
    words = [syllables[0], "".join(syllables[1:])] if kind == "person" and len(syllables) > 1 else syllables
    slug = "-".join(word for word in words if word)
    return slug[:ID_MAX_LENGTH].rstrip("-")


def row_fields(row: Row, campaign: str | None, award: str | None, defaults: Mapping[str, str],
               shown: str, problems: list[Problem]) -> dict[str, Any]:
    """The honoree mapping of one row, in file order; a value no column converter accepts is a problem."""
    fields: dict[str, Any] = {}
    for name, column in COLUMNS.items():
        value = row.cells.get(name)
        if value is None:
            continue
        digits = re.sub(r"\D", "", value)
        if len(digits) >= LONG_NUMBER and re.fullmatch(r"[\d\s.+\-eE]+", value):
            problems.append(Problem(shown, row.line, name, "is a long number (an ID, phone or card number?); "
                                                           "personal numbers are never published"))
            continue
        try:
            converted = column.convert(value)
        except Refused as refusal:
            problems.append(Problem(shown, row.line, name, str(refusal)))
            continue
        head, _, rest = column.field.partition(".")
        if rest:
            fields.setdefault(head, {})[rest] = converted
        else:
            fields[head] = converted
    fields.setdefault("kind", "person")
    if campaign or award:  # the validator asks for the other one when only one is given
        honor = fields.setdefault("honors", {})
        honor.update({key: value for key, value in (("campaign", campaign), ("award", award)) if value})
        if award:
            honor.setdefault("title", award)
        if campaign in defaults:
            honor.setdefault("period", defaults[campaign])
    if "honors" in fields:
        fields["honors"] = [fields["honors"]]
    return fields


def honoree_text(fields: Mapping[str, Any], source: str, line: int, folder_depth: int) -> str:
    """The file as an editor would write it: schema line, provenance comment, fields in the rule table's
    order, honors and consent one line each like the sample files."""
    body = _ordered(fields, HONOREE_FIELDS)
    dumped = yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    schema = "../" * folder_depth + "schemas/honoree.schema.json"
    return (f"# yaml-language-server: $schema={schema}\n"
            f"# 由 build.py import honorees 从 {source} 第 {line} 行导入\n" + dumped)


class _Dumper(yaml.SafeDumper):
    """Nested mappings in flow style (`{title: …, level: …}`); multi-line texts as `|` blocks."""


class _FlowMap(dict):
    """A mapping written on one line."""


def _ordered(fields: Mapping[str, Any], rules: Mapping[str, Rule]) -> dict[str, Any]:
    """`fields` in the order of their rule table, nested mappings on one line each."""
    body: dict[str, Any] = {}
    for key, rule in rules.items():
        if key not in fields:
            continue
        value, inner = fields[key], rule.item if rule.type == "list" else rule
        if isinstance(value, list) and inner.type == "map":
            value = [_FlowMap(_ordered(item, inner.fields)) for item in value]
        elif isinstance(value, dict):
            value = _FlowMap(_ordered(value, rule.fields))
        body[key] = value
    return body


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_FlowMap, lambda dumper, value: dumper.represent_mapping(
    "tag:yaml.org,2002:map", value.items(), flow_style=True))


def campaign_periods(documents: list[Document]) -> dict[str, str]:
    """Each campaign's results month (YYYY-MM): the default 获评时间 of an import with --campaign."""
    periods = {}
    for doc in documents:
        if doc.kind == "campaign" and isinstance(doc.data, dict):
            results = (doc.data.get("timeline") or {}).get("results") or {}
            day = results.get("date") if isinstance(results, dict) else None
            if isinstance(day, str) and len(day) >= 7:
                periods[Path(doc.rel).stem] = day[:7]
    return periods


def plan_import(site_dir: Path, sheet: Path, shown: str, campaign: str | None = None,
                award: str | None = None) -> list[Imported]:
    """Every honoree file the sheet makes, validated with the whole site; raises ProblemsFound at rows and columns."""
    header, rows, header_line = read_sheet(sheet, shown)
    problems = [Problem(shown, header_line, name, column_problem(name)) for name in header
                if name and name not in COLUMNS and name not in SKIPPED_COLUMNS]
    documents, _ = load_site(site_dir)
    taken = {Path(doc.rel).stem: doc.rel for doc in documents if doc.kind == "honoree"}
    defaults = campaign_periods(documents)
    planned: dict[str, tuple[Row, Document, str]] = {}
    for row in rows:
        fields = row_fields(row, campaign, award, defaults, shown, problems)
        item_id = fields.get("id") or honoree_id(str(fields.get("name", "")), fields["kind"])
        column = "编号" if "id" in fields else HEADER_MARK
        if not ID.fullmatch(item_id or "-"):
            problems.append(Problem(shown, row.line, column, f'"{item_id}" is not an id (lowercase letters, '
                                                             "digits and single hyphens): give the row an 编号"))
            continue
        if item_id in taken or item_id in planned:
            where = taken.get(item_id) or f"row {planned[item_id][0].line}"
            problems.append(Problem(shown, row.line, column, f'"{item_id}" is already the id of {where}; '
                                                             "give this row its own 编号"))
            item_id = f"{item_id}-row-{row.line}"  # still check every other value of the row
        rel = f"honorees/{FOLDERS.get(fields['kind'], 'people')}/{item_id}.yml"
        text = honoree_text(fields, shown, row.line, folder_depth=2)
        try:
            document = Document(rel, site_dir / rel, "honoree", load_yaml(text, rel))
        except ProblemsFound as found:  # a value our own writer could not round-trip: report it, never write it
            problems += [Problem(shown, row.line, p.field, p.message) for p in found.problems]
            continue
        planned[item_id] = (row, document, text)
    by_rel = {document.rel: row for row, document, _ in planned.values()}
    _, found = validate(site_dir, documents + [document for _, document, _ in planned.values()])
    problems += [Problem(shown, by_rel[p.path].line, column_of(p.field), p.message)
                 for p in found if p.path in by_rel]
    if problems:
        raise ProblemsFound(problems)
    return [Imported(document.rel, text, row.line) for row, document, text in planned.values()]


def column_problem(name: str) -> str:
    if name in PERSONAL_COLUMNS:
        return "personal data is never imported or published: delete this column from the sheet"
    return f"unknown column{suggest(name, COLUMNS)}; the columns are listed in docs/editor-guide.md"


def column_of(field: str) -> str:
    """The sheet column a problem of the honoree file belongs to (the field itself when no column fills it)."""
    return FIELD_COLUMNS.get(field) or FIELD_COLUMNS.get(field.split(".")[0]) or field


def write_imported(site_dir: Path, files: list[Imported]) -> None:
    """Write every planned file, none over an existing one: each through a temporary name, then a rename."""
    existing = [Problem(item.rel, 1, "file", "already exists; nothing was written")
                for item in files if (site_dir / item.rel).exists()]
    if existing:
        raise ProblemsFound(existing)
    for item in files:
        path = site_dir / item.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(item.text, encoding="utf-8")
        temporary.replace(path)
