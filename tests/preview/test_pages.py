"""The preview's pages are the build's pages: every URL, byte for byte, before and after a save."""

from __future__ import annotations

import tempfile
from pathlib import Path

from haoren import pipeline
from haoren.clock import read_clock
from haoren.preview.pages import SECTIONS
from haoren.preview.renderer import ModelPages
from haoren.preview.state import PreviewState
from haoren.publish.site import SECTION_URLS

from ..sample_site import copy_sample_site

NOW = read_clock("2024-01-01")
STORY = "stories/2020/zhao-minghui-chengxin-shouliang.md"
HONOREE = "honorees/people/zhao-minghui.yml"


def built_pages(site: Path, out: Path) -> dict[str, str]:
    """URL -> the HTML file `build` writes (as the old preview did: dev_serve, root-relative 404 assets)."""
    pipeline.build(site, NOW, out, dev_serve=True)
    pages = {"/404.html": (out / "404.html").read_text(encoding="utf-8"),
             "/zh-hant/404.html": (out / "zh-hant" / "404.html").read_text(encoding="utf-8")}
    for file in out.rglob("index.html"):
        folder = file.parent.relative_to(out).as_posix()
        pages["/" if folder == "." else f"/{folder}/"] = file.read_text(encoding="utf-8")
    return pages


def assert_same_pages(preview: ModelPages, built: dict[str, str]) -> None:
    differ = [url for url, html in sorted(built.items()) if preview.html(url)[1] != html]
    assert differ == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_page_is_the_one_the_build_writes_before_and_after_a_save(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    state = PreviewState(site, NOW)
    first = ModelPages(site, state.refresh().generation, None, tmp_path / "work", {})
    built = built_pages(site, tmp_path / "out-1")
    assert len(built) > 200  # both editions
    assert_same_pages(first, built)
    # A title on the home page, the lists, the 404 page and the honoree's page; a withdrawn consent.
    edit(site / STORY, "title: 赵明辉：", "title: 预览新标题赵明辉：")
    edit(site / HONOREE, "consent: {publish: true", "consent: {publish: false")
    second = ModelPages(site, state.refresh(other_files_changed=False).generation, first, tmp_path / "work", {})
    built = built_pages(site, tmp_path / "out-2")
    assert "/honorees/zhao-minghui/" not in built
    assert second.html("/honorees/zhao-minghui/")[0] == 404
    assert "预览新标题" in second.html("/")[1]
    assert_same_pages(second, built)


def test_the_preview_writes_nothing_outside_its_work_folder(tmp_path, monkeypatch):
    # Its server removes the work folder however it stops (Ctrl+C, SIGTERM); MkDocs' folder for the page
    # frame was made in the system's temporary folder, and stayed there whenever its frame was not closed.
    site = copy_sample_site(tmp_path / "site")
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    preview = ModelPages(site, PreviewState(site, NOW).refresh().generation, None, tmp_path / "work", {})
    assert preview.html("/stories/zhao-minghui-chengxin-shouliang/")[0] == 200
    assert preview.html("/zh-hant/")[0] == 200
    assert list(system_temp.iterdir()) == []
    assert [path.name for path in (tmp_path / "work").iterdir() if path.name.startswith("haoren-preview-")]


def test_a_save_with_a_mistake_keeps_the_last_good_model_and_says_what_is_wrong(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    state = PreviewState(site, NOW)
    good = state.refresh()
    edit(site / STORY, "date: 2020-10-20", "date: 2020/10/20")
    bad = state.refresh(other_files_changed=False)
    assert bad.generation is good.generation
    assert [str(problem) for problem in bad.problems] == [
        'stories/2020/zhao-minghui-chengxin-shouliang.md:4: date: "2020/10/20" is not a date '
        "(YYYY-MM-DD or YYYY-MM-DD HH:MM)"]
    assert bad.version > good.version
    edit(site / STORY, "date: 2020/10/20", "date: 2020-10-20")
    fixed = state.refresh(other_files_changed=False)
    assert fixed.problems == () and fixed.generation is not good.generation


def test_a_changed_template_or_theme_partial_shows_on_the_next_page(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    state = PreviewState(site, NOW)
    first = ModelPages(site, state.refresh().generation, None, tmp_path / "work", {})
    url = "/stories/zhao-minghui-chengxin-shouliang/"
    assert "hr-story--changed" not in first.html(url)[1]
    edit(site / "theme" / "haoren" / "story.html", '<article class="hr-story">',
         '<article class="hr-story hr-story--changed">')
    edit(site / "theme" / "partials" / "footer.html", '<footer class="md-footer hr-footer">',
         '<footer class="md-footer hr-footer hr-footer--changed">')
    second = ModelPages(site, state.refresh(False, theme_changed=True).generation, first, tmp_path / "work", {})
    page = second.html(url)[1]
    assert "hr-story--changed" in page and "hr-footer--changed" in page


def test_a_preview_started_after_a_check_reads_only_the_files_changed_since_and_shows_them(tmp_path, monkeypatch):
    from haoren.load import documents

    site = copy_sample_site(tmp_path / "site")
    pipeline.check(site, NOW)
    edit(site / STORY, "title: 赵明辉：", "title: 预览新标题赵明辉：")
    read = []
    real = documents._load_document
    monkeypatch.setattr(documents, "_load_document", lambda rel, *rest: read.append(rel) or real(rel, *rest))
    preview = ModelPages(site, PreviewState(site, NOW).refresh().generation, None, tmp_path / "work", {})
    assert read == ["content/site.yml", STORY]
    assert "预览新标题" in preview.html("/")[1]
    assert_same_pages(preview, built_pages(site, tmp_path / "out"))


def test_the_first_page_makes_the_indexes_its_header_shows_not_each_topic_roll_or_campaign(tmp_path, monkeypatch):
    """The header's tabs need each section's index page; at 10,000 stories making every topic's, roll's
    and campaign's pages to reach them took the preview's first page a second."""
    from haoren.render.pages.render import Renderer

    site = copy_sample_site(tmp_path / "site")
    preview = ModelPages(site, PreviewState(site, NOW).refresh().generation, None, tmp_path / "work", {})
    made: list[str] = []
    real = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, template, **values: made.append(template)
                        or real(self, template, **values))
    status, html = preview.html("/stories/zhao-minghui-chengxin-shouliang/")
    assert status == 200 and "收粮二十年" in html
    assert {"story.html", "topic_index.html", "roll_index.html", "campaign_index.html"} <= set(made)
    assert not {"topic.html", "roll.html", "campaign.html"} & set(made)


def test_each_sections_index_page_is_the_first_page_its_generator_makes(tmp_path, monkeypatch):
    """The preview walks a section's generator to the page asked for (preview.pages): a section's index
    page, which the header's tabs show, is made alone, whatever generator a section gets next."""
    from haoren.render.pages.render import Renderer

    site = copy_sample_site(tmp_path / "site")
    preview = ModelPages(site, PreviewState(site, NOW).refresh().generation, None, tmp_path / "work", {})
    made: list[str] = []
    real = Renderer.page
    monkeypatch.setattr(Renderer, "page", lambda self, template, **values: made.append(values["url"])
                        or real(self, template, **values))
    sections = [url for url in SECTION_URLS if url.strip("/").split("/")[0] in SECTIONS]
    assert len(sections) == len(SECTION_URLS) - 1  # all but /about/, a hand-written page
    for url in sections:
        del made[:]
        assert preview.page(url).url == url
        assert made == [url]
