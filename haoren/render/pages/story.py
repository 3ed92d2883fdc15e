"""Story pages (/stories/<slug>/) and the list of all stories (/stories/, 20 a page)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from haoren.render.pages import GeneratedPage, sharemeta
from haoren.render.pages.listing import list_pages
from haoren.render.pages.render import Renderer, as_shanghai, reading_minutes
from haoren.render.pages.urls import story_url
from haoren.render.pages.video import share_video, video_object, video_view
from haoren.schema import Story


def story_page(r: Renderer, story: Story) -> GeneratedPage:
    """/stories/<slug>/ of one published story (the preview renders one page at a time)."""
    site = r.site
    body = r.markdown(story.body, story.path, story.body_line, "body")
    older, newer = site.neighbours[story.slug]
    url = story_url(story.slug)
    card = sharemeta.card(r, url, story.title, story.cover)
    json_ld = (
        sharemeta.news_article(r, story, card), sharemeta.breadcrumbs(r, "story", url, story.title),
        *filter(None, [video_object(r, story.video, story.title, story.summary, story.date,
                                    card.image.url if card else None)]),
    )
    return r.page(
        "story.html",
        url=url, title=story.title, description=story.summary, kind="story",
        lastmod=story.updated or story.date,
        share=sharemeta.share_info(card, "article", json_ld, as_shanghai(story.date),
                                   as_shanghai(story.updated or story.date), share_video(r, story.video)),
        share_bar=sharemeta.share_bar(r, url, story.title, story.summary, card),
        lead_card=sharemeta.lead_card(r, card, story.cover),
        story=story, body=body, video=video_view(r, story.video, story.title), minutes=reading_minutes(body),
        honorees=[site.honoree_by_id[h] for h in story.honorees if h in site.honoree_by_id],
        topics=[site.topic_by_id[t] for t in story.topics if t in site.topic_by_id],
        campaign=site.campaign_by_id.get(story.campaign) if story.campaign else None,
        related=site.related.get(story.slug, ()), older=older, newer=newer,
        correction=correction_link(r, story),
    )


def story_list_pages(r: Renderer) -> Iterator[GeneratedPage]:
    """/stories/ and its further pages, 20 stories a page."""
    site = r.site
    yield from list_pages(
        r, site.stories, first_url="/stories/", title=r.label("全部文章"),
        description=r.label("{}的全部文章，按发布时间从新到旧").format(site.settings.name),
        template="story_list.html",
    )


def correction_link(r: Renderer, story: Story) -> str | None:
    """Where 【纠错】 goes: the office's mailto: (with the story named in the subject) or its page."""
    contact = r.site.settings.correction_contact
    if not contact:
        return None
    if contact.startswith("mailto:"):
        subject = quote(r.text(r.label("纠错：") + story.title) + f" {r.urls.absolute(story_url(story.slug))}")
        return f"{contact}{'&' if '?' in contact else '?'}subject={subject}"
    if contact.startswith(("https://", "http://", "/")):
        return r.urls.href(contact)
    return None  # anything else could be a script URL
