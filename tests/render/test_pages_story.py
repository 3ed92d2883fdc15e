"""Story pages show everything a reader expects around the text, and /stories/ lists them 20 a page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

import zxingcpp

from haoren.schema import Consent, Image

from ..factories import at, make_content, make_honoree, make_settings, make_story, make_topic
from ..pagetools import link_texts, links, pages_of, read, text, texts
from .test_share import rasterize_qr_svg

NOW = at("2020-06-01")


def full_story(**fields):
    values = dict(
        title="网格员张秀兰守好小区出入关",
        subtitle="连续五十六天坚守卡口",
        author="记者 王某",
        source="潍坊日报",
        editor="李某",
        tags=("疫情防控", "社区"),
        topics=("kangyi",),
        honorees=("zhang-xiulan",),
        cover=Image(Path("/site/content/images/cover.jpg"), "小区卡口", credit="张某 摄"),
        body="## 坚守\n\n她每天早上六点到岗。\n\n" + "字" * 900,
        date=at("2020-03-05").replace(hour=9, minute=30),
    )
    values.update(fields)
    return make_story("zhang-xiulan", "2020-03-05", **values)


def site_pages(*stories, **settings):
    content = make_content(
        settings=make_settings(**settings),
        stories=stories,
        honorees=(make_honoree("zhang-xiulan", name="张秀兰"),),
        topics=(make_topic("kangyi", title="抗疫中的文明故事"),),
    )
    return pages_of(content, NOW)


def test_story_page_shows_its_byline_cover_body_and_terms():
    page = site_pages(full_story())["/stories/zhang-xiulan/"]
    html = page.content_html
    assert (page.title, page.kind, page.description) == ("网格员张秀兰守好小区出入关", "story", "摘要zhang-xiulan")
    assert texts(html, "hr-story__title") == ["网格员张秀兰守好小区出入关"]
    assert texts(html, "hr-story__subtitle") == ["连续五十六天坚守卡口"]
    assert texts(html, "hr-meta__date") == ["2020年3月5日"]  # the one date format of every page
    assert 'datetime="2020-03-05T09:30:00+08:00"' in html  # machines still read ISO
    assert texts(html, "hr-meta__source") == ["来源：潍坊日报"]
    assert texts(html, "hr-meta__author") == ["作者：记者 王某"]
    assert texts(html, "hr-story__editor") == ["责任编辑：李某"]
    assert texts(html, "hr-figure__credit") == ["图：张某 摄"]
    assert texts(html, "hr-meta__reading") == ["阅读约 3 分钟"]  # 912 characters at 400 a minute
    headings = [e for e in read(html) if e["tag"] == "h2" and e["attrs"].get("id")]
    assert [h["attrs"]["id"] for h in headings] == ["坚守"]  # Unicode anchors, not _1
    found = link_texts(html)
    assert found["/honorees/zhang-xiulan/"] == "张秀兰"
    assert found["/topics/kangyi/"] == "抗疫中的文明故事"
    assert found["/tags/yiqingfangkong/"] == "疫情防控"
    assert found["/tags/shequ/"] == "社区"


def test_the_cover_goes_through_the_image_hook_eagerly_and_cards_lazily():
    calls = []

    def image_html(image, lazy):
        calls.append((image.source.name, lazy))
        return f'<img class="from-hook" alt="{image.alt}">'

    content = make_content(stories=(full_story(), make_story("newer", "2020-04-01", cover=full_story().cover)))
    pages = pages_of(content, NOW, image_html=image_html)
    assert 'class="from-hook"' in pages["/stories/zhang-xiulan/"].content_html
    assert ("cover.jpg", False) in calls and ("cover.jpg", True) in calls


def test_previous_and_next_are_the_older_and_newer_stories():
    pages = site_pages(make_story("a", "2020-01-01"), make_story("b", "2020-02-01"), make_story("c", "2020-03-01"))
    middle = pages["/stories/b/"].content_html
    assert texts(middle, "hr-prevnext__older") == ["上一篇标题a"]
    assert texts(middle, "hr-prevnext__newer") == ["下一篇标题c"]
    assert texts(pages["/stories/a/"].content_html, "hr-prevnext__older") == []
    assert texts(pages["/stories/c/"].content_html, "hr-prevnext__newer") == []


def test_related_stories_come_from_the_model_ranking():
    pages = site_pages(
        make_story("a", "2020-01-01", tags=("社区",)),
        make_story("b", "2020-02-01", honorees=("zhang-xiulan",)),
        make_story("c", "2020-03-01", honorees=("zhang-xiulan",), tags=("社区",)),
        make_story("d", "2020-04-01"),
    )
    html = pages["/stories/c/"].content_html
    assert texts(html, "hr-section__title")[-1] == "相关文章"
    # the shared honoree ranks before the shared tag; d shares nothing
    assert texts(html, "hr-related__list") == ["标题b 2020年2月1日 标题a 2020年1月1日"]


def test_correction_link_mails_the_office_with_the_story_named():
    pages = site_pages(full_story(), correction_contact="mailto:jiucuo@example.gov.cn")
    [href] = [h for h in links(pages["/stories/zhang-xiulan/"].content_html) if h.startswith("mailto:")]
    assert unquote(href) == "mailto:jiucuo@example.gov.cn?subject=纠错：网格员张秀兰守好小区出入关 " + (
        "https://haoren.example.cn/stories/zhang-xiulan/"
    )


def test_correction_link_can_be_a_page_of_the_site_and_is_absent_without_a_contact():
    with_page = site_pages(full_story(), correction_contact="/about/#纠错")["/stories/zhang-xiulan/"]
    assert texts(with_page.content_html, "hr-correction") == ["【纠错】"]
    assert "/about/#纠错" in links(with_page.content_html)
    without = site_pages(full_story())["/stories/zhang-xiulan/"]
    assert "【纠错】" not in text(without.content_html)


def test_a_site_under_a_path_prefixes_every_link():
    pages = site_pages(full_story(), make_story("b", "2020-01-01"), base_url="https://wmw.example.cn/haoren")
    hrefs = links(pages["/stories/zhang-xiulan/"].content_html)
    assert "/haoren/stories/b/" in hrefs and "/haoren/honorees/zhang-xiulan/" in hrefs
    assert not [h for h in hrefs if h.startswith("/") and not h.startswith("/haoren/")]


def test_all_stories_paginate_twenty_a_page_newest_first():
    stories = [make_story(f"s{n:02d}", f"2020-01-{n:02d}") for n in range(1, 31)] + [
        make_story(f"t{n:02d}", f"2020-02-{n:02d}") for n in range(1, 16)
    ]
    pages = site_pages(*stories)
    first, second, third = (pages[u].content_html for u in ("/stories/", "/stories/page/2/", "/stories/page/3/"))
    assert "/stories/page/4/" not in pages
    assert [len(texts(html, "hr-card__title")) for html in (first, second, third)] == [20, 20, 5]
    assert texts(first, "hr-card__title")[0] == "标题t15"
    assert texts(third, "hr-card__title")[-1] == "标题s01"
    assert pages["/stories/page/2/"].title == "全部文章（第2页）"
    assert "/stories/page/3/" in links(second) and "/stories/" in links(second)


def test_story_list_exists_when_there_are_no_stories():
    page = site_pages()["/stories/"]
    assert "暂无文章" in text(page.content_html)


def test_a_withdrawn_honoree_gets_no_card_on_the_story():
    content = make_content(
        stories=(full_story(),),
        honorees=(make_honoree("zhang-xiulan", name="张秀兰", consent=Consent(publish=False)),),
        topics=(make_topic("kangyi"),),
    )
    html = pages_of(content, NOW)["/stories/zhang-xiulan/"].content_html
    assert "/honorees/zhang-xiulan/" not in links(html) and "张秀兰" not in texts(html, "hr-card__title")


def test_a_traditional_site_labels_the_share_bar_in_traditional_and_its_qr_still_scans():
    page = site_pages(full_story(), script="zh-Hant")["/stories/zhang-xiulan/"]
    html = page.content_html
    assert "分享到" in html and "微信掃一掃" in html and "微信扫一扫" not in html
    svg = html[html.index("<svg "):html.index("</svg>") + len("</svg>")]
    scanned = [r.text for r in zxingcpp.read_barcodes(rasterize_qr_svg(svg))]
    assert scanned == ["https://haoren.example.cn/stories/zhang-xiulan/"]
    weibo = next(link for link in links(html) if link.startswith("https://service.weibo.com/"))
    assert "title=" + quote(page.title, safe="") in weibo
