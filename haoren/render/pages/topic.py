"""Topic pages (/topics/<id>/, pinned stories first, 20 a page) and the list of topics (/topics/)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from haoren.render.pages import GeneratedPage, ShareInfo, sharemeta
from haoren.render.pages.listing import list_pages, newest_date
from haoren.render.pages.render import Renderer
from haoren.render.pages.urls import story_url, topic_url
from haoren.schema import Story


def topic_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    # The index first: the preview finds a page by walking its section's generator (preview.pages), and
    # the header's tabs need this one on every first page; the topics' own pages took it 0.5 s at 10,000.
    yield r.page(
        "topic_index.html",
        url="/topics/", title=r.label("专题"), kind="list",
        description=r.label("{}的专题报道").format(site.settings.name),
        lastmod=newest_date([s for t in site.topics for s in site.stories_in_topic.get(t.id, ())[:1]]),
        topics=[(topic, len(site.stories_in_topic.get(topic.id, ()))) for topic in site.topics],
    )
    for topic in site.topics:
        stories = site.stories_in_topic.get(topic.id, ())
        url = topic_url(topic.id)
        description = r.label("专题：{}，共{}篇文章").format(topic.title, len(stories))
        card = sharemeta.card(r, url, topic.title, topic.cover)  # every page of the topic shows it
        yield from list_pages(
            r, stories, first_url=url, title=topic.title, kind="topic", template="topic.html",
            description=description, share=partial(_share_info, r, card, description),
            share_bar=sharemeta.share_bar(r, url, topic.title, description, card),
            topic=topic, intro=r.markdown(topic.description, topic.path, 1, "description"),
        )


def _share_info(
    r: Renderer, card: sharemeta.Card | None, description: str, url: str, title: str, stories: Sequence[Story]
) -> ShareInfo:
    """One page of a topic: a CollectionPage listing the stories on it."""
    listed = [(story.title, story_url(story.slug)) for story in stories]
    return sharemeta.share_info(card, "website", (
        sharemeta.collection_page(r, url, title, description, listed),
        sharemeta.breadcrumbs(r, "topic", url, title),
    ))
