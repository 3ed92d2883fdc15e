"""One page through MkDocs and mkdocs-material exactly as the build renders it, without building the rest.

The build (publish.site) stages every page and runs a whole MkDocs build. Here the same staging and
the same configuration are used, but MkDocs is driven page by page: its Files hold the nav's pages
(which the header, tabs and drawer show) and the one page asked for, and only that page is built.
Material's static files are not copied: `static_file` says where each one is, for the server.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from haoren.publish import staging
from haoren.render.editions import Edition
from haoren.render.pages import GeneratedPage
from haoren.schema import Settings

# MkDocs' page-by-page steps, as its own build runs them (mkdocs.commands.build).
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page  # noqa: E402  isort: skip
from mkdocs.structure.files import Files, get_files  # noqa: E402  isort: skip
from mkdocs.structure.nav import get_navigation  # noqa: E402  isort: skip
from mkdocs.structure.pages import Page  # noqa: E402  isort: skip


class PageFrame:
    """MkDocs configured for one model: the nav's pages, the 404 page, the footer; renders a page at a time.

    Not thread-safe (MkDocs keeps the current page in its config): the server renders under one lock.
    """

    def __init__(self, site_dir: Path, nav_pages: Sequence[GeneratedPage], notfound: GeneratedPage,
                 settings: Settings, editions: Sequence[Edition], footer_qr: Mapping[str, object] | None,
                 work_dir: Path, theme_from: "PageFrame | None" = None,
                 edition_notfound: Sequence[GeneratedPage] = ()):
        """`work_dir`: the preview's work folder, which its server removes however it stops; the frame's own
        folder is made in it. `theme_from`: a frame of the same theme files, whose compiled templates and file
        list are kept. `edition_notfound`: each converted edition's 404 page (`/zh-hant/404.html`), as the
        build has them."""
        Path(work_dir).mkdir(parents=True, exist_ok=True)
        self._work = Path(tempfile.mkdtemp(prefix="haoren-preview-", dir=work_dir))
        self._docs, self._built = self._work / "docs", self._work / "site"
        self._docs.mkdir()
        self._nav = {staging.source_path(page.url): page for page in nav_pages}
        self._plan = staging.plan_pages([*nav_pages, notfound, *edition_notfound], {})
        self._settings = settings
        self._named = staging.named_settings(settings, editions)
        self._edition_notfound = {page.url: page.url.removeprefix("/") for page in edition_notfound}
        config_file = Path(site_dir) / "mkdocs.yml"
        if not config_file.is_file():
            raise staging.PublishError(f"{config_file}: missing (the site folder needs a mkdocs.yml)")
        with staging.mkdocs_errors(str(config_file)):
            config, _ = staging.configure(config_file, self._docs, self._built, self._plan, settings, editions,
                                          footer_qr, dev_serve=True)
            config = config.plugins.on_config(config)
        self._config = config
        self._theme_key = (tuple(config.theme.dirs), config.theme["language"])
        if theme_from is not None and theme_from._theme_key == self._theme_key:
            self._env, self._theme_files = theme_from._env, theme_from._theme_files
        else:
            self._env = config.theme.get_env()
            theme = Files([])
            theme.add_files_from_theme(self._env, config)
            self._theme_files = list(theme)
        self._static = {file.dest_uri: Path(file.abs_src_path) for file in self._theme_files if file.abs_src_path}

    def close(self) -> None:
        shutil.rmtree(self._work, ignore_errors=True)

    def static_file(self, path: str) -> Path | None:
        """The theme file (Material's or the site's theme/) MkDocs would copy to `path` (site-relative)."""
        return self._static.get(path)

    def render(self, page: GeneratedPage | None) -> str:
        """The HTML file the build writes for `page`; None renders the site's 404 page, an edition's 404
        page (one of `edition_notfound`) renders as the build writes it (`zh-hant/404.html`)."""
        shutil.rmtree(self._docs, ignore_errors=True)
        shutil.rmtree(self._built, ignore_errors=True)
        sources = dict(self._nav)
        notfound = "404.html" if page is None else self._edition_notfound.get(page.url)
        if notfound is None:
            sources[staging.source_path(page.url)] = page
        staging.stage_pages(self._docs, sources, self._settings, self._named)
        config = self._config
        with staging.mkdocs_errors("MkDocs"):
            files = get_files(config)
            for file in self._theme_files:
                files.append(file)
            files = config.plugins.on_files(files, config=config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            for file in files.documentation_pages():
                if file.page is None:
                    Page(None, file, config)
                _populate_page(file.page, config, files)
            env = config.plugins.on_env(self._env, config=config, files=files)
            if notfound is not None:
                _build_theme_template(notfound, env, files, config, nav)
                return (self._built / notfound).read_text(encoding="utf-8")
            wanted = files.get_file_from_path(staging.source_path(page.url))
            _build_page(wanted.page, config, files.documentation_pages(), nav, env)
            return Path(wanted.abs_dest_path).read_text(encoding="utf-8")
