"""Atom, JSON Feed 1.1, sitemap.xml and robots.txt: parseable, absolute, deterministic, published items only."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser

from haoren.model.site import build_site
from haoren.render.feeds import SITEMAP_LIMIT, feed_files, sitemap_files
from haoren.render.pages import GeneratedPage, generate_pages
from haoren.render.pages.render import RenderContext

from ..factories import at, make_content, make_settings, make_story

NOW = at("2020-06-01")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def files_of(content):
    site = build_site(content, NOW)
    pages = generate_pages(site, RenderContext(workers=1))
    return feed_files(site, pages), pages


def many_stories(count: int):
    stories = [
        make_story(f"s{n:02d}", f"2020-{n // 28 + 1:02d}-{n % 28 + 1:02d}", tags=("社区",), author="记者 王某",
                   body=f"正文{n}，见[关于](/about/)。")
        for n in range(count)
    ]
    stories[-1] = make_story("s-last", "2020-03-01", updated=at("2020-03-02"), title="最新")
    return tuple(stories)


def test_atom_feed_parses_with_the_latest_twenty_stories_in_shanghai_time():
    files, _ = files_of(make_content(stories=many_stories(25) + (make_story("draft", draft=True),)))
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo
    assert feed.feed.title == "测试好人网"
    assert len(feed.entries) == 20
    newest = feed.entries[0]
    assert newest.link == "https://haoren.example.cn/stories/s-last/"
    assert newest.id == newest.link
    assert newest.published == "2020-03-01T00:00:00+08:00"
    assert newest.updated == "2020-03-02T00:00:00+08:00"
    assert feed.feed.updated == "2020-03-02T00:00:00+08:00"  # the newest story's, never the build's
    older = feed.entries[1]
    assert older.author == "记者 王某" and [t.term for t in older.tags] == ["社区"]
    assert 'href="https://haoren.example.cn/about/"' in older.content[0].value


def test_json_feed_has_the_required_keys_and_absolute_urls():
    files, _ = files_of(make_content(stories=many_stories(3)))
    feed = json.loads(files["feed.json"])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "测试好人网" and feed["feed_url"] == "https://haoren.example.cn/feed.json"
    assert feed["home_page_url"] == "https://haoren.example.cn/"
    first = feed["items"][0]
    assert {"id", "url", "title", "content_html", "date_published"} <= set(first)
    assert first["url"] == "https://haoren.example.cn/stories/s-last/"
    assert first["date_published"] == "2020-03-01T00:00:00+08:00"
    assert [item["id"] for item in feed["items"]] == [
        "https://haoren.example.cn/stories/s-last/", "https://haoren.example.cn/stories/s01/",
        "https://haoren.example.cn/stories/s00/",
    ]


def test_feeds_of_an_empty_site_are_still_valid_and_timeless():
    files, _ = files_of(make_content())
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "1970-01-01T00:00:00+08:00"
    assert json.loads(files["feed.json"])["items"] == []


def test_sitemap_lists_exactly_the_pages_meant_for_it_with_lastmod():
    files, pages = files_of(make_content(stories=many_stories(3) + (make_story("later", "2020-09-01"),)))
    root = ET.fromstring(files["sitemap.xml"])
    listed = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    expected = sorted(f"https://haoren.example.cn{p.url}" for p in pages if p.in_sitemap)
    assert listed == expected
    assert "https://haoren.example.cn/404.html" not in listed
    assert "https://haoren.example.cn/stories/later/" not in listed
    lastmods = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url")}
    assert lastmods["https://haoren.example.cn/stories/s-last/"] == "2020-03-02T00:00:00+08:00"


def test_robots_txt_points_at_the_sitemap():
    files, _ = files_of(make_content(settings=make_settings(base_url="https://wmw.example.cn/haoren")))
    assert files["robots.txt"] == b"User-agent: *\nDisallow:\n\nSitemap: https://wmw.example.cn/haoren/sitemap.xml\n"


def test_a_huge_site_gets_a_sitemap_index():
    pages = [GeneratedPage(f"/p{n}/", "t", "d", "", "list") for n in range(SITEMAP_LIMIT + 1)]
    files = sitemap_files(pages, "https://haoren.example.cn")
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert [e.text for e in index.iter(f"{SITEMAP}loc")] == [
        "https://haoren.example.cn/sitemap-1.xml", "https://haoren.example.cn/sitemap-2.xml",
    ]
    assert len(ET.fromstring(files["sitemap-2.xml"])) == 1


def test_the_same_site_gives_the_same_bytes():
    content = make_content(stories=many_stories(5))
    assert files_of(content)[0] == files_of(content)[0]
