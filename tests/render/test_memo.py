"""The page memo: a story's or an honoree's pages are made again exactly when something they show changed."""

from __future__ import annotations

import dataclasses
import functools
import pickle
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image as PILImage

from haoren import pipeline
from haoren.clock import read_clock
from haoren.drawing.fonts import find_cjk_font
from haoren.model.site import build_site
from haoren.render import sharing
from haoren.render.editions import Converter, Edition
from haoren.render.pages import GeneratedPage, generate_pages, honoree, story
from haoren.render.pages.memo import PageMemo
from haoren.render.pages.render import BUNDLED_TEMPLATES, RenderContext
from haoren.render.sharing import SharePlan
from haoren.schema import Honor, Image

from ..factories import at, make_content, make_honoree, make_page, make_story
from ..sample_site import copy_sample_site

NOW = at("2024-01-01")


@pytest.fixture
def made(monkeypatch) -> Counter:
    """How many times each story's and honoree's page was made (not reused), by URL."""
    counts: Counter = Counter()

    def counting(make):
        @functools.wraps(make)
        def counted(r, item):
            page = make(r, item)
            counts[page.url] += 1
            return page
        return counted

    monkeypatch.setattr(story, "story_page", counting(story.story_page))
    monkeypatch.setattr(honoree, "honoree_page", counting(honoree.honoree_page))
    return counts


def generate(content, memo_dir: Path, drawings: bool = False, **context) -> dict[str, GeneratedPage]:
    """Every page by URL, made with the memo kept in `memo_dir`, which then holds this run's."""
    site = build_site(content, NOW)
    plan = SharePlan(site.settings, find_cjk_font()) if drawings else None
    memo = PageMemo(memo_dir, "tag")
    pages = generate_pages(site, RenderContext(drawings=plan, **context), memo)
    memo.save()
    return {page.url: page for page in pages}


def fresh(content, drawings: bool = False, **context) -> dict[str, GeneratedPage]:
    site = build_site(content, NOW)
    plan = SharePlan(site.settings, find_cjk_font()) if drawings else None
    return {page.url: page for page in generate_pages(site, RenderContext(drawings=plan, **context))}


def sample():
    people = (make_honoree("li"), make_honoree("wang"))
    stories = (
        make_story("a", "2020-03-01", honorees=("li",)),
        make_story("b", "2020-04-01"),
        make_story("c", "2020-05-01"),
        make_story("d", "2020-06-01"),
    )
    return make_content(stories=stories, honorees=people)


def test_an_unchanged_site_makes_no_story_or_honoree_page_again(tmp_path: Path, made: Counter):
    first = generate(sample(), tmp_path)
    assert made["/stories/a/"] == 1 and made["/honorees/li/"] == 1
    made.clear()
    written = {path: path.stat().st_ino for path in tmp_path.rglob("*.pickle")}
    again = generate(sample(), tmp_path)
    assert made == Counter()
    assert again == first == fresh(sample())
    # Nothing changed, so no file of the memo was written again.
    assert {path: path.stat().st_ino for path in tmp_path.rglob("*.pickle")} == written


def test_a_renamed_honoree_shows_anew_on_the_story_that_names_it_and_nowhere_else(tmp_path: Path, made: Counter):
    generate(sample(), tmp_path)
    made.clear()
    content = sample()
    renamed = dataclasses.replace(content.honorees[0], name="李新名")
    content = dataclasses.replace(content, honorees=(renamed, content.honorees[1]))
    pages = generate(content, tmp_path)
    assert set(made) == {"/stories/a/", "/honorees/li/"}
    assert "李新名" in pages["/stories/a/"].content_html
    assert pages == fresh(content)
    made.clear()
    assert generate(content, tmp_path) == pages and made == Counter()  # what was made anew was kept


def test_a_title_shows_anew_on_the_neighbours_that_link_it(tmp_path: Path, made: Counter):
    generate(sample(), tmp_path)
    made.clear()
    content = sample()
    stories = list(content.stories)
    stories[2] = dataclasses.replace(stories[2], title="改过的标题")
    content = dataclasses.replace(content, stories=tuple(stories))
    pages = generate(content, tmp_path)
    # c itself, and b and d, whose 上一篇/下一篇 links show its title; a and the honorees are reused.
    assert {"/stories/b/", "/stories/c/", "/stories/d/"} <= set(made)
    assert "/stories/a/" not in made and "/honorees/wang/" not in made
    assert "改过的标题" in pages["/stories/b/"].content_html
    assert pages == fresh(content)


def test_a_photo_replaced_under_the_same_name_gives_its_page_a_new_card(tmp_path: Path, made: Counter):
    photo = tmp_path / "cover.jpg"
    PILImage.new("RGB", (640, 480), "red").save(photo)
    content = sample()
    stories = list(content.stories)
    stories[1] = dataclasses.replace(stories[1], cover=Image(photo, "红色的照片"))
    content = dataclasses.replace(content, stories=tuple(stories))
    before = generate(content, tmp_path / "memo", drawings=True)
    PILImage.new("RGB", (640, 480), "blue").save(photo)
    made.clear()
    after = generate(content, tmp_path / "memo", drawings=True)
    assert made == Counter({"/stories/b/": 1})
    assert after["/stories/b/"].share.image_url != before["/stories/b/"].share.image_url
    assert after == fresh(content, drawings=True)


def test_a_page_given_back_names_again_only_its_drawings_with_a_photo(tmp_path: Path, made: Counter,
                                                                     monkeypatch):
    photo = tmp_path / "cover.jpg"
    PILImage.new("RGB", (640, 480), "red").save(photo)
    stories = list(sample().stories)
    stories[1] = dataclasses.replace(stories[1], cover=Image(photo, "红色的照片"))
    content = dataclasses.replace(sample(), stories=tuple(stories))
    generate(content, tmp_path / "memo", drawings=True)
    named = []
    for name in ("card_name", "poster_name"):
        real = getattr(sharing, name)
        monkeypatch.setattr(sharing, name,
                            lambda job, *args, real=real: named.append(job.key) or real(job, *args))
    made.clear()
    after = generate(content, tmp_path / "memo", drawings=True)
    assert made == Counter()  # every story's and honoree's page given back
    # A photo's bytes may have changed under its name; the rest are named by their fields (SharePlan.naming).
    assert [key for key in named if key.startswith(("/stories/", "/honorees/"))] == ["/stories/b/"]
    assert after == fresh(content, drawings=True)


def test_a_damaged_memo_makes_every_page_again(tmp_path: Path, made: Counter):
    generate(sample(), tmp_path)
    shards = list(tmp_path.rglob("*.pickle"))
    assert shards
    for shard in shards:
        shard.write_bytes(b"not a pickle")
    made.clear()
    pages = generate(sample(), tmp_path)
    assert made["/stories/a/"] == 1 and made["/honorees/wang/"] == 1
    assert pages == fresh(sample())


def test_a_theme_macro_that_reads_the_site_sees_it_change(tmp_path: Path, made: Counter):
    # A site's own theme may read anything of the site, here from an imported macro (Jinja keeps a
    # macro module's globals from its first use): the memo must still see each page's reads.
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "count.html").write_text(
        '{% macro count() %}<p class="count">{{ site.honorees|length }} 位</p>{% endmacro %}', encoding="utf-8")
    (theme / "story.html").write_text(
        '{% import "count.html" as c %}<h1>{{ story.title }}</h1>{{ c.count() }}', encoding="utf-8")
    templates = {"template_dirs": (theme, BUNDLED_TEMPLATES)}
    generate(sample(), tmp_path / "memo", **templates)
    content = dataclasses.replace(sample(), honorees=(*sample().honorees, make_honoree("zhao")))
    made.clear()
    pages = generate(content, tmp_path / "memo", **templates)
    assert all('<p class="count">3 位</p>' in pages[f"/stories/{slug}/"].content_html for slug in "abcd")
    assert pages == fresh(content, **templates)


def test_a_page_given_back_comes_with_its_fingerprint_which_is_that_of_its_fields(tmp_path: Path, made: Counter):
    """Publish keys each page file by the fingerprint: a kept page's is not computed again, and is right."""
    generate(sample(), tmp_path)
    again = generate(sample(), tmp_path)
    assert made == Counter({"/stories/a/": 1, "/stories/b/": 1, "/stories/c/": 1, "/stories/d/": 1,
                            "/honorees/li/": 1, "/honorees/wang/": 1})  # the first run only
    kept = again["/stories/a/"]
    assert "fingerprint" in vars(kept)  # given back with the page
    rebuilt = GeneratedPage(**{item.name: getattr(kept, item.name) for item in dataclasses.fields(kept)})
    assert "fingerprint" not in vars(rebuilt)
    assert rebuilt.fingerprint == kept.fingerprint
    changed = dataclasses.replace(kept, content_html=kept.content_html + " ")
    assert changed.fingerprint != kept.fingerprint


@pytest.fixture
def lists_made(monkeypatch) -> Counter:
    """How many times each list page was made (not given back by the memo), by URL."""
    from haoren.render.pages import render

    counts: Counter = Counter()
    real = render.Renderer.page

    def counting(self, template, **fields):
        page = real(self, template, **fields)
        if "pager" in fields:
            counts[page.url] += 1
        return page

    monkeypatch.setattr(render.Renderer, "page", counting)
    return counts


def many(title_of_s02: str = "标题s02"):
    """45 stories: the list of all stories has three pages, s02 on the last (newest first)."""
    stories = tuple(make_story(f"s{i:02d}", f"2020-{1 + i // 4:02d}-{1 + i % 4:02d}",
                               **({"title": title_of_s02} if i == 2 else {})) for i in range(45))
    return make_content(stories=stories, honorees=(make_honoree("li"),))


def test_an_edit_makes_again_only_the_list_pages_that_show_it(tmp_path: Path, lists_made: Counter):
    generate(many(), tmp_path)
    assert {"/stories/", "/stories/page/2/", "/stories/page/3/"} <= lists_made.keys()
    lists_made.clear()
    again = generate(many(), tmp_path)
    assert lists_made == Counter()  # nothing changed: every list page given back
    assert again == fresh(many())
    lists_made.clear()
    edited = generate(many("改过的标题"), tmp_path)
    assert "/stories/page/3/" in lists_made and "/stories/" not in lists_made and "/stories/page/2/" not in lists_made
    assert "改过的标题" in edited["/stories/page/3/"].content_html
    assert edited == fresh(many("改过的标题"))


def test_list_pages_given_back_in_the_forked_part_are_kept_for_the_build_after(
        tmp_path: Path, lists_made: Counter, monkeypatch):
    """The forked part gives back its list pages from its own copy of the memo: this process must keep them."""
    from haoren.render.pages import inparts

    monkeypatch.setattr(inparts, "PARALLEL_FROM", 0)
    monkeypatch.setattr(inparts, "can_fork", lambda: True)
    generate(many(), tmp_path, workers=2)
    for _ in range(2):
        lists_made.clear()
        again = generate(many(), tmp_path, workers=2)
        assert lists_made == Counter()  # none made in this process (the forked part's count is its own)
        assert again == fresh(many())
        kept = PageMemo(tmp_path, "tag")  # what the next run starts from: every list page still there
        urls = {page.url for entry in kept._kept.values() for page in entry.pages}
        assert {"/stories/", "/stories/page/2/", "/stories/page/3/", "/archive/2020/01/"} <= urls


def rolled(name_of_wang: str = "王芳") -> object:
    """Two honorees on the rolls of February and March 2020 (each month also counts in 2020-Q1 and 2020)."""
    return make_content(
        stories=(make_story("s01", "2020-02-10"),),
        honorees=(make_honoree("li", Honor(title="潍坊好人", level="city", period="2020-02")),
                  make_honoree("wang", Honor(title="潍坊好人", level="city", period="2020-03"), name=name_of_wang)))


def test_an_edit_makes_again_only_the_honor_rolls_that_show_it(tmp_path: Path, monkeypatch):
    from haoren.render.pages import render

    rolls_made: Counter = Counter()
    real = render.Renderer.page

    def counting(self, template, **fields):
        page = real(self, template, **fields)
        if template == "roll.html":
            rolls_made[page.url] += 1
        return page

    monkeypatch.setattr(render.Renderer, "page", counting)
    generate(rolled(), tmp_path)
    months = {"/honor-roll/2020-02/", "/honor-roll/2020-03/"}
    assert months | {"/honor-roll/2020-Q1/", "/honor-roll/2020/"} <= rolls_made.keys()
    rolls_made.clear()
    again = generate(rolled(), tmp_path)
    assert rolls_made == Counter()  # nothing changed: every roll given back
    assert again == fresh(rolled())
    rolls_made.clear()
    edited = generate(rolled("王芳芳"), tmp_path)
    assert rolls_made.keys() == {"/honor-roll/2020-03/", "/honor-roll/2020-Q1/", "/honor-roll/2020/"}
    assert "王芳芳" in edited["/honor-roll/2020-03/"].content_html
    assert edited == fresh(rolled("王芳芳"))


def test_a_page_given_back_holds_its_html_packed_until_it_is_read(tmp_path: Path, made: Counter):
    """At 10,000 stories the pages an edit gives back held 330 MB unpacked; it reads the HTML of few."""
    generate(sample(), tmp_path)
    kept = generate(sample(), tmp_path)["/stories/a/"]
    made_now = fresh(sample())["/stories/a/"]
    assert "content_html" not in vars(kept)
    assert kept.fingerprint == made_now.fingerprint  # kept with the page: taken without its HTML
    assert "content_html" not in vars(kept)
    assert kept.content_html == made_now.content_html and kept == made_now


def test_a_list_page_given_back_gets_its_card_and_edition_without_unpacking_its_html(tmp_path: Path):
    generate(many(), tmp_path, drawings=True)
    again = generate(many(), tmp_path, drawings=True)
    made_now = fresh(many(), drawings=True)
    listed = again["/stories/page/2/"]
    assert listed.share.image_url and listed.share.image_url == made_now["/stories/page/2/"].share.image_url
    assert listed.fingerprint == made_now["/stories/page/2/"].fingerprint
    assert "content_html" not in vars(listed)
    assert again == made_now


def test_a_traditional_list_page_given_back_is_not_converted_again(tmp_path: Path, lists_made: Counter):
    """Converting the 繁體 edition's list pages anew each build cost an edit as much as making them."""
    hant = Edition("zh-Hant", "/zh-hant", Converter("s2t"))
    converted: list[str] = []

    def counting(text: str) -> str:
        converted.append(text)
        return hant.convert(text)

    counted = dataclasses.replace(hant, convert=counting)
    editions = (Edition("zh-Hans"), counted)
    generate(many(), tmp_path, edition=counted, editions=editions)
    converted.clear()
    lists_made.clear()
    edited = generate(many("改过的标题"), tmp_path, edition=counted, editions=editions)
    assert "/stories/page/3/" in lists_made and "/stories/page/2/" not in lists_made
    pages_converted = {text for text in converted if "<" in text}  # a page's HTML, not a title or label
    assert any("改過的標題" in hant.convert(text) for text in pages_converted)
    listed = edited["/zh-hant/stories/page/2/"]
    assert listed.content_html not in {hant.convert(text) for text in pages_converted}
    assert "content_html" not in vars(listed)  # given back as kept: packed, never converted again
    made_now = fresh(many("改过的标题"), edition=hant, editions=(Edition("zh-Hans"), hant))
    assert edited["/zh-hant/stories/page/3/"].content_html == made_now["/zh-hant/stories/page/3/"].content_html
    assert edited == made_now


def test_a_page_copied_with_another_html_has_another_fingerprint():
    unpacked = GeneratedPage(url="/a/", title="标题", description="", content_html="<p>正文</p>", kind="story")
    packed = GeneratedPage(url="/a/", title="标题", description="", content_html="<p>正文</p>", kind="story")
    packed.fingerprint  # noqa: B018  taken before packing, as the memo does
    packed.pack()
    for page in (unpacked, packed):
        copy = page.replaced(content_html="<p>正文。</p>")
        assert copy.content_html == "<p>正文。</p>" and copy.fingerprint != page.fingerprint
        assert page.replaced(title="标题").fingerprint == page.fingerprint
        assert page.replaced(title="新标题").fingerprint != page.fingerprint
        with pytest.raises(TypeError):
            page.replaced(body="<p>正文</p>")


def test_a_page_just_made_holds_its_html_packed_once_the_memo_has_it(tmp_path: Path, made: Counter):
    # Packed when made, not when the memo is saved: a cold build's pages are not all held unpacked.
    site = build_site(sample(), NOW)
    memo = PageMemo(tmp_path, "tag")
    pages = {page.url: page for page in generate_pages(site, RenderContext(), memo)}
    assert made["/stories/a/"] == 1
    assert "content_html" not in vars(pages["/stories/a/"])
    assert pages["/stories/a/"].content_html == fresh(sample())["/stories/a/"].content_html
    # Its share metadata too (the JSON-LD's dicts), which only the pages rendered anew read.
    assert "share" not in vars(pages["/stories/a/"])
    assert pages["/stories/a/"].share.json_ld and pages["/stories/a/"].share == fresh(sample())["/stories/a/"].share


def test_a_packed_page_given_new_share_metadata_holds_the_new_and_keeps_it_packed():
    page = make_page("<p>二十年来</p>")
    page = page.replaced(share=dataclasses.replace(page.share, image_alt="旧图"))
    page.fingerprint  # noqa: B018  taken before packing, as the memo does
    page.pack()
    copy = page.replaced(share=dataclasses.replace(page.share, image_alt="新图"))
    assert (copy.share.image_alt, page.share.image_alt) == ("新图", "旧图")
    assert copy.fingerprint != page.fingerprint and copy.content_html == "<p>二十年来</p>"
    copy.pack()
    assert "share" not in vars(copy) and pickle.loads(pickle.dumps(copy)).share.image_alt == "新图"
    assert pickle.loads(pickle.dumps(copy)) == copy


def test_an_attribute_error_inside_a_page_property_shows_as_itself(monkeypatch):
    # A packed page looks its HTML up in __getattr__; an AttributeError raised inside a property
    # (a bug) must name its cause, not "no attribute 'fingerprint'".
    page = make_page("<p>二十年来</p>")
    page.pack()

    def broken(self):
        raise AttributeError("the share card lost its image")

    monkeypatch.setattr(GeneratedPage, "html_digest", property(broken))
    with pytest.raises(AttributeError, match="the share card lost its image"):
        page.fingerprint
    with pytest.raises(AttributeError, match="'GeneratedPage' object has no attribute 'nothing'"):
        page.nothing
    assert "二十年来" in page.content_html


def test_after_a_cold_build_an_edit_makes_again_what_it_would_after_any_build(tmp_path: Path, made: Counter):
    # The cold build checks every file anew; the next build reads the others from the check's cache.
    # Their models are equal, so the pages given back are those an edit between two such builds gives
    # back (at 10,000 stories, 1,744 more story pages that read a campaign were made again, until
    # digests ignored how equal values share their parts).
    site, out = copy_sample_site(tmp_path / "site"), tmp_path / "out"
    now = read_clock("2020-12-15")
    pipeline.build(site, now, out)
    story_file = site / "stories" / "2020" / "zhao-minghui-chengxin-shouliang.md"
    original = story_file.read_text(encoding="utf-8")
    story_file.write_text(original.replace("二十年来", "二十多年来", 1), encoding="utf-8")
    made.clear()
    pipeline.build(site, now, out)
    after_the_cold_build = set(made)
    story_file.write_text(original, encoding="utf-8")
    made.clear()
    pipeline.build(site, now, out)
    assert "/stories/zhao-minghui-chengxin-shouliang/" in after_the_cold_build
    assert after_the_cold_build == set(made)
