"""generate_pages as a whole: every kind at its URL, nothing unpublished anywhere, all escaped, same bytes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from haoren.model.site import build_site
from haoren.render.feeds import feed_files
from haoren.render.pages import generate_pages
from haoren.render.pages.render import BUNDLED_TEMPLATES, RenderContext
from haoren.schema import Consent, Honor, Image, Page, Target, Timeline, Volunteer

from ..factories import at, make_campaign, make_content, make_honoree, make_settings, make_story, make_topic
from ..pagetools import pages_of, read, text, texts

NOW = at("2020-06-01")
ROOT = Path(__file__).resolve().parents[2]


def sample_content(**settings):
    """A small site with one of everything, plus a draft, a scheduled story and a withdrawn honoree."""
    return make_content(
        settings=make_settings(**settings),
        stories=(
            make_story("pub", "2020-03-01", tags=("社区",), topics=("kangyi",), honorees=("ok", "gone"),
                       campaign="kangyi", kind="spotlight"),
            make_story("pub2", "2020-04-01", tags=("社区",), topics=("kangyi",), honorees=("ok",)),
            make_story("draft", "2020-03-02", title="草稿标题", tags=("社区", "草稿专用"), topics=("kangyi",),
                       honorees=("ok",), draft=True),
            make_story("later", "2020-09-01", title="定时标题", tags=("社区",), topics=("kangyi",), honorees=("ok",)),
        ),
        honorees=(
            make_honoree("ok", Honor("潍坊好人", "city", "2020-02"),
                         Honor("最美志愿者", "city", "2020-04", campaign="kangyi", award="最美志愿者"),
                         name="好人甲", volunteer=Volunteer(650, "org")),
            make_honoree("org", name="春雨义工", kind="organization", category=None, registered=True),
            make_honoree("gone", Honor("潍坊好人", "city", "2020-02"),
                         Honor("最美志愿者", "city", "2020-04", campaign="kangyi", award="最美志愿者"),
                         name="撤回者", volunteer=Volunteer(2000, "org"), consent=Consent(publish=False)),
        ),
        campaigns=(make_campaign("kangyi"),),
        topics=(make_topic("kangyi"),),
        pages=(Page("content/pages/about.md", "/about/", "关于我们", "本站介绍。", 4),),
    )


def test_every_page_kind_is_at_its_url():
    pages = pages_of(sample_content(), NOW)
    expected = {
        "/": "home", "/stories/pub/": "story", "/stories/": "list", "/honorees/ok/": "honoree",
        "/honorees/org/": "honoree", "/honorees/": "list", "/campaigns/kangyi/": "campaign", "/campaigns/": "list",
        "/topics/kangyi/": "topic", "/topics/": "list", "/about/": "page", "/honor-roll/": "list",
        "/honor-roll/2020-02/": "roll", "/honor-roll/2020-Q1/": "roll", "/honor-roll/2020/": "roll",
        "/honor-roll/category/zhiyuanfuwu/": "list", "/honor-roll/district/weichengqu/": "list",
        "/spotlight/": "list", "/spotlight/stories/": "list", "/spotlight/volunteers/": "list",
        "/archive/": "list", "/archive/2020/": "list", "/archive/2020/03/": "list", "/archive/2020/04/": "list",
        "/tags/": "list", "/tags/shequ/": "list", "/404.html": "notfound",
    }
    assert {url: pages[url].kind for url in expected if url in pages} == expected
    assert list(pages) == sorted(pages)


def test_drafts_scheduled_stories_and_withdrawn_honorees_appear_nowhere():
    site = build_site(sample_content(), NOW)
    pages = generate_pages(site, RenderContext())
    published = "\n".join(f"{p.url}\n{p.title}\n{p.description}\n{p.content_html}" for p in pages)
    files = feed_files(site, pages)
    everything = published + "\n".join(content.decode() for content in files.values())
    for unpublished in ("草稿标题", "定时标题", "撤回者", "/stories/draft/", "/stories/later/", "/honorees/gone/",
                        "草稿专用", "/archive/2020/09/", "2000 小时"):
        assert unpublished not in everything, unpublished
    story = next(p for p in pages if p.url == "/stories/pub2/")
    assert texts(story.content_html, "hr-prevnext__older") == ["上一篇标题pub"]
    assert texts(story.content_html, "hr-prevnext__newer") == []
    campaign = next(p for p in pages if p.url == "/campaigns/kangyi/")
    assert texts(campaign.content_html, "hr-results__item") == [
        "最美志愿者：共评出 200 名，本站收录 1 名，其中 1 名 有报道。",
        "最佳志愿服务组织：共评出 50 个，本站收录 0 个，其中 0 个 有报道。",
    ]


HOSTILE = '<script>alert(1)</script>" onmouseover="alert(2)'


def hostile_content():
    h = HOSTILE
    image = Image(Path("/site/x.jpg"), alt=h, credit=h)
    timeline = Timeline(date(2020, 5, 1), date(2020, 5, 20), date(2020, 5, 25), date(2020, 6, 5), date(2020, 6, 20),
                        notice_contact=h, notice_address=h)
    body = f"## {h}\n\n{h}\n\n<img src=x onerror=alert(3)> [x](javascript:alert(4)) <a href='/' onclick='x'>a</a>"
    return make_content(
        settings=make_settings(name=h, organizer=h, description=h, correction_contact="/about/"),
        stories=(make_story("s", "2020-03-01", title=h, subtitle=h, summary=h, author=h, source=h, editor=h,
                            tags=(h,), topics=("t",), honorees=("p", "g"), campaign="c", cover=image, body=body),
                 make_story("s2", "2020-03-02", title=h, topics=("t",), kind="spotlight")),
        honorees=(
            make_honoree("p", Honor(h, "city", "2020-02", campaign="c", award=h), name=h, headline=h, summary=h,
                         locality=h, affiliation=h, ethnicity=h, political_status=h, bio=body, photo=image,
                         consent=Consent(publish=True, photo=True), volunteer=Volunteer(700, "g")),
            make_honoree("g", Honor(h, "national", "2020-02"), kind="group", name=h, members=(h, h)),
        ),
        campaigns=(make_campaign("c", title=h, organizer=h, basis=h, description=body,
                                 targets=(Target(h, 5, "person"),), timeline=timeline),),
        topics=(make_topic("t", title=h, description=body, cover=image),),
        pages=(Page("content/pages/about.md", "/about/", h, body, 4),),
    )


def test_hostile_text_in_every_field_is_escaped_everywhere():
    pages = pages_of(hostile_content(), NOW)
    assert len(pages) > 20
    for page in pages.values():
        elements = read(page.content_html)
        assert not [e for e in elements if e["tag"] == "script"], page.url
        handlers = [name for e in elements for name in e["attrs"] if name.startswith("on")]
        assert handlers == [], page.url
        assert not [e for e in elements if "javascript:" in (e["attrs"].get("href") or "")], page.url
    story = pages["/stories/s/"]
    assert story.title == HOSTILE  # plain text: the theme escapes it into <title>
    assert text(story.content_html).count(HOSTILE) >= 5  # shown to readers as the text it is
    assert texts(pages["/campaigns/c/"].content_html, "hr-notice__contact") == [f"联系电话：{HOSTILE}"]


def test_a_traditional_site_reads_its_labels_in_traditional():
    pages = pages_of(sample_content(script="zh-Hant"), NOW)
    assert pages["/honor-roll/"].title == "光榮榜"
    assert pages["/404.html"].title == "頁面不存在"
    assert texts(pages["/stories/pub/"].content_html, "hr-meta__reading") == ["閱讀約 1 分鐘"]
    assert texts(pages["/campaigns/kangyi/"].content_html, "hr-stage") == ["已發佈"]
    assert texts(pages["/honorees/ok/"].content_html, "hr-chip")[0] == "志願服務"
    assert pages["/honor-roll/2020-Q1/"].title == "2020年第一季度光榮榜"


def test_a_site_can_override_one_template_by_name(tmp_path):
    (tmp_path / "notfound.html").write_text('<p class="mine">{{ title }}</p>', encoding="utf-8")
    context = dict(template_dirs=(tmp_path, BUNDLED_TEMPLATES))
    pages = pages_of(sample_content(), NOW, **context)
    assert pages["/404.html"].content_html == '<p class="mine">页面不存在</p>'
    assert texts(pages["/stories/pub/"].content_html, "hr-story__title") == ["标题pub"]


def digest_of_sample() -> str:
    """One hash over every page and feed byte of the sample site (run in fresh interpreters below)."""
    site = build_site(sample_content(), NOW)
    pages = generate_pages(site, RenderContext(workers=1))
    digest = hashlib.sha256()
    for page in pages:
        digest.update(repr(page).encode())
    for name, content in sorted(feed_files(site, pages).items()):
        digest.update(name.encode() + content)
    return digest.hexdigest()


def test_the_same_site_gives_the_same_bytes_whatever_the_hash_seed():
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", "from tests.render.test_pages import digest_of_sample; print(digest_of_sample())"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )
        digests.add(run.stdout.strip())
    assert digests == {digest_of_sample()}
