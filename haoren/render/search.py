"""What site search holds: one record per published story, honoree, campaign, topic and hand-written page.

The records are the explicit input of the indexing step (haoren.publish.searchindex): the rendered
main content of each page plus the metadata results show and filter on. Lists, rolls, the home
page and 404 are never records; withheld items have no page, so they have no record either.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import InitVar, dataclass, field, fields
from datetime import date, datetime

import opencc

from haoren.model.site import Site, period_start
from haoren.render.editions import Edition, own_edition
from haoren.render.pages import GeneratedPage
from haoren.render.pages.search import KIND_LABELS
from haoren.render.pages.urls import campaign_url, honoree_url, story_url, topic_url

# Parts of a page that are about other pages (cards, related lists, prev/next, pager, share bar, terms):
# a search for a name must find that person's pages, not every page that links to them. The sections
# holding such lists go whole (their headings, 文中人物, 本组织志愿者, 相关报道, would be all that is left).
# They are also cut from the records themselves (searched_html), so that one story's new title leaves
# every other record, and the index shard it is in, as it was.
ABOUT_OTHER_PAGES = (
    "hr-cards", "hr-related", "hr-prevnext", "hr-pager", "share-bar", "hr-terms", "hr-volunteers",
    "hr-story__honorees", "hr-honoree__volunteers", "hr-honoree__stories", "hr-campaign__stories",
)
# Pagefind skips those and the page's own furniture: pictures (their alt texts), the poster links,
# the reading time (阅读约 N 分钟) and the 【纠错】 link.
EXCLUDED_SELECTORS = (
    *(f".{name}" for name in ABOUT_OTHER_PAGES),
    ".hr-honoree__poster", "figure", "picture", "nav", ".hr-meta__reading", ".hr-story__correction",
)
# An element whose class list has one of those names (theme overrides keep the class names).
_ABOUT_OTHERS_START = re.compile(
    r'<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\sclass="(?:[^"]*\s)?(?:' + "|".join(map(re.escape, ABOUT_OTHER_PAGES))
    + r')(?=[\s"])[^>]*>'
)


def searched_html(content_html: str) -> str:
    """`content_html` without the elements about other pages (ABOUT_OTHER_PAGES), whatever they hold.

    Pagefind skips them anyway, so the index holds the same words with or without them. An element
    whose end cannot be found is kept: the record is then only larger, never wrong.
    """
    kept: list[str] = []
    position = 0
    while (start := _ABOUT_OTHERS_START.search(content_html, position)) is not None:
        end = _element_end(content_html, start.group(1).lower(), start.end())
        if end is None:
            break
        kept.append(content_html[position:start.start()])
        position = end
    kept.append(content_html[position:])
    return "".join(kept)


def _element_end(html_text: str, tag: str, after: int) -> int | None:
    """Where the element of `tag` opened just before `after` ends (past its end tag), nesting counted."""
    depth = 1
    for found in re.compile(rf"<(/?){tag}\b[^>]*>", re.IGNORECASE).finditer(html_text, after):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    return None


@dataclass(frozen=True)
class SearchRecord:
    """One indexed page: its URL and title, its content HTML, and what results show and filter on."""

    url: str  # site path, "/stories/x/"
    title: str
    kind: str  # a KIND_LABELS value
    # The page itself: what is indexed of it, `content_html`, is cut from its HTML only when a shard is
    # indexed again (a page kept by the page memo holds its HTML packed until then), and it counts in
    # equality and the fingerprint through `content_digest`.
    page: GeneratedPage = field(compare=False, repr=False)
    districts: tuple[str, ...] = ()
    day: str = ""  # shown: "2020年3月25日", or a year "2020年" for honorees
    year: str = ""  # filter value: "2020"
    shard: str = ""  # the index shard of a large site (publish.searchshards): a story's year; "" undated
    # "2021-03": where a story or an honoree falls in time (a story's date, the start of an honoree's
    # latest honor), by which a shard too large for one Pagefind run is cut (publish.searchshards).
    month: str = ""
    content_digest: str = field(init=False)  # of `content_html`
    # The digest when it is known already (SearchedDigests, kept by the digest of the page's HTML).
    searched_digest: InitVar[str | None] = None

    def __post_init__(self, searched_digest: str | None) -> None:
        # Set once here, as frozen dataclasses set fields: dataclasses.replace() computes it again.
        object.__setattr__(self, "content_digest", searched_digest or _digest_of(self.content_html))

    @property
    def content_html(self) -> str:
        """What Pagefind indexes: the page's HTML without the parts about other pages (searched_html)."""
        return searched_html(self.page.content_html)

    def document(self) -> str:
        """The HTML Pagefind reads: the page content, with meta and filters as Pagefind attributes."""
        attributes = [f"kind:{self.kind}", *(f"district:{d}" for d in self.districts)]
        if self.year:
            attributes.append(f"year:{self.year}")
        # No title meta: Pagefind takes the page's <h1>, and a comma in a title would split the value.
        meta = [f"kind:{self.kind}"]
        if self.districts:
            meta.append(f"district:{'、'.join(self.districts)}")
        if self.day:
            meta.append(f"date:{self.day}")
        filters = "".join(f'<span data-pagefind-filter="{_attribute(a)}"></span>' for a in attributes)
        metas = "".join(f'<span data-pagefind-meta="{_attribute(m)}"></span>' for m in meta)
        return (f"<!DOCTYPE html><html><head><title>{html.escape(self.title)}</title></head>"
                f"<body><main>{filters}{metas}{self.content_html}</main></body></html>")


def search_records(site: Site, pages: Iterable[GeneratedPage], edition: Edition | None = None,
                   digests: SearchedDigests | None = None) -> tuple[SearchRecord, ...]:
    """The records of the published items' pages in `edition` (the site's own by default), sorted by URL
    (only pages that exist are indexed). Kind and district values are in the edition's script, as its
    search page's filter options are. `digests` gives the digests of pages searched before."""
    edition = edition or own_edition(site.settings)
    digests = digests or SearchedDigests()
    by_url = {page.url: page for page in pages}
    found: list[SearchRecord] = []
    label = _label(site, edition)

    def add(url: str, kind: str, districts: Sequence[str] = (), moment: date | None = None,
            year: str = "", dated: bool = False, month: str = "") -> None:
        page = by_url.get(edition.url(url))
        if page is None:  # not rendered, so not published
            return
        day = _day(moment) if moment else (f"{year}年" if year else "")
        found.append(SearchRecord(
            url=page.url, title=page.title, kind=label(KIND_LABELS[kind]),
            page=page, searched_digest=digests.of(page),
            districts=tuple(dict.fromkeys(edition.convert(d) for d in districts)), day=day,
            year=str(moment.year) if moment else year, shard=str(moment.year) if dated and moment else "",
            month=f"{moment:%Y-%m}" if dated and moment else month,
        ))

    for story in site.stories:
        people = (site.honoree_by_id[h] for h in story.honorees if h in site.honoree_by_id)
        # Only a story's shard follows its date: its own, so an edit never moves another record (a
        # topic's date is its newest story's, an honoree's year its latest honor's).
        add(story_url(story.slug), "story", [h.district for h in people], story.date, dated=True)
    for honoree in site.honorees:
        latest = max((period_start(honor.period) for honor in honoree.honors), default=None)
        add(honoree_url(honoree.id), "honoree", [honoree.district], year=f"{latest:%Y}" if latest else "",
            month=f"{latest:%Y-%m}" if latest else "")
    for view in site.campaigns:
        add(campaign_url(view.campaign.id), "campaign", moment=view.campaign.timeline.nomination_start)
    for topic in site.topics:
        stories = site.stories_in_topic.get(topic.id, ())
        newest = max((s.date for s in stories), default=None)
        add(topic_url(topic.id), "topic", moment=newest)
    for page in site.pages:
        add(page.url, "page")
    return tuple(sorted(found, key=lambda record: record.url))


def records_fingerprint(records: Iterable[SearchRecord]) -> str:
    """A digest of everything the index is made from: equal digests give the same index files."""
    digest = hashlib.blake2b(digest_size=16)
    for record in records:
        digest.update(_record_line(record))
        digest.update(b"\n")
    return digest.hexdigest()


def record_digest(record: SearchRecord) -> str:
    """A digest of one record, as records_fingerprint counts it: equal digests give the same document."""
    return hashlib.blake2b(_record_line(record), digest_size=16).hexdigest()


def _record_line(record: SearchRecord) -> bytes:
    # The values in field order (the page's HTML by its content_digest): dataclasses.asdict
    # deep-copies each record first, half the time of a 10,000-record digest.
    return json.dumps([getattr(record, name) for name in _RECORD_FIELDS], ensure_ascii=False).encode()


_RECORD_FIELDS = tuple(field.name for field in fields(SearchRecord) if field.name != "page")


class SearchedValues:
    """A value made from each page's searched HTML, kept by the digest of its HTML (GeneratedPage.html_digest),
    the last build's and this one's: a build makes it only for the pages whose HTML changed."""

    def __init__(self, make: Callable[[str], str], kept: Mapping[bytes, str] | None = None):
        self._make = make  # from the searched HTML (searched_html)
        self._kept = dict(kept or {})
        self.used: dict[bytes, str] = {}  # what this build asked for: all the next one needs

    def of(self, page: GeneratedPage) -> str:
        """The value of `page`'s searched HTML."""
        key = page.html_digest  # the searched HTML depends on the HTML alone, not on the page's card or links
        found = self._kept.get(key)
        if found is None:
            found = self._make(searched_html(page.content_html))
        self.used[key] = found
        return found

    @property
    def changed(self) -> bool:
        """Whether the values this build used are not exactly the ones it was given."""
        return self.used.keys() != self._kept.keys()


class SearchedDigests(SearchedValues):
    """The digest of each page's searched HTML: what records compare and fingerprint.

    At 10,000 stories, cutting and hashing every page took the search step a second and a half
    before Pagefind could start, and the records held a copy of every page's text.
    """

    def __init__(self, kept: Mapping[bytes, str] | None = None):
        super().__init__(_digest_of, kept)


class SearchedCharacters(SearchedValues):
    """The Chinese characters of each page's searched HTML, once each and in order: what query_map reads.

    Unpacking, cutting and reading every page took the 繁體 edition's query map 1.1-1.7 s per 3,000
    story pages, in every build: several seconds at 10,000 stories.
    """

    def __init__(self, kept: Mapping[bytes, str] | None = None):
        super().__init__(_characters_of, kept)


def _characters_of(searched: str) -> str:
    return "".join(sorted({c for c in set(searched) if c >= "\u3400"}))


def _digest_of(searched: str) -> str:
    return hashlib.blake2b(searched.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _label(site: Site, edition: Edition):
    """Kind labels as the edition's search page shows them: converted in the 繁體 edition, and Traditional
    on a Traditional site (its templates' labels are read converted, render.pages.render)."""
    if edition.converted:
        return edition.convert
    if site.settings.script == "zh-Hant":
        return opencc.OpenCC("s2t").convert
    return str


def _attribute(pair: str) -> str:
    # Pagefind splits an attribute's value at commas: a value keeps a full-width one instead.
    return html.escape(pair.replace(",", "，"), quote=True)


def _day(moment: date) -> str:
    if isinstance(moment, datetime):
        moment = moment.date()
    return f"{moment.year}年{moment.month}月{moment.day}日"


def query_map(records: Iterable[SearchRecord], convert: Callable[[str], str],
              characters: SearchedCharacters | None = None) -> dict[str, str]:
    """Each Chinese character of the records (the site's own edition) that `convert` changes, and what
    it becomes on its own: the 繁體 search page converts a query typed in Simplified with it.

    Characters only (OpenCC's phrases and the edition's overrides need context; search.js also looks
    the query up as typed), and only the characters the site has, which keeps the file small.
    `characters` gives those of the pages read before.
    """
    characters = characters or SearchedCharacters()
    seen: set[str] = set()
    for record in records:
        seen.update(record.title, characters.of(record.page))
    return {c: converted for c in sorted(seen) if c >= "\u3400" and (converted := convert(c)) != c}
