"""Topic files and hand-written pages: required fields, ids and page addresses."""

from __future__ import annotations

from ..site_folder import TOPIC, content, problems

PAGE = "---\ntitle: 关于我们\n---\n\n正文。\n"


def test_a_valid_topic_becomes_a_topic(tmp_path):
    [topic] = content(tmp_path, {"content/topics/kangyi.yml": TOPIC}).topics
    assert (topic.id, topic.title, topic.description, topic.cover, topic.pinned) == (
        "kangyi", "抗疫中的文明故事", "专题说明。", None, ())


def test_a_topic_needs_a_title_and_a_description(tmp_path):
    assert problems(tmp_path, {"content/topics/kangyi.yml": "pinned: []\ntitle: " + "专" * 65 + "\n"}) == [
        "content/topics/kangyi.yml:1: description: is required",
        "content/topics/kangyi.yml:2: title: is 65 characters long; at most 64",
    ]


def test_topic_ids_come_from_the_file_name(tmp_path):
    assert problems(tmp_path, {"content/topics/KangYi.yml": TOPIC}) == [
        'content/topics/KangYi.yml:1: id: "KangYi" (the file name) is not an id: lowercase letters, digits and '
        "single hyphens, at most 80 characters; rename the file to kangyi.yml",
    ]


def test_a_page_is_published_at_its_path_under_content_pages(tmp_path):
    result = content(tmp_path, {"content/pages/about.md": PAGE, "content/pages/help/faq.md": PAGE})
    assert [(page.path, page.url, page.title, page.body_line) for page in result.pages] == [
        ("content/pages/about.md", "/about/", "关于我们", 4),
        ("content/pages/help/faq.md", "/help/faq/", "关于我们", 4),
    ]


def test_a_page_needs_a_title_and_only_a_title(tmp_path):
    assert problems(tmp_path, {"content/pages/about.md": "---\ntitel: 关于\n---\n"}) == [
        'content/pages/about.md:2: titel: unknown field (did you mean "title"?)',
        "content/pages/about.md:2: title: is required",
    ]


def test_a_page_address_is_ascii_and_not_a_generated_section(tmp_path):
    assert problems(tmp_path, {"content/pages/关于.md": PAGE, "content/pages/stories/x.md": PAGE}) == [
        'content/pages/stories/x.md:1: url: "/stories/" belongs to the generated site; move the page',
        'content/pages/关于.md:1: url: "关于" in the file path is not a URL segment (lowercase letters, digits and '
        "single hyphens)",
    ]
