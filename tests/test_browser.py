"""The built sample site in Debian's Chromium on a phone: layout, type, requests, sharing, print, keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .browser import PHONE_WIDTH, scroll_to_bottom, served_sample_site

# 2020-05-12 is the last day of the sample campaign's public notice (公示中).
NOW = "2020-05-12 09:00"
# One page of every kind in the bundled sample site; the last is a missing page, served 404.html.
PAGES = {
    "home": "/",
    "story": "/stories/li-jianguo-hongmajia/",
    "honoree": "/honorees/li-jianguo/",
    "campaign": "/campaigns/kangyi-zuimei-zhiyuanzhe/",
    "topic": "/topics/kangyi-wenming-gushi/",
    "honor roll": "/honor-roll/2020/",
    "archive": "/archive/",
    "繁體 story": "/zh-hant/stories/li-jianguo-hongmajia/",
    "繁體 honoree": "/zh-hant/honorees/li-jianguo/",
    "not found": "/stories/no-such-story/",
}
STORY = PAGES["story"]
MIN_FONT_PX = 17
MIN_LINE_HEIGHT = 1.6
TABS_TO_SKIP_LINK = 3
DESKTOP = {"width": 1280, "height": 900}
# The site around an article: header, section tabs, footer, share bar.
SITE_CHROME = (".md-header", ".md-tabs", ".md-footer", ".share-bar")
# Reading text: elements whose own text holds a sentence (Chinese sentence punctuation);
# dates, places and labels are secondary and may be smaller.
READING_TEXT_JS = """() => {
    const px = value => parseFloat(value);
    const base = getComputedStyle(document.querySelector('.md-content .md-typeset') || document.body);
    const found = [{what: 'page text', size: px(base.fontSize), line: px(base.lineHeight)}];
    for (const element of document.querySelectorAll(
            '.md-content :is(p, li, dd, td, th, blockquote, figcaption)')) {
        const own = [...element.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
            .map(n => n.textContent).join('') + [...element.children]
            .filter(c => ['A', 'STRONG', 'EM', 'SPAN', 'B', 'I'].includes(c.tagName))
            .map(c => c.textContent).join('');
        if (!/[，。！？；]/.test(own) || !element.checkVisibility()) continue;
        const style = getComputedStyle(element);
        const name = `<${element.tagName.toLowerCase()} class="${element.getAttribute('class')}">`;
        found.push({what: `${name} ${own.trim().slice(0, 16)}`,
                    size: px(style.fontSize), line: px(style.lineHeight)});
    }
    return found;
}"""
WIDER_THAN_PHONE_JS = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > width + 0.5)
    .map(e => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class')}">`
              + ` ends at ${e.getBoundingClientRect().right}px`)
    .slice(0, 5)"""


@pytest.fixture(scope="session")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site built as of NOW and served on 127.0.0.1."""
    with served_sample_site(tmp_path_factory.mktemp("browser"), NOW) as served:
        yield served


@pytest.fixture
def requests(phone: BrowserContext) -> list[str]:
    """Every URL the phone requests from now on, from any of its pages."""
    seen: list[str] = []
    phone.on("request", lambda request: seen.append(request.url))
    return seen


def open_page(context: BrowserContext, path: str) -> Page:
    page = context.new_page()
    response = page.goto(path)
    assert response is not None
    assert response.status == (404 if path == PAGES["not found"] else 200), path
    return page


def canonical_url(page: Page) -> str:
    return page.locator('link[rel="canonical"]').get_attribute("href")


# --- 1. a phone's screen -----------------------------------------------------------------


@pytest.mark.parametrize("kind", PAGES)
def test_page_fits_a_phone_screen_without_sideways_scrolling(phone, kind):
    page = open_page(phone, PAGES[kind])
    # A phone browser widens its layout to fit content that sticks out, so compare with the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, (kind, width, page.evaluate(WIDER_THAN_PHONE_JS, PHONE_WIDTH))


@pytest.mark.parametrize("kind", PAGES)
def test_reading_text_is_large_and_airy_for_older_readers(phone, kind):
    page = open_page(phone, PAGES[kind])
    too_small = [f'{text["what"]}: {text["size"]}px, line {text["line"]}px'
                 for text in page.evaluate(READING_TEXT_JS)
                 if text["size"] < MIN_FONT_PX or text["line"] < MIN_LINE_HEIGHT * text["size"]]
    assert too_small == [], kind


# Characters outside an editor's prose (bylines, card lines, facts, labels) drawn wider than a full-width
# character (1 em): a justified paragraph spreads a short line's characters across the whole width
# ("作 者 ： 本 网 记 者", "所 在 组 织 ：").
PROSE = ".hr-story__body, .hr-honoree__bio, .hr-campaign__description, .hr-list__intro, .hr-prose"
SPREAD_CHARACTERS_JS = """prose => {
    const spread = [];
    for (const element of document.querySelectorAll('.md-content :is(p, li)')) {
        if (!element.checkVisibility() || element.closest(prose)) continue;
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const em = parseFloat(getComputedStyle(node.parentElement).fontSize);
            for (let i = 0; i < node.length; i++) {
                if (/\\s/.test(node.data[i])) continue;
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const width = range.getBoundingClientRect().width;
                if (width > 1.1 * em) {
                    spread.push(`${node.data.trim()}: ${node.data[i]} ${width.toFixed(1)}px wide at ${em}px`);
                    break;
                }
            }
        }
    }
    return spread;
}"""


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care mode"])
@pytest.mark.parametrize("kind", [*PAGES, "story with a two-line byline"])
def test_lines_outside_prose_keep_their_characters_together(phone, kind, care):
    page = open_page(phone, PAGES.get(kind, "/stories/zhang-xiulan-shequ-kakou/"))
    if care:  # 大字版: fewer characters a line, so more short lines
        page.locator(".hr-care-switch").click()
        expect(page.locator(".hr-care-switch")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(SPREAD_CHARACTERS_JS, PROSE) == [], kind


@pytest.mark.parametrize("kind", PAGES)
def test_page_is_chinese_has_one_heading_and_every_image_described(phone, kind):
    page = open_page(phone, PAGES[kind])
    assert page.locator("html").get_attribute("lang").startswith("zh"), kind
    assert page.locator("h1").count() == 1, (kind, page.locator("h1").all_inner_texts())
    undescribed = page.evaluate(
        "[...document.images].filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)")
    assert undescribed == [], kind


def test_the_edition_switch_leads_to_the_same_page_in_the_other_script_and_back(phone, requests, origin):
    page = open_page(phone, STORY)
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    # rel="alternate" as written (alternates.js hides them from Material only while it looks, then puts them back).
    assert page.evaluate("[...document.querySelectorAll('link[hreflang]')]"
                         ".map(l => [l.getAttribute('rel'), l.hreflang])") == [
        ["alternate", "zh-Hans"], ["alternate", "zh-Hant"], ["alternate", "x-default"]]
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').count() == 1
    page.locator(".hr-edition-switch a", has_text="繁").click()
    page.wait_for_url("**" + PAGES["繁體 story"])
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert "紅馬甲" in page.locator("h1").inner_text()
    page.locator(".hr-edition-switch a", has_text="简").click()
    page.wait_for_url("**" + STORY)
    page.wait_for_load_state("networkidle")
    assert "红马甲" in page.locator("h1").inner_text()
    # Only the pages and their own files: no sitemap.xml beside any alternate link (Material's language
    # integration), nothing from another host.
    paths = [url.removeprefix(origin) for url in requests]
    assert [path for path in paths if "sitemap" in path] == []
    assert [path for path in paths if not path.startswith(("/", "data:"))] == []
    pages = [path for path in paths if path.endswith("/")]
    assert pages == [STORY, PAGES["繁體 story"], STORY]
    unexpected = [path for path in paths if not path.endswith("/") and not path.startswith(
        ("/assets/", "/media/", "/cards/", "data:"))]
    assert unexpected == []


def test_a_missing_traditional_address_shows_the_traditional_404_page(phone):
    page = phone.new_page()
    response = page.goto("/zh-hant/stories/no-such-story/")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert "頁面不存在" in page.locator("h1").inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"  # styled


# --- 2. nothing from other hosts -----------------------------------------------------------


@pytest.mark.parametrize("kind", PAGES)
def test_reading_a_page_to_the_end_asks_only_our_server(phone, requests, origin, kind):
    page = open_page(phone, PAGES[kind])
    scroll_to_bottom(page)
    elsewhere = [url for url in requests if not url.startswith((origin + "/", "data:"))]
    assert elsewhere == [], kind
    assert any(url.endswith(".css") for url in requests)  # the recorder saw the page's own files


# --- 3. the share bar ----------------------------------------------------------------------


def test_wechat_qr_opens_with_the_keyboard_and_closes_with_escape(phone, requests, origin):
    page = open_page(phone, STORY)
    wechat = page.locator(".share-bar .share-bar__wechat")
    summary = wechat.locator("summary")
    popover = wechat.locator(".share-bar__popover")
    expect(popover).to_be_hidden()

    summary.focus()
    page.keyboard.press("Enter")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("微信扫一扫")
    expect(popover.locator("svg")).to_be_visible()

    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    assert summary.evaluate("element => element === document.activeElement")
    assert [url for url in requests if not url.startswith((origin + "/", "data:"))] == []


def test_wechat_qr_opens_with_a_tap_and_closes_with_a_tap_elsewhere(phone):
    page = open_page(phone, STORY)
    wechat = page.locator(".share-bar .share-bar__wechat")
    popover = wechat.locator(".share-bar__popover")
    wechat.locator("summary").tap()
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("微信扫一扫")
    expect(popover.locator("svg")).to_be_visible()
    page.locator("h1").tap()
    expect(popover).to_be_hidden()


def test_copy_link_puts_the_page_address_on_the_clipboard(phone, requests, origin):
    phone.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = open_page(phone, STORY)
    address = canonical_url(page)
    assert urlsplit(address).path == STORY

    page.locator(".share-bar .share-bar__copy").click()
    expect(page.locator(".share-bar .share-bar__status")).to_have_text("链接已复制")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert [url for url in requests if not url.startswith((origin + "/", "data:"))] == []


def test_weibo_link_shares_the_page_address(phone):
    page = open_page(phone, STORY)
    href = page.locator(".share-bar a.share-bar__link--weibo").get_attribute("href")
    assert parse_qs(urlsplit(href).query)["url"] == [canonical_url(page)]


# --- 4. print -----------------------------------------------------------------------------


def test_printed_story_is_the_article_without_the_site_around_it(browser, origin):
    # A desktop's width, where the header's tabs show on screen too.
    context = browser.new_context(viewport=DESKTOP, base_url=origin)
    try:
        page = open_page(context, STORY)
        site_chrome = [page.locator(selector).first for selector in SITE_CHROME]
        for element in site_chrome:
            expect(element).to_be_visible()
        page.emulate_media(media="print")
        for element in site_chrome:
            expect(element).to_be_hidden()
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".hr-story__body p").first).to_be_visible()
        expect(page.locator(".hr-story__body p").last).to_be_visible()
    finally:
        context.close()


# --- 5. keyboard --------------------------------------------------------------------------


def test_first_tabs_reach_a_skip_link_to_the_content(phone):
    page = open_page(phone, STORY)
    skip = page.locator("a.md-skip")
    assert skip.count() == 1, "no skip-to-content link (Material's a.md-skip) for keyboard readers"
    target = skip.get_attribute("href")
    assert target.startswith("#") and len(target) > 1, target
    target_id = unquote(target[1:])
    inside_content = f'.md-content [id="{target_id}"], .md-content[id="{target_id}"]'
    assert page.locator(inside_content).count() == 1, f"{target} is not in the page's content"

    for _ in range(TABS_TO_SKIP_LINK):
        page.keyboard.press("Tab")
        if skip.evaluate("element => element === document.activeElement"):
            break
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert unquote(page.evaluate("location.hash")) == f"#{target_id}"


# --- 6. the video ---------------------------------------------------------------------------
# Debian's chromium 156 plays H.264/AAC in MP4 (canPlayType says "probably"; checked by playing it below).


def test_the_honoree_video_loads_nothing_until_played_then_shows_its_captions(phone, requests, origin):
    page = open_page(phone, PAGES["honoree"])
    scroll_to_bottom(page)
    # preload="none": not a byte of the video before a tap (the default captions track is fetched, 338 bytes)
    assert not [url for url in requests if url.endswith(".mp4")]
    cues = page.evaluate("""async () => {
        const track = document.querySelector('video').textTracks[0];
        track.mode = 'showing';
        for (let i = 0; i < 100 && !(track.cues && track.cues.length); i++) await new Promise(r => setTimeout(r, 50));
        return [track.kind, track.language, track.label, [...(track.cues || [])].map(cue => cue.text)];
    }""")
    assert cues[:3] == ["captions", "zh", "中文字幕"]
    assert len(cues[3]) == 3 and cues[3][0].startswith("【示例视频】")
    played = page.evaluate("""async () => {
        const video = document.querySelector('video');
        video.muted = true;
        await video.play();
        await new Promise(r => video.addEventListener('timeupdate', r, {once: true}));
        return [video.currentTime > 0, video.error, video.videoWidth];
    }""")
    assert played == [True, None, 320]
    elsewhere = [url for url in requests if not url.startswith((origin + "/", "data:"))]
    assert elsewhere == [] and any(url.endswith(".mp4") for url in requests)


def test_the_transcript_opens_under_the_video(phone):
    page = open_page(phone, PAGES["honoree"])
    transcript = page.locator(".hr-transcript")
    expect(transcript.get_by_text("【示例视频】", exact=False)).to_be_hidden()
    transcript.locator("summary").click()
    expect(transcript.get_by_text("【示例视频】", exact=False)).to_be_visible()
