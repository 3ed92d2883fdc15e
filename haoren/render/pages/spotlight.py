"""志愿者风采 (/spotlight/): spotlight stories, volunteers by service hours, volunteer organizations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from haoren.render.pages import GeneratedPage
from haoren.render.pages.honoree import honorees_lastmod
from haoren.render.pages.listing import list_pages, newest_date
from haoren.render.pages.render import Renderer
from haoren.schema import Honoree, Story

SPOTLIGHT_URL = "/spotlight/"
STORIES_URL = "/spotlight/stories/"
VOLUNTEERS_URL = "/spotlight/volunteers/"
SHOWN = 10  # of each list on /spotlight/ itself; the rest are a link away


def spotlight_stories(stories: Sequence[Story]) -> list[Story]:
    return [s for s in stories if s.kind == "spotlight"]


def volunteers_by_hours(honorees: Sequence[Honoree]) -> list[Honoree]:
    return sorted((h for h in honorees if h.volunteer), key=lambda h: (-h.volunteer.hours, h.id))


def spotlight_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    stories = spotlight_stories(site.stories)
    volunteers = volunteers_by_hours(site.honorees)
    organizations = sorted(
        (h for h in site.honorees if h.kind == "organization"),
        key=lambda h: (-len(site.volunteers_of.get(h.id, ())), h.id),
    )
    yield r.page(
        "spotlight.html",
        url=SPOTLIGHT_URL, title=r.label("志愿者风采"), kind="list",
        description=r.label("{}：志愿者风采、志愿服务时长和志愿服务组织").format(site.settings.name),
        lastmod=newest_date(stories[:1]), stories=stories[:SHOWN], more_stories=len(stories) > SHOWN,
        volunteers=volunteers[:SHOWN], more_volunteers=len(volunteers) > SHOWN,
        organizations=[(h, len(site.volunteers_of.get(h.id, ()))) for h in organizations],
    )
    yield from list_pages(
        r, stories, first_url=STORIES_URL, title=r.label("志愿者风采文章"), template="story_list.html",
        description=r.label("志愿者风采：志愿者和志愿服务组织的故事"),
    )
    yield from list_pages(
        r, volunteers, first_url=VOLUNTEERS_URL, title=r.label("志愿者服务时长榜"),
        template="volunteer_list.html",
        description=r.label("按志愿服务时长排列的志愿者，星级由时长计算"),
        lastmod=partial(honorees_lastmod, r),
    )
