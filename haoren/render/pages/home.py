"""The home page (/): latest stories, the newest honor roll, open campaigns, topics, volunteer spotlights."""

from __future__ import annotations

from collections.abc import Iterator

from haoren.render.pages import GeneratedPage
from haoren.render.pages.campaign import OPEN_STAGES, STAGE_CLASSES
from haoren.render.pages.listing import newest_date
from haoren.render.pages.render import Renderer
from haoren.render.pages.rolls import group_entries
from haoren.render.pages.spotlight import spotlight_stories

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
