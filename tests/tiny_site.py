"""A tiny site folder and sample pages for the publishing tests."""

from __future__ import annotations

from pathlib import Path

from haoren.publish.site import publish
from haoren.render.pages import GeneratedPage
from haoren.schema import Footer, Settings

from .factories import make_settings as factory_settings

THEME = Path(__file__).resolve().parents[1] / "theme"


def make_settings(**changes) -> Settings:
    """The shared test settings, with the footer the theme tests look for."""
    footer = Footer(icp="鲁ICP备00000000号-1", police="鲁公网安备 00000000000000号", contact="联系我们：文明办",
                    lines=("示例站点",))
    values = dict(name="潍坊好人网", organizer="潍坊市文明办", undertaker="潍坊文明网", districts=("潍城区",),
                  footer=footer)
    return factory_settings(**{**values, **changes})


def page(url: str, title: str, body: str = "", kind: str = "story", **changes) -> GeneratedPage:
    return GeneratedPage(url=url, title=title, description=changes.pop("description", f"{title}的摘要"),
                         content_html=body or f"<h1>{title}</h1><p>正文。</p>", kind=kind, **changes)


def basic_pages(*extra: GeneratedPage) -> list[GeneratedPage]:
    return [
        page("/", "潍坊好人网", "<h1>首页</h1>", kind="home"),
        page("/stories/", "好人故事", "<h1>好人故事</h1>", kind="list"),
        page("/about/", "关于本站", "<h1>关于本站</h1>", kind="page"),
        page("/stories/liu-haitao/", "刘海涛：十年义务巡河", "<h1>刘海涛：十年义务巡河</h1><p>巡河十年。</p>"),
        page("/404.html", "页面不存在", "<h1>页面不存在</h1><p>请回到首页。</p>", kind="notfound"),
        *extra,
    ]


def make_site_folder(root: Path) -> Path:
    """A folder with only a mkdocs.yml that uses the repository's theme."""
    folder = root / "site-folder"
    folder.mkdir()
    (folder / "mkdocs.yml").write_text(
        f"site_name: 占位\ntheme:\n  name: material\n  custom_dir: {THEME}\n",
        encoding="utf-8",
    )
    return folder


def build(site: Path, pages=None, extra=None, settings=None, out: str = "site", **options) -> Path:
    """Publish `pages` (default: basic_pages()) into `site/<out>` and return that folder."""
    out_dir = site / out
    pages = basic_pages() if pages is None else pages
    publish(site, pages, extra or {}, settings or make_settings(), out_dir, **options)
    return out_dir


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
