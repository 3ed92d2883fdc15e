"""Publishing: pages rendered by MkDocs into site/, with escaped heads, a short nav, no outside requests."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from haoren.publish.site import PublishError
from haoren.render.pages import ShareInfo
from haoren.schema import Footer

from ..sample_site import tree_hashes
from ..tiny_site import basic_pages, build, make_settings, make_site_folder, page, read

HOSTILE = '<script>alert(1)</script>"'
ESCAPED_HOSTILE = "&lt;script&gt;alert(1)&lt;/script&gt;"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site_folder(tmp_path)


class Resources(HTMLParser):
    """Every URL a browser would fetch on its own: stylesheets, scripts, images, frames, media."""

    FETCHED = {("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("video", "poster")}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.nav_links: list[str] = []
        self._in_tabs = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for element, attribute in self.FETCHED:
            if tag == element and attrs.get(attribute):
                if not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                    self.urls.append(attrs[attribute])
        for srcset in (attrs.get("srcset") or "").split(","):
            if srcset.strip():
                self.urls.append(srcset.split()[0])
        if tag == "nav" and "md-tabs" in (attrs.get("class") or ""):
            self._in_tabs = 1
        elif tag == "nav" and self._in_tabs:
            self._in_tabs += 1
        if tag == "a" and self._in_tabs:
            self.nav_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_tabs:
            self._in_tabs -= 1


def resources_of(path: Path) -> Resources:
    parser = Resources()
    parser.feed(read(path))
    return parser


# --- pages ----------------------------------------------------------------------------


def test_story_page_is_written_with_its_content_and_title(site):
    out = build(site)
    html = read(out / "stories" / "liu-haitao" / "index.html")
    assert "<h1>刘海涛：十年义务巡河</h1><p>巡河十年。</p>" in html
    assert "<title>刘海涛：十年义务巡河｜潍坊好人网</title>" in html
    assert '<link rel="canonical" href="https://haoren.example.cn/stories/liu-haitao/">' in html
    assert "<title>潍坊好人网</title>" in read(out / "index.html")
    assert (out / "stories" / "index.html").is_file() and (out / "about" / "index.html").is_file()


def test_hostile_title_is_escaped_in_title_meta_header_and_nav(site):
    hostile_about = page("/about/", HOSTILE, "<h1>关于</h1>", kind="page", description=f'a"b{HOSTILE}')
    pages = [p for p in basic_pages() if p.url != "/about/"] + [hostile_about]
    pages.append(page("/stories/x/", HOSTILE, "<p>正文没有标题</p>"))
    out = build(site, pages)
    for path in out.rglob("*.html"):
        assert "<script>alert(1)" not in read(path), path
    about = read(out / "about" / "index.html")
    assert f"<title>{ESCAPED_HOSTILE}&quot;｜潍坊好人网</title>" in about
    assert f'<meta property="og:title" content="{ESCAPED_HOSTILE}&quot;">' in about
    assert f'<meta name="description" content="a&quot;b{ESCAPED_HOSTILE}&quot;">' in about
    assert f'<span class="md-ellipsis">{ESCAPED_HOSTILE}&#34;</span>' in about  # header
    assert f'class="md-tabs__link" aria-current="page">{ESCAPED_HOSTILE}&#34;</a>' in about  # section tabs
    # A body without a heading gets one, escaped too.
    assert f"<h1>{ESCAPED_HOSTILE}&#34;</h1>" in read(out / "stories" / "x" / "index.html")


def test_hostile_settings_are_escaped_in_footer_and_header(site):
    settings = make_settings(
        name="好人<b>网",
        organizer=HOSTILE,
        footer=Footer(icp="ICP<i>", police="公安<img src=x>", contact='电话"', lines=("<u>行</u>",)),
    )
    out = build(site, settings=settings)
    html = read(out / "stories" / "liu-haitao" / "index.html")
    for raw in ("<b>网", "<script>alert", "ICP<i>", "<img src=x>", "<u>行"):
        assert raw not in html
    assert "主办单位：" + ESCAPED_HOSTILE in html
    assert 'rel="noopener noreferrer">ICP&lt;i&gt;</a>' in html
    assert "公安&lt;img src=x&gt;" in html


def test_markdown_looking_text_inside_the_content_is_not_reprocessed(site):
    body = (
        "<h1>标题</h1>\n<p>*不是强调* 和 __也不是__ [不是链接](http://x) &lt;script&gt;alert(1)&lt;/script&gt;</p>\n\n"
        "# 不是标题\n\n    不是代码块\n\n<div class=\"hr-cards\">\n\n<p>- 不是列表</p>\n\n</div>\n"
        "<p>1. 不是编号 &amp; &#39;实体&#39; {: .attr }</p>"
    )
    out = build(site, basic_pages(page("/stories/md/", "不处理", body)))
    assert body in read(out / "stories" / "md" / "index.html")


def test_urls_mkdocs_would_fold_together_stay_separate_pages(site):
    urls = ["/news/", "/news/index/", "/news/README/", "/news/a/", "/news/a/index/"]
    out = build(site, basic_pages(*(page(url, f"页面{url}", kind="page") for url in urls)))
    for url in urls:
        assert f"<h1>页面{url}</h1>" in read(out / url.strip("/") / "index.html"), url


def test_front_matter_survives_values_yaml_would_misread(site):
    titles = ["NO", "2020-01-01", "a: b", "---", "...", "表情😀", "换\u2028行", "# 注释", "'引号'", "012345"]
    pages = basic_pages(*(page(f"/stories/t{i}/", t) for i, t in enumerate(titles)))
    out = build(site, pages)
    for i, title in enumerate(titles):
        html = read(out / "stories" / f"t{i}" / "index.html")
        escaped = title.replace("'", "&#39;")
        assert f'<span class="md-ellipsis">{escaped}</span>' in html, title  # the header: the exact title


def test_share_metadata_reaches_the_head(site):
    share = ShareInfo(
        og_type="article",
        image_url="https://haoren.example.cn/cards/liu.png",
        image_width=1200,
        image_height=630,
        image_alt="刘海涛巡河",
        json_ld=({"@type": "NewsArticle", "headline": "</script><b>"},),
        published=datetime(2020, 3, 1, 9, 30, tzinfo=SHANGHAI),
    )
    out = build(site, basic_pages(page("/stories/share/", "分享", share=share)))
    html = read(out / "stories" / "share" / "index.html")
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="https://haoren.example.cn/cards/liu.png">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="article:published_time" content="2020-03-01T09:30:00+08:00">' in html
    assert '"headline":"\\u003c/script\\u003e\\u003cb\\u003e"' in html


def test_404_page_is_a_real_404_html_with_absolute_asset_urls(site):
    out = build(site, settings=make_settings(base_url="https://example.cn/haoren"))
    html = read(out / "404.html")
    assert "<h1>页面不存在</h1><p>请回到首页。</p>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "<title>页面不存在｜潍坊好人网</title>" in html
    assert '<link rel="stylesheet" href="/haoren/assets/stylesheets/haoren.css">' in html
    assert not (out / "404").exists()
    story = read(out / "stories" / "liu-haitao" / "index.html")
    assert '<link rel="canonical" href="https://example.cn/haoren/stories/liu-haitao/">' in story


def test_dev_serve_404_page_links_from_the_server_root(site):
    out = build(site, settings=make_settings(base_url="https://example.cn/haoren"), dev_serve=True)
    assert '<link rel="stylesheet" href="/assets/stylesheets/haoren.css">' in read(out / "404.html")


def test_traditional_script_sets_language_and_labels(site):
    out = build(site, settings=make_settings(script="zh-Hant"))
    html = read(out / "stories" / "liu-haitao" / "index.html")
    assert '<html lang="zh-Hant"' in html
    assert ">首頁</a>" in html
    assert "主辦單位：潍坊市文明办" in html
    assert '<meta property="og:locale" content="zh_TW">' in html


def test_the_bundled_mkdocs_yml_and_theme_build_the_site(tmp_path):
    repo = Path(__file__).resolve().parents[2]
    folder = tmp_path / "bundled"
    folder.mkdir()
    shutil.copy(repo / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(repo / "theme", folder / "theme")
    out = build(folder)
    html = read(out / "stories" / "liu-haitao" / "index.html")
    assert 'data-md-color-primary="custom"' in html
    assert '<link rel="stylesheet" href="../../assets/stylesheets/haoren.css">' in html
    assert '<script src="../../assets/javascripts/share.js" defer></script>' in html
    assert (out / "assets" / "stylesheets" / "haoren.css").is_file()
    assert (out / "assets" / "javascripts" / "share.js").is_file()
    assert not (out / "partials").exists() and not (out / "main.html").exists()  # templates are not published


# --- what the site loads and lists ----------------------------------------------------


def test_no_page_loads_anything_from_another_host(site):
    body = (
        '<h1>图</h1><figure><img src="/images/a-800.jpg" alt="a"></figure>'
        '<a href="https://service.weibo.com/share/share.php?url=x">微博</a>'
    )
    out = build(site, basic_pages(page("/stories/img/", "图", body)))
    own_host = "haoren.example.cn"
    for path in out.rglob("*.html"):
        for url in resources_of(path).urls:
            parts = urlsplit(url)
            assert parts.scheme in ("", "data") or parts.netloc == own_host, (path, url)
            assert not url.startswith("//"), (path, url)
    for path in [*out.rglob("*.html"), *out.rglob("*.css"), *out.rglob("*.js")]:
        text = read(path)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
    for path in out.rglob("*.css"):
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", read(path)), path


def test_nav_lists_only_the_sections(site):
    stories = [page(f"/stories/s{i}/", f"故事{i}") for i in range(30)]
    out = build(site, basic_pages(*stories))
    for path in (out / "stories" / "s7" / "index.html", out / "index.html", out / "404.html"):
        links = resources_of(path).nav_links
        assert len(links) == 3, (path, links)  # home, stories, about: never the 30 stories
    story = read(out / "stories" / "s7" / "index.html")
    active = re.findall(r'md-tabs__item--active">\s*<a href="([^"]*)"[^>]*>([^<]*)<', story)
    assert active == [("../", "好人故事")]  # a story shows its section as the current tab


def test_only_our_sitemap_ships(site):
    ours = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    out = build(site, extra={"sitemap.xml": ours})
    assert (out / "sitemap.xml").read_bytes() == ours
    assert not (out / "sitemap.xml.gz").exists()
    assert not (build(site, out="other") / "sitemap.xml").exists()


def test_extra_files_are_copied_from_bytes_and_paths(site, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    out = build(site, extra={"images/liu/800.jpg": photo, "/robots.txt": b"User-agent: *\n"})
    assert (out / "images" / "liu" / "800.jpg").read_bytes() == b"\xff\xd8jpeg"
    assert (out / "robots.txt").read_bytes() == b"User-agent: *\n"


def test_late_files_join_the_extras_placed_before_them_and_take_the_place_of_one_named_alike(site):
    """The search index comes late (publish's `late_files`), after the other extras are placed."""
    placed_before: list[bytes] = []

    def late() -> dict[str, bytes]:
        # The tree being built (publish/swap.py's work folder beside site/) holds the others already.
        placed_before.extend(path.read_bytes() for path in site.glob(".site.tmp-*/site/feed.xml"))
        return {"pagefind/pagefind.js": b"// index", "robots.txt": b"User-agent: late\n"}

    extra = {"robots.txt": b"User-agent: *\n", "feed.xml": b"<feed/>"}
    for _ in range(2):  # cold, then carried over from the first
        out = build(site, extra=extra, late_files=late, incremental=True)
        assert (out / "pagefind" / "pagefind.js").read_bytes() == b"// index"
        assert (out / "robots.txt").read_bytes() == b"User-agent: late\n"
        assert (out / "feed.xml").read_bytes() == b"<feed/>"
    assert placed_before == [b"<feed/>", b"<feed/>"]
    extra["robots.txt"] = b"User-agent: changed\n"  # still replaced by the late one
    out = build(site, extra=extra, late_files=lambda: {"pagefind/pagefind.js": b"// index 2"}, incremental=True)
    assert (out / "pagefind" / "pagefind.js").read_bytes() == b"// index 2"
    assert (out / "robots.txt").read_bytes() == b"User-agent: changed\n"


def test_identical_input_gives_byte_identical_trees(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sitemap = {"sitemap.xml": b"<urlset/>"}
    first = tree_hashes(build(site, extra=sitemap, out="one"))
    second = tree_hashes(build(site, extra=sitemap, out="two"))
    assert first == second


# --- refusing bad input -----------------------------------------------------------------


def test_two_pages_with_one_url_raise_and_publish_nothing(site):
    pages = basic_pages(page("/stories/liu-haitao/", "同名的另一篇"))
    with pytest.raises(PublishError) as error:
        build(site, pages)
    assert str(error.value) == "two pages have the URL /stories/liu-haitao/: '刘海涛：十年义务巡河' and '同名的另一篇'"
    assert not (site / "site").exists()


@pytest.mark.parametrize(
    ("pages", "extra", "message"),
    [
        (basic_pages(page("/stories/../x/", "x")), {},
         "page URL '/stories/../x/' has an unsafe segment '..'"),
        (basic_pages(page("/stories/x", "x")), {},
         "page URL '/stories/x' must start and end with '/' (directory style)"),
        ([p for p in basic_pages() if p.kind != "notfound"], {},
         "no 404 page: one page must have the URL /404.html"),
        (basic_pages(), {"stories/liu-haitao/index.html": b"x"},
         "extra file 'stories/liu-haitao/index.html' would overwrite the page /stories/liu-haitao/"),
        (basic_pages(), {"../outside.txt": b"x"},
         "extra file '../outside.txt' is not a relative path inside the site"),
    ],
)
def test_unpublishable_input_is_refused_with_a_reason(site, pages, extra, message):
    with pytest.raises(PublishError, match=re.escape(message)):
        build(site, pages, extra)
    assert not (site / "site").exists()


def test_a_broken_mkdocs_yml_is_reported_by_its_path(site):
    (site / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: no-such-theme\n", encoding="utf-8")
    with pytest.raises(PublishError, match=re.escape(f"{site / 'mkdocs.yml'}: Config value 'theme'")):
        build(site)


def test_the_offices_wechat_qr_is_in_every_footer_escaped(site):
    qr = {"src": "/media/qr-480.jpg", "width": 480, "height": 570, "alt": HOSTILE}
    out = build(site, footer_qr=qr)
    for page in (out / "stories" / "liu-haitao" / "index.html", out / "404.html"):
        html = read(page)
        assert "<script>alert" not in html
        footer = html[html.index('<footer class="md-footer hr-footer">'):]
        img = re.search(r'<img src="/media/qr-480.jpg" width="480" height="570" alt="([^"]*)"', footer)
        assert img and img.group(1) == ESCAPED_HOSTILE + "&#34;"
        assert "扫码关注微信公众号" in footer


def test_no_wechat_qr_without_one_in_the_settings(site):
    assert "hr-footer__qr" not in read(build(site) / "index.html")


def test_every_footer_has_a_correction_link_naming_its_page_and_links_the_feeds(site):
    """The footer promises a 【纠错】 on every page; only stories had one."""
    out = build(site, settings=make_settings(correction_contact="mailto:jiucuo@example.gov.cn",
                                             base_url="https://haoren.example.cn/wf/"))
    for page in (out / "stories" / "liu-haitao" / "index.html", out / "index.html", out / "404.html"):
        html = read(page)
        footer = html[html.index('<footer class="md-footer hr-footer">'):]
        correction = re.search(r'<a class="hr-correction" href="([^"]*)">【纠错】</a>', footer)
        assert correction and correction.group(1).startswith("mailto:jiucuo@example.gov.cn?subject=%E7%BA%A0%E9%94%99"), page
        assert re.search(r'<a href="[^"]*feed\.xml" type="application/atom\+xml">Atom</a>', footer)
        assert re.search(r'<link rel="alternate" type="application/feed\+json" href="[^"]*feed\.json"', html)
    story = read(out / "stories" / "liu-haitao" / "index.html")
    assert "%20https%3A//haoren.example.cn/wf/stories/liu-haitao/" in story  # the page named in the subject
    on_site = build(site, settings=make_settings(correction_contact="/about/#纠错", base_url="https://x.cn/wf/"),
                    out="site2")
    assert '<a class="hr-correction" href="/wf/about/#纠错">' in read(on_site / "index.html")
    assert "hr-correction" not in read(build(site, out="site3") / "index.html")
