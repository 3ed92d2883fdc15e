"""Topic pages: description and cover, pinned stories first, then the newest, 20 a page; and the topic list."""

from __future__ import annotations

from pathlib import Path

from haoren.schema import Image

from ..factories import at, make_content, make_story, make_topic
from ..pagetools import link_texts, pages_of, read, texts

NOW = at("2020-12-31")


def topic_pages(topic, stories):
    return pages_of(make_content(topics=(topic,), stories=tuple(stories)), NOW)


def test_pinned_stories_come_first_then_the_newest():
    stories = [make_story(f"s{n:02d}", f"2020-03-{n:02d}", topics=("kangyi",)) for n in range(1, 6)]
    topic = make_topic("kangyi", pinned=("s02",), description="**抗疫**专题说明",
                       cover=Image(Path("/site/content/images/topic.jpg"), "专题封面"))
    page = topic_pages(topic, stories + [make_story("elsewhere", "2020-04-01")])["/topics/kangyi/"]
    html = page.content_html
    assert (page.title, page.kind) == ("抗疫中的文明故事", "topic")
    assert texts(html, "hr-card__title") == ["置顶 标题s02", "标题s05", "标题s04", "标题s03", "标题s01"]
    assert "<strong>抗疫</strong>专题说明" in html
    assert [e["attrs"]["alt"] for e in read(html) if e["tag"] == "img"] == ["专题封面"]


def test_a_long_topic_paginates_and_shows_its_intro_only_first():
    stories = [make_story(f"s{n:02d}", f"2020-03-{n:02d}", topics=("kangyi",)) for n in range(1, 26)]
    pages = topic_pages(make_topic("kangyi", description="专题说明"), stories)
    second = pages["/topics/kangyi/page/2/"]
    assert texts(second.content_html, "hr-card__title") == [f"标题s{n:02d}" for n in range(5, 0, -1)]
    assert texts(second.content_html, "hr-list__intro") == []
    assert texts(pages["/topics/kangyi/"].content_html, "hr-list__intro") == ["专题说明"]


def test_the_topic_list_links_each_topic_with_its_count():
    pages = topic_pages(make_topic("kangyi"), [make_story("a", topics=("kangyi",))])
    html = pages["/topics/"].content_html
    assert link_texts(html)["/topics/kangyi/"] == "抗疫中的文明故事"
    assert texts(html, "hr-card__meta") == ["1 篇文章"]
