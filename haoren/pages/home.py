"""The home page (/): latest stories, the newest honor roll, open campaigns, topics, volunteer spotlights."""

from __future__ import annotations

from collections.abc import Iterator

from . import GeneratedPage
from .campaign import OPEN_STAGES, STAGE_CLASSES
from .listing import newest_date
from .rolls import group_entries
from .spotlight import spotlight_stories
from .render import Renderer

LATEST = 8
ROLL_SHOWN = 12
TOPICS_SHOWN = 6
SPOTLIGHTS_SHOWN = 4


def home_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    roll = site.rolls[0] if site.rolls else None
    yield r.page(
        "home.html",
        url="/", title=site.settings.name, kind="home",
        description=site.settings.description or site.settings.name,
        lastmod=newest_date(site.stories[:1]),
        latest=site.stories[:LATEST], roll=roll,
        roll_groups=group_entries(r, roll.entries[:ROLL_SHOWN]) if roll else [],
        roll_more=bool(roll) and len(roll.entries) > ROLL_SHOWN,
        campaigns=[v for v in site.campaigns if v.stage in OPEN_STAGES], stage_classes=STAGE_CLASSES,
        topics=site.topics[:TOPICS_SHOWN], spotlights=spotlight_stories(site.stories)[:SPOTLIGHTS_SHOWN],
    )
