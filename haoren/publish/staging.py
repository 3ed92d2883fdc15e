"""Pages into MkDocs: where each page's Markdown file goes, the staged files, and MkDocs configured as the build renders them.

Used by the build (publish.site) for every page and by the preview (preview.mkpage) for one page at a time,
so both write the same bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import logging
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence
from urllib.parse import urlsplit

import yaml

# Material prints an end-of-life banner when run as `mkdocs`; we never want it in our output.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import MkDocsException  # noqa: E402
from mkdocs.plugins import BasePlugin  # noqa: E402
from mkdocs.utils import normalize_url  # noqa: E402
from pymdownx.slugs import slugify  # noqa: E402

from haoren.publish.editions import edition_config, edition_meta, hreflang_html, og_locale  # noqa: E402
from haoren.render.editions import Edition  # noqa: E402
from haoren.render.pages import GeneratedPage  # noqa: E402
from haoren.render.pages.linebreaks import keep_together  # noqa: E402
from haoren.render.share import ShareImage, item_reference, meta_tags_html, page_title  # noqa: E402
from haoren.schema import Settings  # noqa: E402

NOTFOUND_URL = "/404.html"
# The only pages MkDocs' nav may list: listing every story makes each page O(n) (see mkdocs-traps.md).
SECTION_URLS = (
    "/", "/stories/", "/archive/", "/honor-roll/", "/honorees/", "/spotlight/", "/campaigns/", "/topics/",
    "/about/",
)
LABELS = {
    "zh": {"home": "首页", "organizer": "主办单位", "undertaker": "承办单位", "wechat": "扫码关注微信公众号",
           "correction": "【纠错】", "correction_subject": "纠错：", "subscribe": "订阅"},
    "zh-Hant": {"home": "首頁", "organizer": "主辦單位", "undertaker": "承辦單位", "wechat": "掃碼關注微信公眾號",
                "correction": "【糾錯】", "correction_subject": "糾錯：", "subscribe": "訂閱"},
}
OG_LOCALES = {"zh": "zh_CN", "zh-Hant": "zh_TW"}
_URL_FORBIDDEN = set('\\"<>?#%\x00') | {chr(c) for c in range(0x20)} | {" ", "\x7f"}


class PublishError(Exception):
    """The pages or settings cannot be published as given; the message says which and why."""


@dataclass(frozen=True)
class PagePlan:
    """Validated input: where each page goes, the 404 page, and the files copied in afterwards."""

    sources: dict[str, GeneratedPage]  # docs-relative Markdown path -> page
    notfound: GeneratedPage
    extras: dict[str, bytes | Path]  # site-relative output path -> content
    # A converted edition's own 404 page (`/zh-hant/404.html`), by its output path.
    edition_notfound: dict[str, GeneratedPage] = dataclasses.field(default_factory=dict)


def plan_pages(pages: Sequence[GeneratedPage], extra_files: Mapping[str, bytes | Path]) -> PagePlan:
    """Check every URL and path before anything touches the disk; report all clashes at once."""
    sources: dict[str, GeneratedPage] = {}
    seen: dict[str, GeneratedPage] = {}
    notfound: GeneratedPage | None = None
    edition_notfound: dict[str, GeneratedPage] = {}
    errors: list[str] = []
    for page in pages:
        if page.url in seen:
            errors.append(f"two pages have the URL {page.url}: {seen[page.url].title!r} and {page.title!r}")
            continue
        seen[page.url] = page
        if page.url == NOTFOUND_URL:
            notfound = page
            continue
        if page.kind == "notfound" and page.url.endswith(NOTFOUND_URL):  # an edition's, under its prefix
            edition_notfound[page.url.removeprefix("/")] = page
            continue
        try:
            source = source_path(page.url)
        except PublishError as e:
            errors.append(str(e))
            continue
        sources[source] = page
    if notfound is None:
        errors.append(f"no 404 page: one page must have the URL {NOTFOUND_URL}")
    extras = _placed_extras(extra_files, _page_outputs(sources.values(), notfound, edition_notfound), errors)
    if errors:
        raise PublishError("\n".join(errors))
    assert notfound is not None
    return PagePlan(sources=sources, notfound=notfound, extras=extras, edition_notfound=edition_notfound)


def with_extras(plan: PagePlan, extra_files: Mapping[str, bytes | Path]) -> PagePlan:
    """`plan` with more files copied in (ready after the pages were planned), checked as plan_pages checks;
    a path already among the extras takes the new content, as a later key of one mapping would."""
    errors: list[str] = []
    outputs = _page_outputs(plan.sources.values(), plan.notfound, plan.edition_notfound)
    extras = _placed_extras(extra_files, outputs, errors)
    if errors:
        raise PublishError("\n".join(errors))
    return dataclasses.replace(plan, extras={**plan.extras, **extras})


def _page_outputs(pages: Iterable[GeneratedPage], notfound: GeneratedPage | None,
                  edition_notfound: Mapping[str, GeneratedPage]) -> dict[str, str]:
    """Each file the pages are rendered to (site-relative), and the URL of the page written there."""
    outputs = {page.url.removeprefix("/") + "index.html": page.url for page in pages}
    outputs.update({path: page.url for path, page in edition_notfound.items()})
    if notfound is not None:
        outputs["404.html"] = notfound.url
    return outputs


def _placed_extras(extra_files: Mapping[str, bytes | Path], outputs: Mapping[str, str],
                   errors: list[str]) -> dict[str, bytes | Path]:
    """Each extra file by its site-relative path; one that is outside the site or clashes is an error."""
    extras: dict[str, bytes | Path] = {}
    for name, content in extra_files.items():
        path = name.removeprefix("/")
        if any(segment in ("", ".", "..") for segment in path.split("/")) or "\\" in path:
            errors.append(f"extra file {name!r} is not a relative path inside the site")
        elif path in outputs:
            errors.append(f"extra file {name!r} would overwrite the page {outputs[path]}")
        else:
            extras[path] = content
    return extras


def source_path(url: str) -> str:
    """`/` -> `index.md`, `/stories/x/` -> `stories/x.md`; no two URLs ever share a Markdown file.

    MkDocs renders `x.md`, `x/index.md` and `x/README.md` all to `x/index.html`, so a URL ending
    in /index/ or /README/ gets its own folder. Flat files elsewhere save a folder per page.
    """
    if not (url.startswith("/") and url.endswith("/")) or "//" in url:
        raise PublishError(f"page URL {url!r} must start and end with '/' (directory style)")
    segments = url.strip("/").split("/") if url != "/" else []
    for segment in segments:
        if segment in (".", "..") or set(segment) & _URL_FORBIDDEN:
            raise PublishError(f"page URL {url!r} has an unsafe segment {segment!r}")
    if not segments or segments[-1] in ("index", "README"):
        return "/".join([*segments, "index.md"])
    return "/".join(segments) + ".md"


def language_of(script: str) -> str:
    if script not in LABELS:
        raise PublishError(f"settings script must be one of {', '.join(LABELS)}, not {script!r}")
    return script


def configure(config_file: Path, docs: Path, built: Path, plan: PagePlan, settings: Settings,
              editions: Sequence[Edition], footer_qr: Mapping[str, object] | None,
              dev_serve: bool) -> tuple[MkDocsConfig, dict[str, object]]:
    """MkDocs configured to render `plan`'s pages as the build does, and the frame every part of it needs.

    The frame (the footer's QR, each edition's tabs and labels) is worked out from the whole plan once;
    `configured` adds it to a configuration of only some of the pages.
    """
    config = configured(config_file, docs, built, plan, settings, named_settings(settings, editions),
                        language_of(settings.script), dev_serve, {"wechat_qr": dict(footer_qr) if footer_qr else None})
    frame = {"wechat_qr": config.extra["haoren"]["wechat_qr"],
             "editions": edition_config(config.extra["haoren"], plan.sources.values(), SECTION_URLS, editions,
                                        settings.base_url)}
    config.extra["haoren"].update(frame)
    return config, frame


def configured(config_file: Path, docs: Path, built: Path, plan: PagePlan, settings: Settings,
                named: Mapping[str, Settings], language: str, dev_serve: bool,
                frame: Mapping[str, object]) -> MkDocsConfig:
    """MkDocs' configuration, with `frame` (footer QR, editions' headers) added to the theme's `extra.haoren`
    and the converted editions' 404 pages."""
    docs.mkdir(parents=True, exist_ok=True)
    config = _configure(config_file, docs, built, plan, settings, language, dev_serve)
    config.extra["haoren"].update(frame)
    _add_edition_notfound(config, plan, settings, named)
    return config


def named_settings(settings: Settings, editions: Sequence[Edition]) -> dict[str, Settings]:
    """Each converted edition's settings: its pages name the site in their script (<title>, og:site_name)."""
    return {e.code: dataclasses.replace(settings, name=e.convert(settings.name)) for e in editions if e.converted}


def stage_pages(docs: Path, sources: Mapping[str, GeneratedPage], settings: Settings,
           named: Mapping[str, Settings]) -> None:
    """Write one Markdown file per page: our front matter, then the content as one raw HTML block."""
    for source, page in sources.items():
        path = docs / source
        path.parent.mkdir(parents=True, exist_ok=True)
        front = {"title": page.title, "haoren_meta": _head(page, named.get(page.edition, settings))}
        path.write_text(f"---\n{_dump_yaml(front)}---\n\n{_raw_block(page)}", encoding="utf-8", newline="\n")


def _raw_block(page: GeneratedPage) -> str:
    # One block-level <div> from the first column: Python-Markdown stashes everything up to its
    # matching </div> verbatim, blank lines included, and never parses Markdown inside it.
    kind = "".join(c for c in page.kind if c.isascii() and c.isalnum())
    # \x02 and \x03 delimit Python-Markdown's placeholders (and are invalid in HTML anyway).
    body = page.content_html.replace("\x02", "").replace("\x03", "")
    return f'<div class="hr-page hr-page--{kind}">\n{body}\n</div>\n'


def _kept_block(page: GeneratedPage) -> str:
    """The raw block as the page shows it, for pages MkDocs does not render from a staged file (404)."""
    return keep_together(_raw_block(page))


class _FinishedHtml(BasePlugin):
    """Hands MkDocs our finished page HTML as the page content, skipping its Markdown conversion,
    with its dates and numbers kept on one line (render/pages/linebreaks.py).

    The staged file keeps the whole HTML (inspectable, portable to another renderer), but
    Python-Markdown re-parses a raw HTML block tag by tag in pure Python: that was over half
    of the publishing time of a 14,000-page site, to produce the same bytes.
    """

    def __init__(self) -> None:
        super().__init__()
        self._held: dict[str, str] = {}

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        self._held[page.file.src_uri] = markdown
        return ""

    def on_page_content(self, html_content: str, page, config, files) -> str:
        held = self._held.pop(page.file.src_uri, None)
        # Lines are kept together here, in the process that renders the part (publish/parts.py), not
        # while staging in this one: a millisecond a page, 14 s of a cold build at 16,000 pages, on
        # one core. It is a pure function of the HTML, so a page's fingerprint need not include it.
        return html_content if held is None else keep_together(held)


class _EditionNotFound(BasePlugin):
    """A converted edition's 404 page (`zh-hant/404.html`) is served at any depth, as `404.html` is: MkDocs
    gives absolute URLs only to a template named like `404.html`, so this one gets them here."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__()
        self._names = set(names)

    def on_template_context(self, context, template_name, config):
        if template_name in self._names:
            base = urlsplit(config.site_url or "/").path
            context["base_url"] = base
            context["extra_css"] = [normalize_url(path, None, base) for path in config.extra_css]
            context["extra_javascript"] = [normalize_url(str(script), None, base)
                                           for script in config.extra_javascript]
        return context


def _head(page: GeneratedPage, settings: Settings) -> dict:
    """What the theme's <head> and header need: the title, and the head tags as finished, escaped HTML.

    `itemref` names the head's microdata <meta>s, which the page's content element makes one item's
    properties (theme/partials/content.html); the 404 page has none.
    """
    share = page.share
    has_image = bool(share.image_url and share.image_width and share.image_height)
    itemref = "" if page.kind == "notfound" else item_reference(has_image)
    return {"title": page.title, "kind": page.kind, "head": _head_html(page, settings), "itemref": itemref,
            **edition_meta(page, settings)}


def _head_html(page: GeneratedPage, settings: Settings) -> str:
    if page.kind == "notfound":
        return "\n".join((
            f"<title>{html.escape(page_title(page.title, settings.name))}</title>",
            f'<meta name="description" content="{html.escape(page.description)}">',
            '<meta name="robots" content="noindex">',
        ))
    share = page.share
    image = None
    if share.image_url and share.image_width and share.image_height:
        mime_type = mimetypes.guess_type(share.image_url)[0] or "image/jpeg"
        alt = share.image_alt or page.title
        image = ShareImage(share.image_url, share.image_width, share.image_height, alt, mime_type)
    try:
        return meta_tags_html(
            title=page.title,
            site_name=settings.name,
            description=page.description,
            canonical=settings.base_url.rstrip("/") + page.url,
            og_type=share.og_type,
            image=image,
            video=share.video,
            published=share.published,
            modified=share.modified,
            json_ld=share.json_ld,
            locale=og_locale(page, settings, OG_LOCALES[settings.script]),
        ) + hreflang_html(page, settings.base_url)
    except (ValueError, TypeError) as e:
        raise PublishError(f"page {page.url}: {e}") from e


def _dump_yaml(data: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=True, width=1 << 30)


def _configure(
    config_file: Path,
    docs: Path,
    built: Path,
    plan: PagePlan,
    settings: Settings,
    language: str,
    dev_serve: bool,
) -> MkDocsConfig:
    """Load the site's mkdocs.yml, then force everything the pipeline relies on."""
    labels = LABELS[language]
    by_url = {page.url: source for source, page in plan.sources.items()}
    nav = [
        {labels["home"] if url == "/" else plan.sources[by_url[url]].title: by_url[url]}
        for url in SECTION_URLS
        if url in by_url
    ]
    config = load_config(
        config_file=str(config_file),
        docs_dir=str(docs),
        site_dir=str(built),
        site_name=settings.name,
        site_url=settings.base_url.rstrip("/") + "/",
        site_description=settings.description or None,
        use_directory_urls=True,
        nav=nav,
        plugins=[],  # no search, blog, social or git plugins: each is slow or wrong for us
        markdown_extensions=[{"toc": {"slugify": slugify(case="lower"), "permalink": False}}],
        validation={"nav": {"omitted_files": "ignore"}},  # 14,000 pages are meant to be outside the nav
    )
    config.plugins["haoren-finished-html"] = _FinishedHtml()
    if dev_serve:
        config["site_url"] = None  # the preview serves from '/': the 404 page's links must start there
    config["copyright"] = None
    config["repo_url"] = None  # Material would call the GitHub API from every page
    config["edit_uri"] = None
    config.theme["font"] = False  # Google Fonts: no CJK glyphs, unreachable in mainland China
    config.theme["language"] = language
    config.theme.static_templates.discard("sitemap.xml")  # ours ships instead, without a build date
    extra = config.extra
    extra.pop("analytics", None)
    extra["generator"] = False
    footer = settings.footer
    extra["haoren"] = {
        "labels": labels,
        "site_name": settings.name,
        "organizer": settings.organizer,
        "undertaker": settings.undertaker,
        "icp": footer.icp,
        "icp_link": footer.icp_link,
        "police": footer.police,
        "contact": footer.contact,
        "lines": list(footer.lines),
        "correction": _correction_href(settings),
        "notfound": {**_head(plan.notfound, settings), "content_html": _kept_block(plan.notfound)},
    }
    return config


def _add_edition_notfound(config: Any, plan: PagePlan, settings: Settings, named: Mapping[str, Settings]) -> None:
    """Each converted edition's 404 page: the theme's `zh-hant/404.html` static template, fed its page."""
    config.extra["haoren"]["notfound_editions"] = {
        path: {**_head(page, named.get(page.edition, settings)), "content_html": _kept_block(page)}
        for path, page in plan.edition_notfound.items()
    }
    config.theme.static_templates.update(plan.edition_notfound)
    config.plugins["haoren-edition-notfound"] = _EditionNotFound(plan.edition_notfound)


def _correction_href(settings: Settings) -> str | None:
    """Where the footer's 【纠错】 goes: the office's mailto: (the footer adds the page) or a page of the site."""
    contact = settings.correction_contact
    if not contact or not contact.startswith(("mailto:", "https://", "http://", "/")):
        return None  # anything else could be a script URL
    if contact.startswith("/"):  # a site served under a path needs it on the link
        return urlsplit(settings.base_url).path.rstrip("/") + contact
    return contact


@contextlib.contextmanager
def mkdocs_errors(where: str) -> Iterator[None]:
    """Turn MkDocs' generic Abort into a PublishError carrying the reasons MkDocs only logged."""
    errors = _ErrorRecords()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(errors)
    try:
        yield
    except MkDocsException as e:
        raise PublishError("\n".join(f"{where}: {m}" for m in errors.messages or [str(e)])) from e
    finally:
        logger.removeHandler(errors)


class _ErrorRecords(logging.Handler):
    """Collects MkDocs' error log lines."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
