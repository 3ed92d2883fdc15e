"""An unchanged site is not validated twice; any change to a content file or image is checked again."""

from __future__ import annotations

import pytest

from haoren import pipeline
from haoren.problems import ProblemsFound

from ..sample_site import copy_sample_site


@pytest.fixture
def counted_checks(monkeypatch):
    calls = []
    real = pipeline.check_site

    def counting(site_dir):
        calls.append(site_dir)
        return real(site_dir)

    monkeypatch.setattr(pipeline, "check_site", counting)
    return calls


def test_a_second_check_of_an_unchanged_site_reuses_the_clean_result(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    first = pipeline.validated_content(site)
    second = pipeline.validated_content(site)
    assert len(counted_checks) == 1
    assert second == first


def test_a_changed_story_is_checked_again_and_its_problem_reported(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    story = site / "stories/2020/zhao-minghui-chengxin-shouliang.md"
    story.write_text(story.read_text(encoding="utf-8").replace("date: 2020-10-20", "date: 2020-02-30"),
                     encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        pipeline.validated_content(site)
    assert [str(p) for p in found.value.problems] == [
        'stories/2020/zhao-minghui-chengxin-shouliang.md:4: date: "2020-02-30" is not a valid date: '
        "February 2020 has 29 days"
    ]
    assert len(counted_checks) == 2


def test_a_deleted_image_is_noticed_although_no_text_file_changed(tmp_path, counted_checks):
    site = copy_sample_site(tmp_path / "site")
    pipeline.validated_content(site)
    cover = next((site / "content/images").glob("cover-*.jpg"))
    cover.unlink()
    with pytest.raises(ProblemsFound) as found:
        pipeline.validated_content(site)
    assert found.value.problems and all(cover.name in p.message for p in found.value.problems)
