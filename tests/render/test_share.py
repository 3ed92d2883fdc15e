"""Sharing: share links that decode back, a WeChat QR that scans, an escaped share bar and head metadata."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from haoren.drawing.qrcodes import qr_svg
from haoren.render.share import ShareImage, item_reference, meta_tags_html, share_bar_html, share_links

PAGE_URL = "https://wenming.example.gov.cn/stories/liu-haitao/?from=a&b=c#top"
HOSTILE = "\"><script>alert(1)</script>&amp;'好人"
IMAGE_URL = "https://wenming.example.gov.cn/stories/liu-haitao/card.jpg"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def rasterize_qr_svg(svg: str) -> Image.Image:
    """Draw the dark path (M/m moves, h runs of dark modules) as pixels, 10 px a module."""
    root = ET.fromstring(svg)
    size = int(root.get("width")) // 4
    image = Image.new("L", (size * 10, size * 10), 255)
    dark = next(p for p in root.iter("path") if p.get("stroke"))
    x = y = 0.0
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", dark.get("d")):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            row = int(y)
            image.paste(0, (int(x) * 10, row * 10, int(x + values[0]) * 10, row * 10 + 10))
            x += values[0]
    return image


def test_share_links_decode_back_to_the_page(tmp_path):
    links = share_links(PAGE_URL, HOSTILE, "见义勇为 & 助人为乐", IMAGE_URL)
    assert set(links) == {"weibo", "qq", "qzone"}
    for name, link in links.items():
        parts = urlsplit(link)
        query = parse_qs(parts.query)
        assert query["url"] == [PAGE_URL], name
        assert query["title"] == [HOSTILE], name
        assert query["pic" if name == "weibo" else "pics"] == [IMAGE_URL], name
        if name != "weibo":
            assert query["summary"] == ["见义勇为 & 助人为乐"], name
    assert links["weibo"].startswith("https://service.weibo.com/share/share.php?")
    assert links["qq"].startswith("https://connect.qq.com/widget/shareqq/index.html?")
    assert links["qzone"].startswith("https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?")


def test_share_links_without_an_image_send_no_picture():
    for link in share_links(PAGE_URL, "好人", "摘要", None).values():
        assert not {"pic", "pics"} & set(parse_qs(urlsplit(link).query))


def test_wechat_qr_svg_scans_to_the_page_url():
    svg = qr_svg(PAGE_URL)
    results = zxingcpp.read_barcodes(rasterize_qr_svg(svg))
    assert [r.text for r in results] == [PAGE_URL]


def test_wechat_qr_svg_is_self_contained_and_titled():
    svg = qr_svg(PAGE_URL)
    root = ET.fromstring(svg)
    assert root.find("title").text == "微信扫一扫"
    assert not re.search(r"href|url\(|<image|<script|https?:", svg)


def test_share_bar_escapes_a_hostile_title():
    html = share_bar_html(PAGE_URL, HOSTILE, HOSTILE, IMAGE_URL)
    parsed = Elements(html)
    assert "<script" not in html
    assert not parsed.scripts
    anchors = [attrs for tag, attrs in parsed.tags if tag == "a"]
    assert len(anchors) == 3
    for attrs in anchors:
        assert parse_qs(urlsplit(attrs["href"]).query)["title"] == [HOSTILE]
        assert "noopener" in attrs["rel"].split()
        assert attrs["target"] == "_blank"


def test_share_bar_loads_nothing_from_another_host():
    html = share_bar_html(PAGE_URL, "好人", "摘要", IMAGE_URL)
    tags = Elements(html).tags
    allowed = {"div", "span", "ul", "li", "a", "details", "summary", "svg", "title", "g", "path", "p"}
    assert {tag for tag, _ in tags} <= allowed | {"button", "input"}
    assert not any("src" in attrs or "style" in attrs for _, attrs in tags)
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)


def test_share_bar_offers_wechat_qr_and_copy_link():
    html = share_bar_html(PAGE_URL, "好人", "摘要", None)
    tags = Elements(html).tags
    assert "分享到" in html and "微信扫一扫" in html
    assert ("details", {"class": "share-bar__wechat"}) in tags
    copy = next(attrs for tag, attrs in tags if tag == "button")
    assert copy["data-url"] == PAGE_URL and copy["type"] == "button"
    field = next(attrs for tag, attrs in tags if tag == "input")
    assert field["value"] == PAGE_URL and "readonly" in field


def meta(html: str) -> dict[str, str]:
    found = {}
    for tag, attrs in Elements(html).tags:
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name") or f"itemprop:{attrs.get('itemprop')}"
            found[key] = attrs["content"]
        elif tag == "link":
            found[f"link:{attrs['rel']}"] = attrs["href"]
    return found


def story_meta(**changes) -> str:
    fields = dict(
        title="刘海涛：危急时刻跳入冰河救人",
        site_name="潍坊文明网",
        description="  2020年1月12日，刘海涛跳入冰河\n救起落水儿童。 ",
        canonical="https://wenming.example.gov.cn/stories/liu-haitao/",
        og_type="article",
        image=ShareImage(IMAGE_URL, 1200, 630, "刘海涛在白浪河边"),
    )
    fields.update(changes)
    return meta_tags_html(**fields)


def test_meta_tags_for_wechat_qq_weibo_and_search():
    html = story_meta()
    assert "<title>刘海涛：危急时刻跳入冰河救人｜潍坊文明网</title>" in html
    tags = meta(html)
    headline = "刘海涛：危急时刻跳入冰河救人"
    assert tags["og:title"] == tags["twitter:title"] == tags["itemprop:name"] == headline
    assert tags["description"] == tags["og:description"] == "2020年1月12日，刘海涛跳入冰河 救起落水儿童。"
    assert tags["link:canonical"] == tags["og:url"] == "https://wenming.example.gov.cn/stories/liu-haitao/"
    assert tags["og:type"] == "article"
    assert tags["og:image"] == tags["twitter:image"] == tags["itemprop:image"] == IMAGE_URL
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "刘海涛在白浪河边"
    assert tags["twitter:card"] == "summary_large_image"


def test_microdata_names_carry_the_ids_the_pages_item_refers_to():
    """A <meta itemprop> outside an item is a vnu error: the page's itemscope names these ids in itemref."""
    found = [e for e in Elements(story_meta()).tags if e[0] == "meta" and "itemprop" in e[1]]
    assert {attrs["itemprop"]: attrs["id"] for _, attrs in found} == {
        "name": "hr-item-name", "description": "hr-item-description", "image": "hr-item-image"}
    assert item_reference(True) == "hr-item-name hr-item-description hr-item-image"
    assert item_reference(False) == "hr-item-name hr-item-description"


def test_meta_tags_escape_hostile_values():
    html = story_meta(title=HOSTILE, description=HOSTILE)
    assert "<script>" not in html
    tags = meta(html)
    assert tags["og:title"] == tags["description"] == HOSTILE


def test_json_ld_cannot_close_its_script_element():
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "</script><script>alert(1)"}
    html = story_meta(json_ld=[data])
    scripts = Elements(html).scripts
    assert len(scripts) == 1
    assert "</" not in scripts[0]
    assert json.loads(scripts[0]) == data


@pytest.mark.parametrize(
    "changes",
    [
        {"canonical": "/stories/liu-haitao/"},
        {"image": ShareImage("/card.jpg", 1200, 630, "alt")},
        {"og_type": "blog"},
    ],
)
def test_meta_tags_refuse_relative_urls_and_unknown_types(changes):
    with pytest.raises(ValueError):
        story_meta(**changes)
