"""Planning a publish: files added after the pages were planned are checked as the first ones were."""

from __future__ import annotations

import pytest

from haoren.publish.staging import PublishError, plan_pages, with_extras

from ..tiny_site import basic_pages


def test_files_added_later_may_not_overwrite_a_page_or_leave_the_site():
    plan = plan_pages(basic_pages(), {"feed.xml": b"<feed/>"})
    with pytest.raises(PublishError) as refused:
        with_extras(plan, {"404.html": b"x", "stories/liu-haitao/index.html": b"x", "../out.js": b"x"})
    assert str(refused.value).splitlines() == [
        "extra file '404.html' would overwrite the page /404.html",
        "extra file 'stories/liu-haitao/index.html' would overwrite the page /stories/liu-haitao/",
        "extra file '../out.js' is not a relative path inside the site",
    ]


def test_files_added_later_join_the_others_and_replace_one_of_the_same_path():
    plan = plan_pages(basic_pages(), {"feed.xml": b"<feed/>", "pagefind/old.js": b"old"})
    later = with_extras(plan, {"/pagefind/old.js": b"new", "pagefind/pagefind.js": b"js"})
    assert later.extras == {"feed.xml": b"<feed/>", "pagefind/old.js": b"new", "pagefind/pagefind.js": b"js"}
    assert later.sources == plan.sources and plan.extras["pagefind/old.js"] == b"old"
