"""Search on a site whose index is in shards (the sample site built with a low threshold), in Debian's
Chromium on a 390 px phone: a query finds the same pages as one index of the same site, across the
shards; the first query opens only the shards it needs; filters skip the shards without their value;
withheld items are never found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import opencc
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from haoren import pipeline
from haoren.clock import read_clock
from haoren.publish.searchshards import ideographs

from .browser import PHONE, serve_folder
from .pagetools import shard_characters
from .sample_site import copy_sample_site

# As of this moment the sample site has stories of 2020 and 2021: shards undated, 2021 and 2020.
NOW = "2021-06-01 09:00"
S2T = opencc.OpenCC("s2t")


def built(root: Path, shard_above: int | None) -> Path:
    site = copy_sample_site(root / "site")
    pipeline.build(site, read_clock(NOW), root / "out", search_shard_above=shard_above)
    return root / "out"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_folder(built(tmp_path_factory.mktemp("shards"), 10)) as served:
        yield served


@pytest.fixture(scope="module")
def whole(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """A phone on the same site built with one index (the sample site is below the default threshold)."""
    with serve_folder(built(tmp_path_factory.mktemp("whole"), None)) as served:
        context = browser.new_context(**PHONE, base_url=served)
        context.set_default_timeout(10_000)
        yield context
        context.close()


def searched(context: BrowserContext, address: str, *, every: bool = False) -> tuple[Page, list[str]]:
    """The search page at `address` once its status is shown, and the paths it fetched; with `every`,
    "more results" pressed until the list is complete."""
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.split("?")[0].split("//", 1)[1].split("/", 1)[1]))
    page.goto(address)
    status = page.locator(".hr-search__status")
    expect(status).not_to_have_text("正在搜索……")
    expect(status).not_to_be_empty()
    while every and page.locator(".hr-search__more").count():
        shown = page.locator(".hr-result").count()
        page.locator(".hr-search__more").click()
        expect(page.locator(".hr-result")).not_to_have_count(shown)
    return page, ["/" + path for path in fetched]


def held_by(listed: dict, shard: str) -> set[str]:
    """The characters shard-characters.json says `shard` holds."""
    return set(shard_characters(listed)[shard])


def hrefs(page: Page) -> list[str]:
    return page.locator(".hr-result__title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_the_first_query_opens_only_the_first_shard_when_it_fills_the_page(phone):
    page, fetched = searched(phone, "/search/?q=" + quote("志愿"))
    expect(page.locator(".hr-result")).to_have_count(10)
    expect(page.locator(".hr-search__status")).to_have_text("已显示 10 条与“志愿”有关的结果，还有更多。")
    index = [path for path in fetched if path.startswith("/pagefind/")]
    assert {"/pagefind/shards.json", "/pagefind/pagefind.js", "/pagefind/undated/pagefind-entry.json"} <= set(index)
    assert index.count("/pagefind/wasm.unknown.pagefind") == 1
    assert not [path for path in index if path.startswith(("/pagefind/2021/", "/pagefind/2020/"))], index
    # "more results" goes on into the next shards, newest year first.
    _, fetched = searched(phone, "/search/?q=" + quote("志愿"), every=True)
    years = [path.split("/")[2] for path in fetched if path.startswith(("/pagefind/2021/", "/pagefind/2020/"))]
    assert years and years[0] == "2021" and "2020" in years
    # Every shard's Pagefind asks for the one shared WebAssembly (the browser's cache answers after the first).
    assert {path for path in fetched if "wasm." in path} == {"/pagefind/wasm.unknown.pagefind"}
    assert fetched.count("/pagefind/pagefind.js") == 1


def test_after_two_shards_without_a_hit_the_next_shards_are_asked_together(phone):
    # The sample site has three shards (undated, 2021, 2020); listed after them here, a fourth, "extra",
    # answered with 2020's files. 东人 is on no page, though every shard has both characters: undated and
    # 2021 give no hit, so 2020 and extra are asked at once. Their entries are held until both are asked;
    # one after the other, extra never would be.
    page = phone.new_page()
    listed = page.request.get("/pagefind/shards.json").json()
    assert [shard["path"] for shard in listed] == ["undated/", "2021/", "2020/"]
    page.route("**/pagefind/shards.json", lambda route: route.fulfill(json=[*listed, dict(listed[-1], path="extra/")]))
    page.route(re.compile(r"/pagefind/extra/"), lambda route: route.fulfill(
        response=route.fetch(url=route.request.url.replace("/extra/", "/2020/"))))
    held = []
    page.route(re.compile(r"/pagefind/(2020|extra)/pagefind-entry\.json(\?|$)"), lambda route: held.append(route))
    page.goto("/search/?q=" + quote("东人"))
    for _ in range(100):  # a bound on the wait, not a figure: both requests or 10 s
        if len(held) == 2:
            break
        page.wait_for_timeout(100)
    assert sorted(route.request.url.split("/")[-2] for route in held) == ["2020", "extra"]
    for route in held:
        route.fallback()
    expect(page.locator(".hr-search__status")).to_have_text("没有找到与“东人”有关的内容。换个词试试，或去掉筛选条件。")
    expect(page.locator(".hr-search__more")).to_have_count(0)


def test_a_word_whose_characters_no_page_has_opens_no_shard_after_the_first_two(phone):
    # 鲸 and 鱼 are on no page of the sample site: after undated and 2021, the shards' characters say so.
    page, fetched = searched(phone, "/search/?q=" + quote("鲸鱼"))
    expect(page.locator(".hr-search__status")).to_have_text("没有找到与“鲸鱼”有关的内容。换个词试试，或去掉筛选条件。")
    opened = sorted({path.split("/")[2] for path in fetched if path.endswith("/pagefind-entry.json")})
    assert opened == ["2021", "undated"]
    assert fetched.count("/pagefind/shard-characters.json") == 1
    # A word some page has is never asked for the list while the first shard fills the page.
    _, fetched = searched(phone, "/search/?q=" + quote("志愿"))
    assert "/pagefind/shard-characters.json" not in fetched


def test_the_shards_without_the_words_characters_are_skipped_and_the_others_asked(phone):
    # Listed between 2021 and 2020, a shard "extra" answered with 2021's files and said to hold 2021's
    # characters. 垃圾 is on a 2020 story only: undated and 2021 give no hit, extra is skipped, 2020 is asked.
    page = phone.new_page()
    listed = page.request.get("/pagefind/shards.json").json()
    held = page.request.get("/pagefind/shard-characters.json").json()
    assert list(held["shards"]) == ["undated/", "2021/", "2020/"]
    shards = [*listed[:2], dict(listed[1], path="extra/"), listed[2]]
    page.route("**/pagefind/shards.json", lambda route: route.fulfill(json=shards))
    page.route("**/pagefind/shard-characters.json", lambda route: route.fulfill(
        json=dict(held, shards=dict(held["shards"], **{"extra/": held["shards"]["2021/"]}))))
    page.route(re.compile(r"/pagefind/extra/"), lambda route: route.fulfill(
        response=route.fetch(url=route.request.url.replace("/extra/", "/2021/"))))
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto("/search/?q=" + quote("垃圾"))
    story = "/stories/zhou-yutong-shaonian-zhiyuanzhe/"
    expect(page.locator(".hr-result__title a").first).to_have_attribute("href", story)
    assert [url for url in fetched if "/pagefind/2020/pagefind-entry.json" in url]
    assert not [url for url in fetched if "/pagefind/extra/" in url]


@pytest.mark.parametrize("edition", ["", "/zh-hant"])
@pytest.mark.parametrize("words", ["志愿", "献血", "红马", "海涛", "刘", "人链", "于河"])
def test_a_query_finds_every_page_one_index_finds_and_only_pages_with_the_words(phone, whole, words, edition):
    address = edition + "/search/?q=" + quote(words)
    sharded, _ = searched(phone, address, every=True)
    one, _ = searched(whole, address, every=True)
    # One index's list may be shorter: it ends at the first ten candidates without the words, which
    # a shard's end does not (the next shard is still asked).
    assert set(hrefs(one)) <= set(hrefs(sharded))
    assert len(hrefs(sharded)) == len(set(hrefs(sharded)))
    for href in hrefs(sharded):
        text = re.sub(r"<[^>]+>", "", phone.request.get(href).text())
        assert words in text or S2T.convert(words) in text, href
    if set(hrefs(one)) == set(hrefs(sharded)):
        expect(sharded.locator(".hr-search__status")).to_have_text(one.locator(".hr-search__status").inner_text())


def test_a_story_of_each_year_is_found_in_its_shard(phone):
    page, _ = searched(phone, "/search/?q=" + quote("人链"))  # 冰面上的“人链”, 2021
    assert "/stories/zhucheng-bingmian-jiuren/" in hrefs(page)
    page, _ = searched(phone, "/search/?q=" + quote("红马甲"))  # 李建国：年过六旬的“红马甲”, 2020
    assert "/stories/li-jianguo-hongmajia/" in hrefs(page)


def test_a_year_filter_opens_only_that_years_shard_and_the_undated_one(phone, whole):
    address = "/search/?q=" + quote("献血") + "&year=2020"
    page, fetched = searched(phone, address, every=True)
    assert not [path for path in fetched if path.startswith("/pagefind/2021/")]
    assert "/pagefind/2020/pagefind-entry.json" in fetched
    one, _ = searched(whole, address, every=True)
    assert sorted(hrefs(page)) == sorted(hrefs(one)) != []


def test_a_kind_filter_skips_the_shards_without_that_kind(phone, whole):
    address = "/search/?q=" + quote("志愿") + "&kind=" + quote("故事")
    page, fetched = searched(phone, address, every=True)
    assert not [path for path in fetched if path.startswith("/pagefind/undated/")]
    one, _ = searched(whole, address, every=True)
    assert sorted(hrefs(page)) == sorted(hrefs(one)) != []
    assert {kind for kind in page.locator(".hr-result__kind").all_inner_texts()} == {"故事"}


@pytest.mark.parametrize(("words", "withheld", "url"), [
    ("高淑芬", "高淑芬", "/honorees/gao-shufen/"),  # consent withdrawn
    ("时长怎么记录", "时长怎么记录", "/stories/zhiyuan-fuwu-zhinan-caogao/"),  # a draft
    ("2029年度好人榜", "2029年度", "/stories/haoren-bang-2029/"),  # scheduled for 2030
])
@pytest.mark.parametrize("edition", ["", "/zh-hant"])
def test_withheld_items_are_in_no_shard(phone, words, withheld, url, edition):
    page, fetched = searched(phone, edition + "/search/?q=" + quote(words), every=True)
    assert edition + url not in hrefs(page)
    texts = page.locator(".hr-result").all_inner_texts()
    assert [text for text in texts if withheld in text or S2T.convert(withheld) in text] == []
    # Every shard was asked, or its characters rule the words out (then no page of it has them at all).
    opened = {path.split("/")[-2] for path in fetched if path.endswith("pagefind-entry.json")}
    held = phone.request.get(edition + "/pagefind/shard-characters.json").json()
    ruled_out = {name.strip("/") for name in held["shards"]
                 if set(ideographs(words + S2T.convert(words))) - held_by(held, name)}
    assert opened | ruled_out == {"undated", "2021", "2020"} and {"undated", "2021"} <= opened


@pytest.mark.parametrize(("edition", "more"), [("", "显示更多结果"), ("/zh-hant", "顯示更多結果")])
def test_the_more_results_button_speaks_the_editions_script(phone, edition, more):
    page, _ = searched(phone, edition + "/search/?q=" + quote("服务"))  # 18 pages in either edition
    expect(page.locator(".hr-search__more")).to_have_text(more)
