"""The 繁體 edition of the sample site: every page twice, hreflang pairs, the switch, its own feeds, one lifecycle."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest

import build
from haoren.render.editions import Converter

from ..sample_site import copy_sample_site

NOW = "2024-01-01 00:00"
BASE = "https://haoren.example.cn"
HANT = "/zh-hant"
WITHDRAWN = "gao-shufen"  # consent.publish: false in the sample site
HREFLANG = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCH = re.compile(r'<a class="hr-edition-switch__item" href="([^"]+)" hreflang="([^"]+)"')


def build_site(site: Path, out: Path) -> None:
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", NOW]) == 0


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("editions")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        site = copy_sample_site(root / "site")
        build_site(site, root / "out")
    return site, root / "out"


def pages_of(out: Path) -> dict[str, str]:
    """URL path -> HTML of every page (no 404 page, no redirect page)."""
    found = {}
    for file in sorted(out.rglob("index.html")):
        text = file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text:
            found["/" + file.parent.relative_to(out).as_posix().removeprefix(".") + "/"] = text
    return {url.replace("//", "/"): text for url, text in found.items()}


def test_every_page_exists_in_both_editions_at_the_same_path(built):
    _, out = built
    urls = set(pages_of(out))
    hans = {url for url in urls if not url.startswith(HANT + "/")}
    hant = {url.removeprefix(HANT) for url in urls if url.startswith(HANT + "/")}
    assert "/stories/li-jianguo-hongmajia/" in hans
    assert hans == hant


def test_the_traditional_edition_has_its_own_404_page_with_absolute_links(built):
    _, out = built
    page = (out / "zh-hant" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in page and "<title>頁面不存在｜濰坊好人網</title>" in page
    assert "页面不存在" not in page and '<meta name="robots" content="noindex">' in page
    # Served for any missing address under /zh-hant/, at any depth: no relative link may be in it.
    links = re.findall(r'(?:href|src)="([^"#][^"]*)"', page)
    assert links and [link for link in links if not link.startswith(("/", "https://"))] == []
    assert "/assets/javascripts/bundle." in page and 'href="/zh-hant/stories/"' in page
    assert SWITCH.findall(page) == [("/404.html", "zh-Hans")]
    assert "<title>页面不存在｜潍坊好人网</title>" in (out / "404.html").read_text(encoding="utf-8")


def test_every_page_carries_its_language_and_hreflang_pairs_to_its_twin(built):
    _, out = built
    for url, html in pages_of(out).items():
        own = url.removeprefix(HANT) if url.startswith(HANT + "/") else url
        lang = "zh-Hant" if url.startswith(HANT + "/") else "zh-Hans"
        assert f'<html lang="{lang}"' in html, url
        assert HREFLANG.findall(html) == [
            ("zh-Hans", BASE + own), ("zh-Hant", BASE + HANT + own), ("x-default", BASE + own),
        ], url


def test_hreflang_links_are_reciprocal_and_name_the_page_itself(built):
    _, out = built
    pages = pages_of(out)
    for url, html in pages.items():
        links = dict(HREFLANG.findall(html))
        lang = "zh-Hant" if url.startswith(HANT + "/") else "zh-Hans"
        assert links[lang] == BASE + url, url  # a page names itself under its own language
        for code, href in links.items():
            twin = href.removeprefix(BASE)
            assert twin in pages, (url, code, href)
            assert dict(HREFLANG.findall(pages[twin])) == links, (url, twin)  # the same set, both ways


def test_the_switch_links_each_page_to_the_same_page_in_the_other_edition(built):
    _, out = built
    pages = pages_of(out)
    for url, html in pages.items():
        hant = url.startswith(HANT + "/")
        twin = url.removeprefix(HANT) if hant else HANT + url
        assert SWITCH.findall(html) == [(twin, "zh-Hans" if hant else "zh-Hant")], url
        assert twin in pages
        current = "繁" if hant else "简"
        assert f'aria-current="true" title="{"繁體中文" if hant else "简体中文"}">{current}</span>' in html


def test_the_traditional_page_is_converted_with_the_overrides_and_links_within_its_edition(built):
    _, out = built
    honoree = (out / "zh-hant/honorees/wang-guiying/index.html").read_text(encoding="utf-8")
    assert "王桂英" in honoree
    assert "于河街道" in honoree and "於河街道" not in honoree  # the override, not OpenCC's guess
    assert "<title>王桂英｜濰坊好人網</title>" in honoree
    assert ">首頁</a>" in honoree and "主辦單位：濰坊市精神文明建設委員會辦公室" in honoree
    story = (out / "zh-hant/stories/li-jianguo-hongmajia/index.html").read_text(encoding="utf-8")
    main = story[story.index('id="hr-main"'):story.index("<footer class=\"md-footer")]
    site_links = [href for href in re.findall(r'href="(/[^"]*)"', main)
                  if not href.startswith(("/media/", "/cards/", "/posters/"))]
    assert site_links and all(href.startswith(HANT + "/") for href in site_links), site_links


def test_share_cards_and_posters_are_drawn_in_traditional(built):
    _, out = built
    card = re.compile(r'<meta property="og:image" content="([^"]+)"')
    hans = card.findall((out / "honorees/li-jianguo/index.html").read_text(encoding="utf-8"))
    hant = card.findall((out / "zh-hant/honorees/li-jianguo/index.html").read_text(encoding="utf-8"))
    assert hans and hant and hans != hant
    assert (out / hant[0].removeprefix(BASE + "/")).is_file()
    poster = re.compile(r'href="(/posters/[0-9a-f]+\.pdf)"')
    posters = [poster.findall((out / page / "honorees/li-jianguo/index.html").read_text(encoding="utf-8"))
               for page in (".", "zh-hant")]
    assert posters[0] and posters[1] and posters[0] != posters[1]
    assert (out / posters[1][0].lstrip("/")).is_file()


def test_the_second_edition_has_its_own_feeds_that_parse(built):
    _, out = built
    convert = Converter("s2t")
    simplified = feedparser.parse((out / "feed.xml").read_bytes())
    atom = feedparser.parse((out / "zh-hant/feed.xml").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    assert atom.feed.title == "濰坊好人網"
    assert atom.feed.language == "zh-Hant"
    assert [e.link for e in atom.entries] == [e.link.replace(BASE, BASE + HANT) for e in simplified.entries]
    assert all(e.link.startswith(BASE + HANT + "/stories/") for e in atom.entries)
    assert [e.title for e in atom.entries] == [convert(e.title) for e in simplified.entries]
    # feedparser 6.0 reads no JSON Feed: the JSON parser and the JSON Feed 1.1 fields, then
    feed = json.loads((out / "zh-hant/feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == BASE + HANT + "/feed.json" and feed["language"] == "zh-Hant"
    assert [item["url"] for item in feed["items"]] == [e.link for e in atom.entries]
    assert [item["title"] for item in feed["items"]] == [e.title for e in atom.entries]


def test_the_sitemap_lists_both_editions(built):
    _, out = built
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("/stories/li-jianguo-hongmajia/", "/zh-hant/stories/li-jianguo-hongmajia/", "/zh-hant/"):
        assert f"<loc>{BASE}{url}</loc>" in sitemap


def everything_published(out: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in sorted(out.rglob("*"))
                     if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"))


def test_a_withdrawn_honoree_vanishes_from_both_editions(built, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site, out = built
    assert WITHDRAWN not in everything_published(out)  # withdrawn from the start: in neither edition
    # Withdrawing a published honoree after a build: both of their pages go, and nothing points at them.
    fresh = copy_sample_site(tmp_path / "site")
    build_site(fresh, tmp_path / "out")
    assert (tmp_path / "out/zh-hant/honorees/li-jianguo/index.html").is_file()
    honoree = fresh / "honorees/people/li-jianguo.yml"
    text = honoree.read_text(encoding="utf-8")
    honoree.write_text(re.sub(r"publish: true", "publish: false", text, count=1), encoding="utf-8")
    build_site(fresh, tmp_path / "out")
    assert not (tmp_path / "out/honorees/li-jianguo").exists()
    assert not (tmp_path / "out/zh-hant/honorees/li-jianguo").exists()
    assert "/honorees/li-jianguo/" not in everything_published(tmp_path / "out")  # no link, feed or sitemap entry


def test_both_editions_keep_numbers_with_their_units_on_one_line(built):
    _, out = built
    story = "stories/li-jianguo-hongmajia/index.html"
    simplified = (out / story).read_text(encoding="utf-8")
    traditional = (out / "zh-hant" / story).read_text(encoding="utf-8")
    assert re.search(r'阅读约 <span class="hr-nowrap">\d+ 分钟</span>', simplified)
    assert re.search(r'閱讀約 <span class="hr-nowrap">\d+ 分鐘</span>', traditional)
    assert simplified.count('class="hr-nowrap"') == traditional.count('class="hr-nowrap"')
