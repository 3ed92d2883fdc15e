"""Publishing: stage the page sources, run MkDocs in-process, swap the result into site/ atomically."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
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

from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import MkDocsException  # noqa: E402
from mkdocs.plugins import BasePlugin  # noqa: E402
from mkdocs.utils import normalize_url  # noqa: E402
from pymdownx.slugs import slugify  # noqa: E402

from haoren.publish.carry import Carry, bytes_key, link_or_copy, listed_files  # noqa: E402
from haoren.publish.fingerprint import digest, software_digest, tree_digest  # noqa: E402
from haoren.publish.editions import edition_config, edition_meta, hreflang_html, og_locale  # noqa: E402
from haoren.publish.parts import merge_trees, part_count, run_parts, split  # noqa: E402
from haoren.publish.swap import FolderBusy, replacement  # noqa: E402
from haoren.render.editions import Edition  # noqa: E402
from haoren.render.pages import GeneratedPage  # noqa: E402
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
class _Plan:
    """Validated input: where each page goes, the 404 page, and the files copied in afterwards."""

    sources: dict[str, GeneratedPage]  # docs-relative Markdown path -> page
    notfound: GeneratedPage
    extras: dict[str, bytes | Path]  # site-relative output path -> content
    # A converted edition's own 404 page (`/zh-hant/404.html`), by its output path.
    edition_notfound: dict[str, GeneratedPage] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Published:
    """What a publish did: pages MkDocs rendered, pages carried over unchanged, and why it started cold."""

    rendered: int
    carried: int
    cold_reason: str | None  # None: built upon the last published site/


def publish(
    site_dir: Path,
    pages: Sequence[GeneratedPage],
    extra_files: Mapping[str, bytes | Path],
    settings: Settings,
    out_dir: Path,
    *,
    dev_serve: bool = False,
    footer_qr: Mapping[str, object] | None = None,
    editions: Sequence[Edition] = (),
    build_key: str = "",
    incremental: bool = True,
) -> Published:
    """Render `pages` with the site folder's mkdocs.yml and theme, add `extra_files`, and replace `out_dir`.

    Nothing under `out_dir` changes unless the whole build succeeded; then the new tree takes its
    place in one rename. `dev_serve` makes the 404 page's asset URLs root-relative for the preview server.
    `footer_qr` is the office's WeChat QR for the footer: src (a URL of this site), width, height, alt.
    `editions` are the site's editions (render.editions.site_editions): a converted one gets its own
    section tabs, footer and labels; every page names its edition and its twins (GeneratedPage.alternates).
    With `incremental`, MkDocs renders only pages whose fingerprint differs from the manifest of the
    published `out_dir`; the others are hard links to the files already there (publish/carry.py).
    `build_key` is the fingerprint of all the build's inputs, kept in the manifest.
    """
    plan = _plan(pages, extra_files)
    language = _language(settings.script)
    if not settings.footer.icp_link.startswith(("https://", "http://")):
        raise PublishError(f"footer ICP link must be an http(s) URL, not {settings.footer.icp_link!r}")
    config_file = Path(site_dir) / "mkdocs.yml"
    if not config_file.is_file():
        raise PublishError(f"{config_file}: missing (the site folder needs a mkdocs.yml)")
    try:
        with replacement(out_dir) as work:
            built = work / "site"
            with _mkdocs_errors(str(config_file)):
                named = _named_settings(settings, editions)
                config = _configured(config_file, work / "docs", built, plan, settings, named, language, dev_serve,
                                     {"wechat_qr": dict(footer_qr) if footer_qr else None})
                frame = {"wechat_qr": config.extra["haoren"]["wechat_qr"],
                         "editions": edition_config(config.extra["haoren"], plan.sources.values(), SECTION_URLS,
                                                    editions, settings.base_url)}
                config.extra["haoren"].update(frame)
            carry = Carry.start(out_dir, incremental, _render_key(config, config_file, settings, editions))
            keys = {source: _page_key(carry.render_key, page) for source, page in plan.sources.items()}
            # The nav's pages are always rendered: MkDocs needs the files the nav names.
            fresh = {source: page for source, page in plan.sources.items()
                     if page.url in SECTION_URLS or not carry.unchanged(_output_path(page.url), keys[source])}
            _render_in_parts(config_file, work, fresh, plan, settings, named, language, dev_serve, frame)
            carried = carry.link(built, [_output_path(page.url) for source, page in plan.sources.items()
                                         if source not in fresh])
            _add_extras(built, plan.extras, plan.edition_notfound)
            fingerprints = dict.fromkeys(listed_files(built), carry.render_key)  # MkDocs' own theme files
            fingerprints.update({_output_path(page.url): keys[source] for source, page in plan.sources.items()})
            fingerprints.update({name: _extra_key(content) for name, content in plan.extras.items()})
            carry.forget_published()
        carry.record(build_key, fingerprints)
    except FolderBusy as e:
        raise PublishError(str(e)) from None
    # The 404 pages are rendered every time.
    rendered = len(fresh) + 1 + len(plan.edition_notfound)
    return Published(rendered=rendered, carried=carried, cold_reason=carry.cold_reason)


# --- planning ---------------------------------------------------------------------------


def _plan(pages: Sequence[GeneratedPage], extra_files: Mapping[str, bytes | Path]) -> _Plan:
    """Check every URL and path before anything touches the disk; report all clashes at once."""
    sources: dict[str, GeneratedPage] = {}
    outputs: dict[str, str] = {}  # output file -> URL that writes it
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
            outputs["404.html"] = page.url
            continue
        if page.kind == "notfound" and page.url.endswith(NOTFOUND_URL):  # an edition's, under its prefix
            edition_notfound[page.url.removeprefix("/")] = page
            outputs[page.url.removeprefix("/")] = page.url
            continue
        try:
            source = _source_path(page.url)
        except PublishError as e:
            errors.append(str(e))
            continue
        sources[source] = page
        outputs[page.url.removeprefix("/") + "index.html"] = page.url
    if notfound is None:
        errors.append(f"no 404 page: one page must have the URL {NOTFOUND_URL}")
    extras: dict[str, bytes | Path] = {}
    for name, content in extra_files.items():
        path = name.removeprefix("/")
        if any(segment in ("", ".", "..") for segment in path.split("/")) or "\\" in path:
            errors.append(f"extra file {name!r} is not a relative path inside the site")
        elif path in outputs:
            errors.append(f"extra file {name!r} would overwrite the page {outputs[path]}")
        else:
            extras[path] = content
    if errors:
        raise PublishError("\n".join(errors))
    assert notfound is not None
    return _Plan(sources=sources, notfound=notfound, extras=extras, edition_notfound=edition_notfound)


def _source_path(url: str) -> str:
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


def _language(script: str) -> str:
    if script not in LABELS:
        raise PublishError(f"settings script must be one of {', '.join(LABELS)}, not {script!r}")
    return script


# --- staging ----------------------------------------------------------------------------


def _configured(config_file: Path, docs: Path, built: Path, plan: _Plan, settings: Settings,
                named: Mapping[str, Settings], language: str, dev_serve: bool,
                frame: Mapping[str, object]) -> MkDocsConfig:
    """MkDocs' configuration, with `frame` (footer QR, editions' headers) added to the theme's `extra.haoren`
    and the converted editions' 404 pages."""
    docs.mkdir(parents=True, exist_ok=True)
    config = _configure(config_file, docs, built, plan, settings, language, dev_serve)
    config.extra["haoren"].update(frame)
    _add_edition_notfound(config, plan, settings, named)
    return config


def _render_in_parts(config_file: Path, work: Path, fresh: Mapping[str, GeneratedPage], plan: _Plan,
                     settings: Settings, named: Mapping[str, Settings], language: str, dev_serve: bool,
                     frame: Mapping[str, object]) -> None:
    """MkDocs renders the `fresh` pages into `work/site`; a big site in parts, one per core (publish/parts.py).

    Every part also renders the nav's pages (MkDocs needs the files its nav names) and 404.html;
    a page's file depends on no other page, so the parts merge into the tree one run would write.
    """
    nav = {source: page for source, page in fresh.items() if page.url in SECTION_URLS}
    rest = sorted(source for source in fresh if source not in nav)
    # Small enough to hand to a worker.
    nav_plan = _Plan(sources=nav, notfound=plan.notfound, extras={}, edition_notfound=plan.edition_notfound)
    parts = []
    for number, chunk in enumerate(split(rest, part_count(len(rest)))):
        docs = work / f"docs-{number}"  # staged here: the workers get paths, not pages
        _stage(docs, {**nav, **{source: fresh[source] for source in chunk}}, settings, named)
        parts.append((config_file, docs, work / f"site-{number}", nav_plan, settings, named, language, dev_serve,
                      frame))
    run_parts(_render_part, parts)
    merge_trees([part[2] for part in parts], work / "site")


def _render_part(part: tuple) -> None:
    config_file, docs, built, nav_plan, settings, named, language, dev_serve, frame = part
    with _mkdocs_errors(str(config_file)):
        config = _configured(config_file, docs, built, nav_plan, settings, named, language, dev_serve, frame)
    with _mkdocs_errors("MkDocs"):
        mkdocs_build(config)


def _output_path(url: str) -> str:
    """The file MkDocs writes for a page at `url` (directory URLs)."""
    return "404.html" if url == NOTFOUND_URL else url.removeprefix("/") + "index.html"


def _render_key(config: MkDocsConfig, config_file: Path, settings: Settings, editions: Sequence[Edition]) -> str:
    """All a page's file depends on besides the page: software, mkdocs.yml, theme, settings, nav, extra, editions."""
    custom_dir = config.theme.custom_dir
    theme_files = tree_digest(config_file, *([Path(custom_dir)] if custom_dir else []))
    # Everything else _configure forces is in Haoren's code, which software_digest covers. The 404
    # pages' content (they list the newest stories) is read by the 404 pages only, rendered every time.
    extra = dict(config.extra)
    extra["haoren"] = {key: value for key, value in extra["haoren"].items()
                       if key not in ("notfound", "notfound_editions")}
    # An edition's converter has no faithful repr; what _stage takes from it is the site's name.
    named = [(edition.code, edition.prefix, edition.convert(settings.name)) for edition in editions]
    return digest(software_digest(), theme_files, settings, config["nav"], extra, config["site_url"], named)


def _page_key(render_key: str, page: GeneratedPage) -> str:
    """The fingerprint of a page's file: the render key and every field of the page.

    Text fields go in as UTF-8 (repr() of a long Chinese page is slow); the others by repr().
    """
    hasher = hashlib.blake2b(render_key.encode(), digest_size=20)
    for item in dataclasses.fields(page):
        value = getattr(page, item.name)
        data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else repr(value).encode()
        hasher.update(f"\0{item.name}:{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()


def _extra_key(content: bytes | Path) -> str:
    """Extra files are named by their own content (cards, posters, renditions) or given as bytes."""
    return bytes_key(content) if isinstance(content, bytes) else "file:" + Path(content).name


def _named_settings(settings: Settings, editions: Sequence[Edition]) -> dict[str, Settings]:
    """Each converted edition's settings: its pages name the site in their script (<title>, og:site_name)."""
    return {e.code: dataclasses.replace(settings, name=e.convert(settings.name)) for e in editions if e.converted}


def _stage(docs: Path, sources: Mapping[str, GeneratedPage], settings: Settings,
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


class _FinishedHtml(BasePlugin):
    """Hands MkDocs our finished page HTML as the page content, skipping its Markdown conversion.

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
        return self._held.pop(page.file.src_uri, html_content)


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


# --- MkDocs configuration ---------------------------------------------------------------


def _configure(
    config_file: Path,
    docs: Path,
    built: Path,
    plan: _Plan,
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
        "notfound": {**_head(plan.notfound, settings), "content_html": _raw_block(plan.notfound)},
    }
    return config


def _add_edition_notfound(config: Any, plan: _Plan, settings: Settings, named: Mapping[str, Settings]) -> None:
    """Each converted edition's 404 page: the theme's `zh-hant/404.html` static template, fed its page."""
    config.extra["haoren"]["notfound_editions"] = {
        path: {**_head(page, named.get(page.edition, settings)), "content_html": _raw_block(page)}
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
def _mkdocs_errors(where: str) -> Iterator[None]:
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


# --- output -----------------------------------------------------------------------------


def _add_extras(built: Path, extras: Mapping[str, bytes | Path], edition_notfound: Iterable[str] = ()) -> None:
    for leftover in ("sitemap.xml", "sitemap.xml.gz"):
        (built / leftover).unlink(missing_ok=True)
    for name, content in sorted(extras.items()):
        target = built / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            link_or_copy(content, target)
    for page in ("404.html", *edition_notfound):
        if not (built / page).is_file():
            raise PublishError(f"MkDocs wrote no {page}; is the theme 'material' with our custom_dir, "
                               f"and is theme/{page} there (copy it from Haoren's sample site)?")
