"""Chinese prose from the vocabulary's templates: names, sentences, and story bodies of a given length."""

from __future__ import annotations

import functools
import random
import re
import string
from dataclasses import dataclass

from . import vocabulary as words

NUMBER_SLOTS = {"yr": (2005, 2021), "mo": (1, 12), "day": (1, 28), "years": (3, 30), "age": (16, 80),
                "hours": (100, 3000), "num": (3, 60), "big": (200, 30000)}
HAN = re.compile(r"[\u4e00-\u9fff]")
STORY_HAN = (1500, 2700)  # the target; the last paragraph adds at most about 250, so bodies stay under 3,000


def count_han(text: str) -> int:
    """How many Han characters `text` holds (how Chinese length is measured)."""
    return len(HAN.findall(text))


@dataclass(frozen=True)
class Person:
    """Whom a text is about: id (empty for a passer-by), display name, pronoun and where they live."""

    id: str
    name: str
    kind: str
    ta: str
    district: str
    street: str
    category: str | None
    published: bool


@functools.cache
def _slots(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Prose:
    """Writes text from one random stream; `organizations` grows as the site's organizations are written."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.organizations: list[str] = []

    def person_name(self, female: bool) -> tuple[str, str]:
        """A Han name and its pinyin stem, e.g. ("王建国", "wang-jianguo")."""
        surname, sur_py = self.rng.choice(words.SURNAMES)
        pool = words.FEMALE_GIVEN if female else words.MALE_GIVEN
        given = self.rng.sample(pool, 2 if self.rng.random() < 0.75 else 1)
        return surname + "".join(g for g, _ in given), f"{sur_py}-" + "".join(p for _, p in given)

    def fill(self, template: str, who: Person) -> str:
        """`template` with its slots filled; only the slots it has draw from the random stream."""
        rng, values = self.rng, {}
        for slot in _slots(template):
            if slot in NUMBER_SLOTS:
                values[slot] = rng.randint(*NUMBER_SLOTS[slot])
            elif slot == "org":
                values[slot] = rng.choice(self.organizations) if self.organizations else "志愿服务队"
            elif slot == "cn":
                values[slot] = rng.choice(words.CHINESE_NUMERALS)
            else:
                values[slot] = {"n": who.name, "ta": who.ta, "dist": who.district, "street": who.street}[slot]
        return template.format_map(values)

    def sentences(self, who: Person, least: int, most: int) -> str:
        """Whole sentences about `who`: at least `least` characters, and never more than `most`."""
        text, misses = "", 0
        while len(text) < least and misses < 20:
            sentence = self.fill(self.rng.choice(words.SENTENCES), who)
            if len(text) + len(sentence) > most:
                misses += 1
                continue
            text += sentence
        return text

    def story_body(self, who: Person) -> tuple[str, str]:
        """A body of 1,500-3,000 Han characters in paragraphs with two or three `## ` headings; and its summary."""
        rng = self.rng
        goal = rng.randint(*STORY_HAN)
        lead = self.fill(rng.choice(words.LEADS), who) + self.sentences(who, 40, 120)
        paragraphs, size = [lead], count_han(lead)
        while size < goal:
            paragraph = self.sentences(who, 80, 260)
            paragraphs.append(paragraph)
            size += count_han(paragraph)
        headings = rng.sample(words.HEADINGS, rng.randint(2, 3))
        step = max(1, len(paragraphs) // (len(headings) + 1))
        for number, heading in enumerate(headings, 1):
            paragraphs.insert(min(len(paragraphs), number * step + number - 1), f"## {heading}")
        summary = lead if len(lead) <= 200 else lead[:199] + "。"
        return "\n\n".join(paragraphs) + "\n", summary
