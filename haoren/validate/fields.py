"""Reads one file's fields against the rule tables of schema.py: names, types, limits, vocabularies."""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from types import MappingProxyType
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from haoren.clock import SHANGHAI
from haoren.problems import Problem
from haoren.schema import CATEGORIES, CATEGORY_VARIANTS, ID_MAX_LENGTH, ID_PATTERN, Rule

ID = re.compile(ID_PATTERN)
DIGITS = re.compile(r"[0-9]+")
YEAR = re.compile(r"[0-9]{4}")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
DATETIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?: ([0-9]{2}):([0-9]{2}))?")
PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2})|-Q([0-9]))?")
BIRTH = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")
FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
URL_PATH = re.compile(r"/(?!/)[^\s?#]*")
SITE_LINK = re.compile(r"/(?!/)\S*")
YAML_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "true", "false"}  # what YAML 1.1 reads as booleans
PERIODS = "YYYY-MM, YYYY-Qn or YYYY"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # not calendar.month_name, which follows the locale
FULL_WIDTH_COMMA = re.compile("[，、]")  # in `[a，b]` they join two items into one


@dataclass(frozen=True)
class Ref:
    """A field that names another item by id; the cross-reference pass resolves it."""

    field: str
    line: int
    target: str  # honoree, organization, topic, campaign or story
    value: str


@dataclass(frozen=True)
class Text:
    """A text value as written, to scan for personal data (and raw HTML when it is Markdown)."""

    field: str
    line: int  # of the text's first line
    value: str
    markdown: bool = False
    phones: bool = False
    emails: bool = False


@dataclass
class Reading:
    """What reading one file found: its problems, its texts to scan and its references to resolve."""

    path: str
    districts: tuple[str, ...] | None = None  # None while the settings are unusable: no check
    problems: list[Problem] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)

    def report(self, line: int, name: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, name, message))


class Refused(ValueError):
    """A value that breaks its field's rule; the message quotes the value."""


def read_fields(data: Any, rules: Mapping[str, Rule], reading: Reading, prefix: str = "") -> dict[str, Any]:
    """Check the mapping `data` against `rules`; return the valid fields parsed, report the rest."""
    values: dict[str, Any] = {}
    for key, raw in data.items():
        name = prefix + key
        line = data.line_of(key)
        rule = rules.get(key)
        if rule is None:
            reading.report(line, name, f"unknown field{suggest(key, rules)}")
        elif raw is None:  # `key:` with nothing after it counts as absent
            if rule.required:
                reading.report(line, name, "is required")
        else:
            value = read_value(raw, rule, name, line, reading)
            if value is not None:
                values[key] = value
    for key, rule in rules.items():
        if rule.required and key not in data:
            reading.report(data.line, prefix + key, "is required")
        if rule.type == "image" and key in values and rule.alt not in values and is_blank(data.get(rule.alt)):
            reading.report(data.line_of(key), prefix + rule.alt,
                           f"is required with {key}: describe the picture for readers who cannot see it")
    return values


def read_value(raw: Any, rule: Rule, name: str, line: int, reading: Reading) -> Any:
    """Return `raw` parsed by `rule`, or None after reporting why it is refused."""
    if rule.type == "map":
        if not isinstance(raw, dict):
            fields = ", ".join(rule.fields)
            reading.report(line, name, f"{describe(raw)} is not a mapping: give its fields ({fields})")
            return None
        return read_fields(raw, rule.fields, reading, name + ".")
    if rule.type == "list":
        return read_list(raw, rule, name, line, reading)
    if not isinstance(raw, str):
        reading.report(line, name, f"must be {'text' if rule.type in ('text', 'markdown') else 'one value'}, "
                                   f"not a {'mapping' if isinstance(raw, dict) else 'list'}")
        return None
    try:
        value = SCALARS[rule.type](raw, rule, reading)
    except Refused as refusal:
        reading.report(line, name, str(refusal))
        return None
    if rule.type in ("text", "markdown") and value is not None:
        # a block scalar (`bio: |`) starts on the line after its key, and only block scalars hold newlines
        start = line + 1 if "\n" in raw else line
        reading.texts.append(Text(name, start, raw, rule.type == "markdown", rule.phones,
                                  rule.emails))
    elif rule.type == "id" and value is not None:
        reading.refs.append(Ref(name, line, rule.refers, value))
    if value is None and rule.required:
        reading.report(line, name, "is empty")
    return value


def read_list(raw: Any, rule: Rule, name: str, line: int, reading: Reading) -> tuple[Any, ...] | None:
    if not isinstance(raw, list):
        shown = f"[{raw}]" if isinstance(raw, str) else "[...]"
        reading.report(line, name, f"{describe(raw)} is not a list: write {shown}")
        return None
    if len(raw) < rule.least:
        reading.report(line, name, f"has {len(raw)} entries; at least {rule.least} needed")
    items = []
    flow = getattr(raw, "line", None) == line  # `[a, b]` starts on its key's line, `- a` below it
    for index, item in enumerate(raw):
        item_name, item_line = f"{name}[{index}]", raw.line_of(index)
        if item is None:
            reading.report(item_line, item_name, "is empty")
            continue
        if flow and isinstance(item, str) and FULL_WIDTH_COMMA.search(item):
            comma = FULL_WIDTH_COMMA.search(item).group()  # type: ignore[union-attr]
            fixed = ", ".join(part.strip() for other in raw if isinstance(other, str)
                              for part in FULL_WIDTH_COMMA.split(other) if part.strip())
            reading.report(item_line, item_name, f'"{item}" holds a full-width comma "{comma}"; separate list '
                                                 f"items with an ASCII comma and a space: [{fixed}]")
            continue
        value = read_value(item, rule.item, item_name, item_line, reading)
        if value is not None and rule.item.type == "id" and value in items:
            reading.report(item_line, item_name, f'"{value}" is listed twice')
        elif value is not None:
            items.append(value)
    return tuple(items)


def line_at(data: Any, *keys: str | int) -> int:
    """The line of the deepest of `keys` present under `data`, so a problem points as near as it can."""
    line = data.line
    for key in keys:
        present = key in data if isinstance(data, dict) else isinstance(data, list) and key < len(data)
        if not present:
            break
        line, data = data.line_of(key), data[key]
    return line


def suggest(word: str, choices: Any) -> str:
    """` (did you mean "x"?)` for a close match among `choices`, else an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def a(noun: str) -> str:
    """`noun` with its indefinite article: "a person", "an organization"."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def is_blank(raw: Any) -> bool:
    return raw is None or isinstance(raw, str) and not raw.strip()


def describe(raw: Any) -> str:
    return f'"{raw}"' if isinstance(raw, str) else "a mapping" if isinstance(raw, dict) else "a list"


# --- scalars: each takes the text as written and returns the parsed value -------------

def read_text(value: str, rule: Rule, reading: Reading) -> str | None:
    text = value.strip() if rule.type == "text" else value.rstrip()
    if not text:
        return None
    length = len(text)
    if rule.most is not None and length > rule.most:
        raise Refused(f"is {length} characters long; at most {rule.most}")
    if length < rule.least:
        raise Refused(f"is {length} characters long; at least {rule.least}")
    return text


def read_bool(value: str, rule: Rule, reading: Reading) -> bool:
    if value == "true" or value == "false":
        return value == "true"
    if value.lower() in YAML_BOOLEANS:
        raise Refused(f'"{value}" is ambiguous: write true or false')
    raise Refused(f'"{value}" is not a yes/no value: write true or false')


def read_int(value: str, rule: Rule, reading: Reading) -> int:
    if not DIGITS.fullmatch(value):
        raise Refused(f'"{value}" is not a whole number')
    if int(value) < rule.least:
        raise Refused(f'"{value}" is too small; at least {rule.least}')
    return int(value)


def read_year(value: str, rule: Rule, reading: Reading) -> int:
    if not YEAR.fullmatch(value):
        raise Refused(f'"{value}" is not a year (YYYY)')
    return int(value)


def read_date(value: str, rule: Rule, reading: Reading) -> date:
    match = DATE.fullmatch(value)
    if not match:
        raise Refused(f'"{value}" is not a date (YYYY-MM-DD)')
    return valid_date(value, *map(int, match.groups()))


def read_datetime(value: str, rule: Rule, reading: Reading) -> datetime:
    match = DATETIME.fullmatch(value)
    if not match:
        raise Refused(f'"{value}" is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM)')
    year, month, day, hour, minute = (int(part) if part else 0 for part in match.groups())
    day_ = valid_date(value, year, month, day)
    if hour > 23 or minute > 59:
        raise Refused(f'"{value}" is not a valid time of day')
    return datetime(day_.year, day_.month, day_.day, hour, minute, tzinfo=SHANGHAI)


def valid_date(value: str, year: int, month: int, day: int) -> date:
    """The date, or a refusal saying why there is no such day."""
    if not 1 <= month <= 12:
        raise Refused(f'"{value}" is not a valid date: there is no month {month}')
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= days:
        raise Refused(f'"{value}" is not a valid date: {MONTHS[month - 1]} {year} has {days} days')
    try:
        return date(year, month, day)
    except ValueError:  # year 0
        raise Refused(f'"{value}" is not a valid date: there is no year {year}') from None


def read_period(value: str, rule: Rule, reading: Reading) -> str:
    match = PERIOD.fullmatch(value)
    if not match:
        raise Refused(f'"{value}" is not a period ({PERIODS})')
    _, month, quarter = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise Refused(f'"{value}" is not a month ({PERIODS})')
    if quarter is not None and not 1 <= int(quarter) <= 4:
        raise Refused(f'"{value}" is not a quarter ({PERIODS})')
    return value


def read_birth(value: str, rule: Rule, reading: Reading) -> str:
    if FULL_DATE.fullmatch(value):
        raise Refused(f'"{value}" is a full date: write YYYY or YYYY-MM, never a full birth date')
    match = BIRTH.fullmatch(value)
    if not match:
        raise Refused(f'"{value}" is not a year or a month (YYYY or YYYY-MM)')
    if match.group(2) is not None and not 1 <= int(match.group(2)) <= 12:
        raise Refused(f'"{value}" is not a month (YYYY-MM)')
    return value


def read_choice(value: str, rule: Rule, reading: Reading) -> str:
    if value not in rule.choices:
        raise Refused(f'"{value}" is not one of {", ".join(rule.choices)}{suggest(value, rule.choices)}')
    return value


def read_category(value: str, rule: Rule, reading: Reading) -> str:
    category = normalize_category(value)
    if category is None:
        raise Refused(f'"{value}" is not a category: one of {", ".join(CATEGORIES)}')
    return category


def normalize_category(value: str) -> str | None:
    """One of CATEGORIES for `value` in either script or a common variant; None when it is none of them."""
    if value in CATEGORIES:
        return value
    simplified = to_simplified()(value)
    return simplified if simplified in CATEGORIES else CATEGORY_VARIANTS.get(simplified)


@cache
def to_simplified() -> Callable[[str], str]:
    import opencc  # loading the dictionaries costs time; only a non-Simplified category needs them

    return opencc.OpenCC("t2s").convert


def read_district(value: str, rule: Rule, reading: Reading) -> str:
    if reading.districts is not None and value not in reading.districts:
        raise Refused(f'"{value}" is not a district of this site{suggest(value, reading.districts)}')
    return value


def read_id(value: str, rule: Rule, reading: Reading) -> str:
    if not ID.fullmatch(value) or len(value) > ID_MAX_LENGTH:
        raise Refused(f'"{value}" is not an id (lowercase letters, digits and single hyphens)')
    return value


def read_url(value: str, rule: Rule, reading: Reading) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in value):
        raise Refused(f'"{value}" is not an https:// address')
    return value


def read_link(value: str, rule: Rule, reading: Reading) -> str:
    if value.startswith("mailto:") and "@" in value or SITE_LINK.fullmatch(value):
        return value
    try:
        return read_url(value, rule, reading)
    except Refused:
        raise Refused(f'"{value}" is not a link: https://..., mailto:... or a path like /about/') from None


def read_host(value: str, rule: Rule, reading: Reading) -> str:
    if not HOST.fullmatch(value):
        raise Refused(f'"{value}" is not a host name (like player.bilibili.com)')
    return value


def read_url_path(value: str, rule: Rule, reading: Reading) -> str:
    if not URL_PATH.fullmatch(value) or "/../" in value + "/":
        raise Refused(f'"{value}" is not a URL path on this site (like /stories/old-slug/)')
    return value


def read_path(value: str, rule: Rule, reading: Reading) -> str | None:
    return value.strip() or None


SCALARS: Mapping[str, Callable[[str, Rule, Reading], Any]] = MappingProxyType({
    "text": read_text, "markdown": read_text, "bool": read_bool, "int": read_int, "year": read_year,
    "date": read_date, "datetime": read_datetime, "period": read_period, "birth": read_birth,
    "choice": read_choice, "category": read_category, "district": read_district, "id": read_id,
    "url": read_url, "link": read_link, "host": read_host, "urlpath": read_url_path,
    "path": read_path, "image": read_path,
})
