"""Lifecycle facts are only validated here: drafts, withdrawn consent, the deceased, scheduled dates."""

from __future__ import annotations

from ..site_folder import PERSON, content, problems

STORY = "---\ntitle: 标题\ndate: {date}\nsummary: 摘要\ndraft: {draft}\nhonorees: [zhang-san]\n---\n"


def test_a_draft_a_scheduled_story_and_a_withdrawn_honoree_are_valid_content(tmp_path):
    withdrawn = PERSON.replace("publish: true", "publish: false")
    files = {
        "stories/draft.md": STORY.format(date="2020-03-01", draft="true"),
        "stories/later.md": STORY.format(date="2099-01-01 08:00", draft="false"),
        "honorees/zhang-san.yml": withdrawn + "deceased: true\n",
    }
    result = content(tmp_path, files)
    assert [(story.slug, story.draft) for story in result.stories] == [("draft", True), ("later", False)]
    [honoree] = result.honorees
    assert (honoree.consent.publish, honoree.deceased) == (False, True)


def test_lifecycle_flags_are_booleans(tmp_path):
    files = {
        "stories/a.md": STORY.format(date="2020-03-01", draft="no"),
        "honorees/zhang-san.yml": PERSON.replace("publish: true", "publish: withdrawn") + "deceased: 1\nminor: on\n",
    }
    assert problems(tmp_path, files) == [
        'honorees/zhang-san.yml:9: consent.publish: "withdrawn" is not a yes/no value: write true or false',
        'honorees/zhang-san.yml:10: deceased: "1" is not a yes/no value: write true or false',
        'honorees/zhang-san.yml:11: minor: "on" is ambiguous: write true or false',
        'stories/a.md:5: draft: "no" is ambiguous: write true or false',
    ]
