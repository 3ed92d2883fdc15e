"""Recall and precision of the personal-data detectors on a fixed corpus of realistic sentences."""

from __future__ import annotations

from pathlib import Path

import yaml

from haoren.validate.privacy import KINDS, find_personal_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "privacy"
PLANTED = yaml.safe_load((FIXTURES / "planted.yml").read_text(encoding="utf-8"))
NEAR_MISSES = yaml.safe_load((FIXTURES / "near_misses.yml").read_text(encoding="utf-8"))


def test_the_corpus_is_big_enough_and_covers_every_kind():
    assert len(PLANTED) >= 100 and len(NEAR_MISSES) >= 100
    assert {item["kind"] for item in PLANTED} == set(KINDS)
    # YAML would read 95598 or 10:30 as numbers: every text must have stayed a string.
    assert all(isinstance(item["text"], str) for item in PLANTED + NEAR_MISSES)


def test_every_planted_item_is_found_on_its_line():
    missed = [
        f'{item["kind"]} on line {item.get("line", 0)}: {item["text"]!r}'
        for item in PLANTED
        if not any(
            finding.kind == item["kind"] and finding.line == item.get("line", 0)
            for finding in find_personal_data(item["text"])
        )
    ]
    assert missed == [], "missed:\n" + "\n".join(missed)


def test_at_most_one_false_alarm_among_near_misses():
    false_alarms = [
        f'{item["what"]}: {item["text"]!r} -> {[finding.message for finding in findings]}'
        for item in NEAR_MISSES
        if (findings := find_personal_data(item["text"], allow_phones=item.get("allow_phones", False)))
    ]
    assert len(false_alarms) <= 1, "false alarms:\n" + "\n".join(false_alarms)
