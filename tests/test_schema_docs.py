"""Every field of every rule table says in Chinese what it means (scaffolds and JSON Schema show it)."""

import re

import pytest

from haoren import schema

TABLES = {
    "story": schema.STORY_FIELDS, "honoree": schema.HONOREE_FIELDS, "campaign": schema.CAMPAIGN_FIELDS,
    "topic": schema.TOPIC_FIELDS, "page": schema.PAGE_FIELDS, "site": schema.SETTINGS_FIELDS,
    "redirect": schema.REDIRECT_FIELDS,
}
HAN = re.compile(r"[\u4e00-\u9fff]")


def walk(rules, prefix=""):
    for key, rule in rules.items():
        yield prefix + key, rule
        if rule.item is not None:
            yield prefix + key + "[]", rule.item
            if rule.item.fields:
                yield from walk(rule.item.fields, prefix + key + "[].")
        if rule.fields:
            yield from walk(rule.fields, prefix + key + ".")


@pytest.mark.parametrize("kind", TABLES)
def test_every_field_has_a_chinese_description(kind):
    missing = [name for name, rule in walk(TABLES[kind]) if not HAN.search(rule.doc)]
    assert missing == []


def test_a_description_is_read_from_the_rule():
    assert schema.HONOREE_FIELDS["consent"].fields["date"].doc == "取得同意的日期：YYYY-MM-DD"
