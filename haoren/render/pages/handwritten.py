"""Hand-written pages from content/pages/ (/<path>/<name>/): their Markdown, sanitized."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from haoren.render.pages import GeneratedPage
from haoren.render.pages.descriptions import excerpt
from haoren.render.pages.render import Renderer


def handwritten_pages(r: Renderer) -> Iterator[GeneratedPage]:
    for page in r.site.pages:
        body = r.markdown(page.body, page.path, page.body_line, "body")
        yield r.page(
            "handwritten.html",
            url=page.url, title=page.title, kind="page", description=_first_text(body) or page.title,
            body=body,
        )


def _first_text(body_html: Markup) -> str:
    """The description: the page's opening sentences, cut at a sentence or clause end."""
    return excerpt(body_html.striptags())
