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
