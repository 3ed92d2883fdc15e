"""The archive by year and month (/archive/…) and the tags (/tags/, /tags/<slug>/), 20 stories a page."""

from __future__ import annotations

from collections.abc import Iterator

from haoren.render.pages import GeneratedPage
from haoren.render.pages.listing import list_pages, newest_date
from haoren.render.pages.render import Renderer
from haoren.render.pages.urls import archive_url


def archive_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    years = [
        (year, [(month, len(stories)) for month, stories in months], sum(len(s) for _, s in months))
        for year, months in site.archive
    ]
    yield r.page(
        "archive_index.html",
        url=archive_url(), title=r.label("文章归档"), kind="list",
        description=r.label("{}的全部文章，按年月归档").format(site.settings.name),
        lastmod=newest_date(site.stories[:1]), years=years,
    )
    for (year, months), (_, counts, total) in zip(site.archive, years):
        yield r.page(
            "archive_year.html",
            url=archive_url(year), title=r.label(f"{year}年文章"), kind="list",
            description=r.label(f"{year}年共{total}篇文章"),
            lastmod=newest_date([stories[0] for _, stories in months]), year=year, months=counts,
        )
        for month, stories in months:
            yield from list_pages(
                r, stories, first_url=archive_url(year, month), title=r.label(f"{year}年{month}月文章"),
                description=r.label(f"{year}年{month}月共{len(stories)}篇文章"), template="story_list.html",
            )


def tag_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    tags = sorted(site.stories_by_tag.items(), key=lambda item: (-len(item[1]), item[0]))
    yield r.page(
        "tag_index.html",
        url="/tags/", title=r.label("标签"), kind="list",
        description=r.label("{}的文章标签").format(site.settings.name),
        lastmod=newest_date(site.stories[:1]), tags=[(tag, len(stories)) for tag, stories in tags],
    )
    for tag, stories in site.stories_by_tag.items():
        yield from list_pages(
            r, stories, first_url=r.urls.tag(tag), title=r.label("标签：") + tag,
            description=r.label("标签“{}”下的{}篇文章").format(tag, len(stories)), template="story_list.html",
        )
