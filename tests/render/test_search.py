"""Search records: every published story, honoree, campaign, topic and hand-written page, with what
results show; withheld items, lists, rolls, home and 404 never."""

from __future__ import annotations

import dataclasses
from datetime import date

from haoren.model.site import build_site
from haoren.render.pages import generate_pages
from haoren.render.pages.render import RenderContext
from haoren.render.editions import Converter, Edition
from haoren.render.search import SearchedCharacters, SearchedDigests, query_map, records_fingerprint, search_records
from haoren.schema import Consent, Honor, Page

from ..factories import at, make_campaign, make_content, make_honoree, make_page, make_story, make_topic

NOW = at("2020-06-01")


def records_of(content, now=NOW):
    site = build_site(content, now)
    return {record.url: record for record in search_records(site, generate_pages(site, RenderContext()))}


def sample_content():
    return make_content(
        stories=(
            make_story("shown", "2020-03-25", honorees=("wang", "li")),
            make_story("draft", "2020-03-01", draft=True, title="草稿里的故事"),
            make_story("later", "2020-07-01", title="排期里的故事"),
        ),
        honorees=(
            make_honoree("wang", Honor("潍坊好人", "city", "2019"), Honor("最美志愿者", "city", "2020-Q1"),
                         name="王德厚", district="奎文区"),
            make_honoree("li", name="李建国", district="潍城区"),
            make_honoree("gao", name="高淑芬", consent=Consent(publish=False, photo=False, date=date(2020, 3, 1))),
            make_honoree("zhao", Honor("潍坊好人", "city", "2020-09"), name="赵明辉"),
        ),
        campaigns=(make_campaign(),),
        topics=(make_topic(pinned=("shown",)),),
        pages=(Page("content/pages/about.md", "/about/", "关于本站", "本站介绍。", 4),),
    )


def test_each_published_item_is_one_record_with_its_kind():
    records = records_of(sample_content())
    assert {url: r.kind for url, r in records.items()} == {
        "/stories/shown/": "故事",
        "/honorees/wang/": "好人",
        "/honorees/li/": "好人",
        "/campaigns/kangyi/": "活动",
        "/topics/kangyi/": "专题",
        "/about/": "页面",
    }


def test_the_pages_search_reads_are_given_before_the_lists_and_make_the_same_records():
    site = build_site(sample_content(), NOW)
    given: list[list] = []
    pages = generate_pages(site, RenderContext(), searchable=given.append)
    (searched,) = given
    assert [page.url for page in searched] == sorted(page.url for page in searched)
    assert "/search/" in {page.url for page in searched}  # its shards are checked with the records
    assert not {"/", "/stories/", "/honorees/", "/404.html"} & {page.url for page in searched}
    assert search_records(site, searched) == search_records(site, pages)
    assert pages == generate_pages(site, RenderContext())  # the same pages as without


def test_withheld_items_have_no_record_and_no_record_names_them():
    records = records_of(sample_content())
    everything = " ".join(r.document() for r in records.values())
    for withheld in ("草稿里的故事", "排期里的故事", "高淑芬", "赵明辉"):
        assert withheld not in everything
    assert not {"/stories/draft/", "/stories/later/", "/honorees/gao/", "/honorees/zhao/"} & records.keys()


def test_a_record_shows_title_kind_district_and_date_and_filters_on_kind_district_and_year():
    records = records_of(sample_content())
    story = records["/stories/shown/"]
    assert (story.title, story.districts, story.day, story.year) == (
        "标题shown", ("奎文区", "潍城区"), "2020年3月25日", "2020")
    document = story.document()
    for attribute in ('data-pagefind-filter="kind:故事"', 'data-pagefind-filter="district:奎文区"',
                      'data-pagefind-filter="district:潍城区"', 'data-pagefind-filter="year:2020"',
                      'data-pagefind-meta="district:奎文区、潍城区"', 'data-pagefind-meta="date:2020年3月25日"'):
        assert attribute in document
    honoree = records["/honorees/wang/"]
    assert (honoree.districts, honoree.day, honoree.year) == (("奎文区",), "2020年", "2020")
    assert records["/campaigns/kangyi/"].year == "2020"
    assert records["/about/"].districts == () and records["/about/"].day == ""


def test_a_large_index_is_cut_by_a_storys_month_and_an_honorees_latest_honor():
    records = records_of(sample_content())
    assert (records["/stories/shown/"].shard, records["/stories/shown/"].month) == ("2020", "2020-03")
    # 潍坊好人 of 2019 and 最美志愿者 of 2020's first quarter: the quarter's first month.
    assert (records["/honorees/wang/"].shard, records["/honorees/wang/"].month) == ("", "2020-01")
    assert (records["/campaigns/kangyi/"].shard, records["/campaigns/kangyi/"].month) == ("", "")


def test_a_comma_in_a_value_does_not_split_it():
    content = sample_content()
    content = type(content)(**{**content.__dict__, "honorees": (
        make_honoree("wang", name="王德厚", district="奎文区,潍城区"),)})
    document = records_of(content)["/honorees/wang/"].document()
    assert 'data-pagefind-filter="district:奎文区，潍城区"' in document


def test_the_fingerprint_changes_with_a_published_text_and_not_with_a_withheld_one():
    base = records_fingerprint(records_of(sample_content()).values())
    assert records_fingerprint(records_of(sample_content()).values()) == base
    changed = sample_content()
    stories = (make_story("shown", "2020-03-25", honorees=("wang", "li"), body="新的正文。"), *changed.stories[1:])
    assert records_fingerprint(records_of(type(changed)(**{**changed.__dict__, "stories": stories})).values()) != base
    withheld = (changed.stories[0], make_story("draft", "2020-03-01", draft=True, body="改过的草稿。"),
                changed.stories[2])
    assert records_fingerprint(records_of(type(changed)(**{**changed.__dict__, "stories": withheld})).values()) == base


def test_every_field_of_a_record_counts_in_the_fingerprint():
    """A change the index would show (a filter value, the shard, the date) must give another index."""
    record = records_of(sample_content())["/stories/shown/"]
    base = records_fingerprint([record])
    for field in (field for field in dataclasses.fields(record) if field.init):
        value = getattr(record, field.name)
        if field.name == "page":  # counted by what is searched of its HTML
            other = make_page(value.content_html + "<p>另</p>")
        else:
            other = ("另一个",) if isinstance(value, tuple) else value + "另"
        assert records_fingerprint([dataclasses.replace(record, **{field.name: other})]) != base, field.name


def traditional_records(content, now=NOW):
    site = build_site(content, now)
    own, hant = Edition("zh-Hans"), Edition("zh-Hant", "/zh-hant", Converter("s2t"))
    pages = [*generate_pages(site, RenderContext(edition=own, editions=(own, hant))),
             *generate_pages(site, RenderContext(edition=hant, editions=(own, hant)))]
    return search_records(site, pages, own), search_records(site, pages, hant), hant


def test_the_traditional_edition_has_its_own_records_of_its_own_pages_in_its_script():
    own, hant, _ = traditional_records(sample_content())
    assert [r.url for r in hant] == ["/zh-hant" + r.url for r in own]
    by_url = {record.url: record for record in hant}
    story = by_url["/zh-hant/stories/shown/"]
    assert (story.kind, story.districts, story.day) == ("故事", ("奎文區", "濰城區"), "2020年3月25日")
    assert {by_url["/zh-hant/campaigns/kangyi/"].kind, by_url["/zh-hant/topics/kangyi/"].kind} == {"活動", "專題"}
    assert 'data-pagefind-filter="district:奎文區"' in story.document()
    assert "王德厚" in by_url["/zh-hant/honorees/wang/"].content_html  # the page's converted text
    everything = " ".join(r.document() for r in hant)
    for withheld in ("草稿裏的故事", "排期裏的故事", "高淑芬", "趙明輝", "赵明辉"):
        assert withheld not in everything


def test_the_query_map_converts_the_sites_own_characters_only():
    own, _, hant = traditional_records(sample_content())
    table = query_map(own, hant.convert)
    assert "赵" not in table  # only a withheld honoree's name has it: no record does
    assert table["区"] == "區" and table["潍"] == "濰"
    assert all(len(key) == 1 and key != value for key, value in table.items())
    assert "王" not in table and "a" not in table


def test_the_query_map_reads_a_page_read_before_from_its_kept_characters(monkeypatch):
    from haoren.render import search

    own, _, hant = traditional_records(sample_content())
    first = SearchedCharacters()
    table = query_map(own, hant.convert, first)
    assert table == query_map(own, hant.convert)
    edited = [dataclasses.replace(record, page=record.page.replaced(content_html=record.page.content_html + "<p>丢</p>"))
              if record.url == own[0].url else record for record in own]
    cut: list[str] = []
    real = search.searched_html
    monkeypatch.setattr(search, "searched_html", lambda html: cut.append(html) or real(html))
    kept = SearchedCharacters(first.used)
    assert query_map(own, hant.convert, kept) == table and cut == [] and not kept.changed
    # A page with other HTML is read again, and its new characters are in the map.
    assert query_map(edited, hant.convert, kept) == {**table, "丢": "丟"}
    assert len(cut) == 1 and kept.changed


def test_what_shows_other_pages_is_left_out_of_a_record_whatever_it_holds():
    from haoren.render.search import searched_html

    html = ('<p class="hr-lead">本文</p><section class="hr-section hr-related"><div><div class="hr-cards x">'
            '<div>卡片</div></div></div></section><div class="share-bar__list">自己的</div>'
            '<nav class="hr-prevnext">上一篇</nav><p>结尾</p>')
    assert searched_html(html) == '<p class="hr-lead">本文</p><div class="share-bar__list">自己的</div><p>结尾</p>'
    assert searched_html('<div class="hr-cards"><div>没有结束') == '<div class="hr-cards"><div>没有结束'


def test_a_new_story_title_changes_its_own_record_only(tmp_path):
    # Every other record (neighbours, related stories, its honorees, topics, campaign) shows the title
    # only in parts the index skips, which records leave out: their shards are not indexed again.
    from haoren import pipeline

    from ..sample_site import copy_sample_site

    site = copy_sample_site(tmp_path / "site")
    now = at("2026-12-01")

    def records():
        published = build_site(pipeline.validated_content(site), now)
        return {r.url: r for r in search_records(published, generate_pages(published, RenderContext()))}

    before = records()
    story = site / "stories/2020/zhao-minghui-chengxin-shouliang.md"
    story.write_text(story.read_text(encoding="utf-8").replace("title: 赵明辉：", "title: 新标题赵明辉：", 1),
                     encoding="utf-8")
    after = records()
    changed = sorted(url for url in before if before[url] != after[url])
    assert changed == ["/stories/zhao-minghui-chengxin-shouliang/"]
    assert not any("新标题" in r.content_html for url, r in after.items() if url not in changed)


def test_a_page_searched_before_is_not_cut_again_and_gives_the_same_record(monkeypatch):
    from haoren.render import search

    site = build_site(sample_content(), NOW)
    pages = generate_pages(site, RenderContext())
    first = SearchedDigests()
    before = search_records(site, pages, digests=first)
    cut: list[str] = []
    real = search.searched_html
    monkeypatch.setattr(search, "searched_html", lambda html: cut.append(html) or real(html))
    kept = SearchedDigests(first.used)
    assert search_records(site, pages, digests=kept) == before
    assert cut == [] and not kept.changed
    # A page changed outside its HTML (its share card, its other editions' links) keeps its digest.
    recarded = [page.replaced(share=dataclasses.replace(page.share, image_url="https://example.org/cards/other.jpg"),
                              alternates=(("zh-Hant", "/zh-hant" + page.url),)) for page in pages]
    assert search_records(site, recarded, digests=kept) == before
    assert cut == []
    # An edited page has another HTML: it alone is cut again, and its record shows the edit.
    edited = sample_content()
    stories = (make_story("shown", "2020-03-25", honorees=("wang", "li"), body="新的正文。"), *edited.stories[1:])
    edited_site = build_site(type(edited)(**{**edited.__dict__, "stories": stories}), NOW)
    after = search_records(edited_site, generate_pages(edited_site, RenderContext()), digests=kept)
    assert len(cut) == 1 and "新的正文" in cut[0]
    assert [a.url for a, b in zip(after, before, strict=True) if a != b] == ["/stories/shown/"]
    assert kept.changed

