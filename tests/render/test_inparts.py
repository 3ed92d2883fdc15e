"""Pages made on two cores are the pages one process makes, with the same cards, posters, QR codes and problems."""

from __future__ import annotations

import os
import threading
import subprocess
import sys
from pathlib import Path

import pytest

from haoren import pipeline
from haoren.drawing.qrcodes import QrCodes
from haoren.model.related import RelatedStories
from haoren.model.site import build_site
from haoren.problems import ProblemsFound
from haoren.render.pages import generate_pages, inparts
from haoren.render.pages.memo import PageMemo
from haoren.render.pages.render import RenderContext, Renderer
from haoren.render.pages.sharemeta import poster_urls, shareable_urls
from haoren.render.sharing import SharePlan

from ..factories import at, make_content, make_honoree, make_story
from ..sample_site import copy_sample_site


@pytest.fixture
def forked_parts(monkeypatch):
    """Every site is big enough for two parts; the forked part's results, as this process received them."""
    monkeypatch.setattr(inparts, "PARALLEL_FROM", 0)
    # A build forks only without other threads; an earlier test's thread (a preview's server) must not
    # turn these tests into one-process ones.
    monkeypatch.setattr(inparts, "can_fork", lambda: True)
    received = []
    apply = inparts._apply

    def recording(r, result):
        received.append(result)
        apply(r, result)

    monkeypatch.setattr(inparts, "_apply", recording)
    return received


def made(site, font, cache_dir, workers):
    """The pages, the cards and posters they asked for, and the QR codes kept for the next build."""
    codes = QrCodes(cache_dir)
    codes.prepare(shareable_urls(site), posters=poster_urls(site))
    drawings = SharePlan(site.settings, font, qr=codes.modules)
    pages = generate_pages(site, RenderContext(drawings=drawings, qr_svg=codes.svg, workers=workers))
    codes.save()
    saved = {path.name: path.read_bytes() for path in cache_dir.rglob("*") if path.is_file()}
    return pages, dict(drawings.asked()), saved


def test_the_sample_sites_pages_made_on_two_cores_equal_those_made_in_one(tmp_path, font, forked_parts):
    site = build_site(pipeline.validated_content(copy_sample_site(tmp_path / "site")), at("2020-12-15"))
    one = made(site, font, tmp_path / "one", workers=1)
    assert forked_parts == []
    two = made(site, font, tmp_path / "two", workers=2)
    [forked] = forked_parts  # a good share of the pages were made there, with their effects
    assert len(forked.pages) > len(one[0]) / 4 and forked.drawings
    assert [page.url for page in two[0]] == [page.url for page in one[0]]
    assert two[0] == one[0]
    assert two[1] == one[1]  # every card and poster, each named once
    assert two[2] == one[2]  # the QR codes kept for the next build, no more, no fewer


def test_related_stories_ranked_in_the_forked_part_are_kept_without_ranking_them_here_again(
        tmp_path, forked_parts, monkeypatch):
    content = pipeline.validated_content(copy_sample_site(tmp_path / "site"))
    site = build_site(content, at("2020-12-15"))
    generate_pages(site, RenderContext(workers=2))
    [forked] = forked_parts
    assert forked.rankings  # the stories whose pages were made there were ranked there
    ranked_here = []
    rank = RelatedStories._rank
    monkeypatch.setattr(RelatedStories, "_rank",
                        lambda self, number: ranked_here.append(number) or rank(self, number))
    kept = site.related.rankings()  # what the build keeps for the next (model.rankingcache)
    assert ranked_here == []
    monkeypatch.setattr(RelatedStories, "_rank", rank)
    assert kept == build_site(content, at("2020-12-15")).related.rankings()  # as one process ranks them


def test_an_edits_few_searched_pages_are_made_here_and_its_lists_on_two_cores(tmp_path, forked_parts,
                                                                              monkeypatch):
    monkeypatch.setattr(inparts, "PARALLEL_FROM", 6)
    stories = tuple(make_story(f"s{n}", f"2020-0{n + 1}-01") for n in range(8))
    site = build_site(make_content(stories=stories), at("2020-12-01"))

    def made(searched_pages):
        memo = PageMemo(tmp_path / "memo", "tag")
        pages = generate_pages(site, RenderContext(workers=2), memo, searchable=searched_pages.extend)
        memo.save()
        return pages

    first = made([])
    assert len(forked_parts) == 2  # every page is new: the searched ones and the lists, each on two cores
    forked_parts.clear()
    searched: list = []
    again = made(searched)  # every story page given back: the search page alone is left to make
    [lists] = forked_parts
    assert "/search/" not in [page.url for page in lists.pages]
    assert "/search/" in [page.url for page in searched]
    assert again == first


def test_texts_refused_in_either_part_are_all_reported(forked_parts):
    content = make_content(
        stories=tuple(make_story(f"bad-{n}", body="开头\n\n" + "[a" * 2000, body_line=9) for n in range(4)),
        honorees=(make_honoree("deep", bio="> " * 20 + "引用"),),
    )
    site = build_site(content, at("2020-06-01"))
    with pytest.raises(ProblemsFound) as in_one:
        generate_pages(site, RenderContext(workers=1))
    with pytest.raises(ProblemsFound) as in_two:
        generate_pages(site, RenderContext(workers=2))
    assert [problem.path for problem in forked_parts[0].problems]  # some were found in the forked part
    assert in_two.value.problems == in_one.value.problems
    assert [str(problem).split(":")[0] for problem in in_two.value.problems] == [
        "honorees/deep.yml", "stories/bad-0.md", "stories/bad-1.md", "stories/bad-2.md", "stories/bad-3.md"]


def test_a_failure_in_the_forked_part_is_raised_here_with_its_traceback(forked_parts):
    site = build_site(make_content(stories=(make_story("a"),)), at("2020-06-01"))

    def broken(r):
        raise ValueError("a template bug")

    def fine(r):
        return ()

    with pytest.raises(inparts.PartFailed) as failed:
        inparts.run_jobs(Renderer(site, RenderContext(workers=2)), [fine, broken])
    assert str(failed.value) == "ValueError: a template bug"  # one line, as a one-process build says it
    cause = str(failed.value.__cause__)  # shown with HAOREN_DEBUG=1
    assert cause.startswith("Traceback") and 'raise ValueError("a template bug")' in cause
    assert forked_parts == []


def test_a_failure_here_ends_the_forked_part_however_much_it_has_to_send(tmp_path):
    # The forked part's pages fill the pipe long before this process would read them: when this
    # process fails first, the part must end, not wait on a full pipe (and the build with it).
    script = tmp_path / "fails_here.py"
    script.write_text(
        "import sys\n"
        "from haoren.model.site import build_site\n"
        "from haoren.render.pages import GeneratedPage, inparts\n"
        "from haoren.render.pages.render import RenderContext, Renderer\n"
        "from tests.factories import at, make_content, make_story\n"
        "inparts.PARALLEL_FROM = 0\n"
        "inparts.can_fork = lambda: True\n"
        "site = build_site(make_content(stories=(make_story('a'),)), at('2020-06-01'))\n"
        "r = Renderer(site, RenderContext(workers=2))\n"
        "def broken(r):\n"
        "    raise ValueError('a template bug')\n"
        "def big(r):\n"
        "    return [GeneratedPage(url='/x/', title='x', description='', content_html='x' * 2_000_000, kind='page')]\n"
        "try:\n"
        "    inparts.run_jobs(r, [broken, big])\n"
        "except ValueError as failed:\n"
        "    sys.exit(f'raised: {failed}')\n"
    )
    root = Path(__file__).parents[2]
    ran = subprocess.run([sys.executable, str(script)], cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                         capture_output=True, text=True, timeout=120, start_new_session=True)
    assert (ran.returncode, ran.stderr.strip().splitlines()[-1]) == (1, "raised: a template bug")


def test_markdown_rendered_late_in_the_forked_part_is_kept_here(forked_parts):
    site = build_site(make_content(stories=(make_story("a"),)), at("2020-06-01"))
    r = Renderer(site, RenderContext(workers=2))

    def late(r):
        r.markdown("**迟到的文字**", "stories/a.md", 1, "body")
        return ()

    inparts.run_jobs(r, [lambda r: (), late])
    assert forked_parts[0].markdown == {"**迟到的文字**": "<p><strong>迟到的文字</strong></p>"}
    assert r.rendered["**迟到的文字**"] == "<p><strong>迟到的文字</strong></p>"


def test_a_forked_part_that_dies_without_a_word_is_a_failure_not_a_hang(forked_parts, monkeypatch):
    site = build_site(make_content(stories=(make_story("a"),)), at("2020-06-01"))
    monkeypatch.setattr(inparts, "_made", lambda r, jobs: os._exit(9))  # as the kernel's OOM killer would

    with pytest.raises(inparts.PartFailed) as failed:
        inparts.run_jobs(Renderer(site, RenderContext(workers=2)), [lambda r: (), lambda r: ()])
    assert str(failed.value) == "the process making half the pages ended without them (exit code 9)"


def test_the_lists_are_made_on_two_cores_though_the_search_index_starts_with_them(tmp_path, monkeypatch):
    monkeypatch.setattr(inparts, "PARALLEL_FROM", 0)
    others = threading.active_count()  # an earlier test's threads are not this build's
    monkeypatch.setattr(inparts, "can_fork", lambda: threading.active_count() == others)
    received = []
    apply = inparts._apply
    monkeypatch.setattr(inparts, "_apply", lambda r, result: received.append(result) or apply(r, result))
    indexing = threading.Event()

    def searchable(pages):  # as the build's: a thread that indexes them while the lists are made
        threading.Thread(target=indexing.wait, args=(30,), daemon=True).start()

    site = build_site(pipeline.validated_content(copy_sample_site(tmp_path / "site")), at("2020-12-15"))
    try:
        pages = generate_pages(site, RenderContext(workers=2), searchable=searchable)
    finally:
        indexing.set()
    searched, lists = received  # a forked part for each: the searched pages, then the lists
    assert {"story", "honoree"} <= {page.kind for page in searched.pages}
    assert {"home", "roll"} & {page.kind for page in lists.pages}  # the forked half of the lists' jobs
    assert not {"home", "roll"} & {page.kind for page in searched.pages}
    assert pages == generate_pages(site, RenderContext(workers=1))
