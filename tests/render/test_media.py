"""Published media: only what published pages show, linked under the site's own path."""

from __future__ import annotations

import build

from ..sample_site import copy_sample_site

STORY_WITH_COVER = "qunfang-qunzhi-22wan-zhiyuanzhe"


def test_images_of_a_site_served_under_a_path_are_linked_under_that_path(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = copy_sample_site(tmp_path / "site")
    settings = site / "content/site.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("https://haoren.example.cn", "https://haoren.example.cn/wenming", 1),
                        encoding="utf-8")
    out = tmp_path / "out"
    assert build.main(["build", "--site", str(site), "--out", str(out), "--now", "2024-01-01"]) == 0
    page = (out / "stories" / STORY_WITH_COVER / "index.html").read_text(encoding="utf-8")
    assert 'srcset="/wenming/media/' in page
    assert 'src="/media/' not in page and 'srcset="/media/' not in page
