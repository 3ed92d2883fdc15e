"""Topic pages (/topics/<id>/, pinned stories first, 20 a page) and the list of topics (/topics/)."""

from __future__ import annotations

from collections.abc import Iterator

from . import GeneratedPage
from .listing import list_pages, newest_date
from .render import Renderer
from .urls import topic_url


def topic_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    for topic in site.topics:
        stories = site.stories_in_topic.get(topic.id, ())
        yield from list_pages(
            r, stories, first_url=topic_url(topic.id), title=topic.title, kind="topic", template="topic.html",
            description=r.label("专题：{}，共{}篇文章").format(topic.title, len(stories)),
            topic=topic, intro=r.markdown(topic.description, topic.path, 1, "description"),
        )
    yield r.page(
        "topic_index.html",
        url="/topics/", title=r.label("专题"), kind="list",
        description=r.label("{}的专题报道").format(site.settings.name),
        lastmod=newest_date([s for t in site.topics for s in site.stories_in_topic.get(t.id, ())[:1]]),
        topics=[(topic, len(site.stories_in_topic.get(topic.id, ()))) for topic in site.topics],
    )
