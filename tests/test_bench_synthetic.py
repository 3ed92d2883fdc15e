"""The benchmark's synthetic site: the requested size, the content contract, no personal data, deterministic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bench.prose import count_han
from bench.synthetic import SAMPLE_SITE, enable_traditional_edition, generate_site, single_edition
from haoren.validate.privacy import find_personal_data
from haoren.validate.site import check_site

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PERIOD = re.compile(r"^(2019|2020|2021)(-(0[1-9]|1[0-2])|-Q[1-4])?$")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "site"
    generated = generate_site(root, stories=60, honorees=40, seed=3)
    assert (generated.stories, generated.honorees, generated.campaigns, generated.topics) == (60, 40, 5, 20)
    return root


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body


def test_writes_the_requested_number_of_each_kind(site):
    assert len(list(site.glob("stories/**/*.md"))) == 60
    assert len(list(site.glob("honorees/**/*.yml"))) == 40
    assert len(list(site.glob("content/campaigns/*.yml"))) == 5
    assert len(list(site.glob("content/topics/*.yml"))) == 20
    sample_settings = (SAMPLE_SITE / "content" / "site.yml").read_text(encoding="utf-8")
    assert (site / "content" / "site.yml").read_text(encoding="utf-8") == single_edition(sample_settings)
    assert "editions:" not in single_edition(sample_settings)  # the baseline is the site's own edition
    assert (site / "mkdocs.yml").is_file() and (site / "theme" / "main.html").is_file()


def test_the_validator_finds_no_problem(site):
    content, problems = check_site(site)
    assert [str(problem) for problem in problems] == []
    assert content is not None


def test_with_the_traditional_edition_on_every_name_is_decided(tmp_path):
    root = tmp_path / "site"
    generate_site(root, stories=20, honorees=30, seed=5)
    assert enable_traditional_edition(root) > 0
    content, problems = check_site(root)
    assert [str(problem) for problem in problems] == []
    assert "zh-Hant" in content.settings.editions


def test_stories_are_chinese_articles_of_realistic_length(site):
    for path in site.glob("stories/**/*.md"):
        meta, body = front_matter(path)
        assert SLUG.match(path.stem), path
        assert len(meta["title"]) <= 64 and 1 <= len(meta["summary"]) <= 200, path
        assert 1500 <= count_han(body) <= 3000, path
        assert 2 <= body.count("\n## ") <= 3, path


def test_some_stories_are_drafts_and_some_scheduled(site):
    metas = [front_matter(path)[0] for path in site.glob("stories/**/*.md")]
    assert sum(meta.get("draft") is True for meta in metas) == 2  # 3% of 60
    assert sum(str(meta["date"]).startswith("2030") for meta in metas) == 1


def test_honorees_have_honors_spread_over_2019_to_2021(site):
    districts = yaml.safe_load((site / "content" / "site.yml").read_text(encoding="utf-8"))["districts"]
    periods, withdrawn = [], 0
    for path in site.glob("honorees/**/*.yml"):
        honoree = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert len(honoree["headline"]) <= 30 and 40 <= len(honoree["summary"]) <= 200, path
        assert honoree["district"] in districts
        periods += [str(honor["period"]) for honor in honoree["honors"]]
        withdrawn += honoree["consent"]["publish"] is False
    assert all(PERIOD.match(period) for period in periods), periods
    assert {len(period) for period in periods} == {4, 7}  # years, and months or quarters
    assert any("-Q" in period for period in periods)
    assert withdrawn == 1


def test_no_file_holds_anything_the_privacy_checker_refuses(site):
    for path in [*site.glob("stories/**/*.md"), *site.glob("honorees/**/*.yml"), *site.glob("content/*/*.yml")]:
        assert find_personal_data(path.read_text(encoding="utf-8")) == [], path


def test_the_same_seed_writes_the_same_site_and_another_seed_a_different_one(tmp_path):
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    generate_site(tmp_path / "a", stories=12, honorees=8, seed=5)
    generate_site(tmp_path / "b", stories=12, honorees=8, seed=5)
    generate_site(tmp_path / "c", stories=12, honorees=8, seed=6)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")
