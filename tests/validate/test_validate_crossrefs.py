"""The cross-reference pass: ids named in one file exist in another, of the right kind; redirects."""

from __future__ import annotations

import os
import subprocess

from haoren.schema import Redirect

from ..site_folder import CAMPAIGN, ORGANIZATION, PERSON, STORY, TOPIC, content, problems, write_site


def story(*lines: str) -> str:
    return "---\ntitle: 标题\ndate: 2020-03-01\nsummary: 摘要\n" + "".join(f"{line}\n" for line in lines) + "---\n"


def honoree_with_honor(honor: str, base: str = PERSON) -> str:
    return base.replace("  - {title: 潍坊好人, level: city, period: 2020-02}", honor).replace(
        "  - {title: 最佳志愿服务组织, level: city, period: 2020-05}", honor)


SITE = {
    "honorees/people/li-si1.yml": PERSON,
    "honorees/orgs/chunyu.yml": ORGANIZATION,
    "content/topics/kangyi.yml": TOPIC,
    "content/campaigns/kangyi-2020.yml": CAMPAIGN,
}


def test_references_that_resolve_make_a_clean_site(tmp_path):
    files = dict(SITE, **{
        "stories/a.md": story("honorees: [li-si1, chunyu]", "topics: [kangyi]", "campaign: kangyi-2020"),
        "content/topics/kangyi.yml": TOPIC + "pinned: [a]\n",
        "honorees/people/wang.yml": honoree_with_honor(
            "  - {title: 最美志愿者, level: city, period: 2020-05, campaign: kangyi-2020, award: 最美志愿者}")
        + "volunteer: {hours: 120, organization: chunyu}\n",
    })
    result = content(tmp_path, files)
    assert result.stories[0].honorees == ("li-si1", "chunyu")
    assert result.topics[0].pinned == ("a",)


def test_a_story_names_honorees_topics_and_a_campaign_that_exist(tmp_path):
    files = dict(SITE, **{"stories/a.md": story("honorees: [li-si1, li-si]", "topics: [kangyl]", "campaign: kangyi")})
    assert problems(tmp_path, files) == [
        'stories/a.md:5: honorees[1]: no honoree "li-si" (did you mean "li-si1"?)',
        'stories/a.md:6: topics[0]: no topic "kangyl" (did you mean "kangyi"?)',
        'stories/a.md:7: campaign: no campaign "kangyi" (did you mean "kangyi-2020"?)',
    ]


def test_ids_in_lists_are_ids(tmp_path):
    files = dict(SITE, **{"stories/a.md": story("honorees: [李四]")})
    assert problems(tmp_path, files) == [
        'stories/a.md:5: honorees[0]: "李四" is not an id (lowercase letters, digits and single hyphens)',
    ]


def test_a_pinned_story_exists_and_is_in_the_topic(tmp_path):
    files = dict(SITE, **{"stories/a.md": story(), "content/topics/kangyi.yml": TOPIC + "pinned:\n  - a\n  - b\n"})
    assert problems(tmp_path, files) == [
        'content/topics/kangyi.yml:4: pinned[0]: story "a" is not in this topic: add "kangyi" to its topics',
        'content/topics/kangyi.yml:5: pinned[1]: no story "b"',
    ]


def test_an_award_is_one_of_its_campaigns_targets_for_the_honorees_kind(tmp_path):
    files = dict(SITE, **{
        "honorees/people/a.yml": honoree_with_honor(
            "  - {title: 最美志愿者, level: city, period: 2020-05, campaign: kangyi-2020, award: 最美志愿}"),
        "honorees/people/b.yml": honoree_with_honor(
            "  - {title: 最佳组织, level: city, period: 2020-05, campaign: kangyi-2020, award: 最佳志愿服务组织}"),
        "honorees/people/c.yml": honoree_with_honor(
            "  - {title: 最美志愿者, level: city, period: 2020-05, campaign: kangyi-2021, award: 最美志愿者}"),
    })
    assert problems(tmp_path, files) == [
        'honorees/people/a.yml:8: honors[0].award: campaign "kangyi-2020" has no award "最美志愿" '
        '(did you mean "最美志愿者"?)',
        'honorees/people/b.yml:8: honors[0].award: "最佳志愿服务组织" is awarded to an organization, not to a person',
        'honorees/people/c.yml:8: honors[0].campaign: no campaign "kangyi-2021" (did you mean "kangyi-2020"?)',
    ]


def test_a_volunteers_organization_is_an_honoree_of_kind_organization(tmp_path):
    files = dict(SITE, **{
        "honorees/people/a.yml": PERSON + "volunteer: {hours: 120, organization: li-si1}\n",
        "honorees/people/b.yml": PERSON + "volunteer:\n  hours: 120\n  organization: chun-yu\n",
    })
    assert problems(tmp_path, files) == [
        'honorees/people/a.yml:10: volunteer.organization: "li-si1" is a person, not an organization',
        'honorees/people/b.yml:12: volunteer.organization: no honoree "chun-yu" (did you mean "chunyu"?)',
    ]


def test_honoree_ids_are_unique_across_subfolders(tmp_path):
    files = dict(SITE, **{"honorees/groups/li-si1.yml": PERSON})
    assert problems(tmp_path, files) == [  # not in git: nothing tells which came first, so both
        'honorees/groups/li-si1.yml:1: id: "li-si1" is also the id of honorees/people/li-si1.yml; '
        "each honoree needs its own file name",
        'honorees/people/li-si1.yml:1: id: "li-si1" is also the id of honorees/groups/li-si1.yml; '
        "each honoree needs its own file name",
    ]


def git(site, *arguments, when="2020-01-01T00:00:00+08:00"):
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    identity = ["-c", "user.name=编辑", "-c", "user.email=editor@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, "-C", str(site), *arguments], check=True, capture_output=True,
                   env={**os.environ, **dates})


def test_in_git_the_file_added_later_is_blamed_whatever_its_folder(tmp_path):
    write_site(tmp_path, dict(SITE))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first")
    # Alphabetically first, but added a day later: the new file is the one to rename.
    write_site(tmp_path, {"honorees/groups/li-si1.yml": PERSON})
    assert problems(tmp_path, {}) == [
        'honorees/groups/li-si1.yml:1: id: "li-si1" is already the id of honorees/people/li-si1.yml; '
        "each honoree needs its own file name",
    ]
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "second", when="2020-01-02T00:00:00+08:00")
    assert problems(tmp_path, {})[0].startswith("honorees/groups/li-si1.yml:1: id: ")
    assert len(problems(tmp_path, {})) == 1


def test_redirects_are_read_in_order(tmp_path):
    files = dict(SITE, **{"stories/new.md": STORY,
                          "content/redirects.yml": "- {from: /stories/old/, to: /stories/new/}\n"
                                                   "- {from: /news/1.html, to: /topics/kangyi/}\n"})
    assert content(tmp_path, files).redirects == (
        Redirect(old="/stories/old/", new="/stories/new/"), Redirect(old="/news/1.html", new="/topics/kangyi/"))


def test_a_redirect_never_hides_a_current_address_and_leads_somewhere(tmp_path):
    redirects = """\
        - {from: /topics/kangyi/, to: /stories/new/}
        - from: /stories/old
          to: /stories/nwe/
        - {from: /stories/old/, to: /stories/new/}
        - {from: /stories/older/, to: /stories/old/}
        - {from: stories/x/, to: /honor-roll/2020-02/}
        - {from: /a/, to: /honor-roll/2021-02/}
        """
    files = dict(SITE, **{"stories/new.md": STORY, "content/redirects.yml": redirects})
    assert problems(tmp_path, files) == [
        'content/redirects.yml:1: redirects[0].from: "/topics/kangyi/" is a current address '
        "(content/topics/kangyi.yml); a redirect would hide it",
        'content/redirects.yml:3: redirects[1].to: "/stories/nwe/" is not an address of this site '
        '(did you mean "/stories/new/"?)',
        'content/redirects.yml:4: redirects[2].from: "/stories/old/" is already redirected by redirects[1]',
        'content/redirects.yml:5: redirects[3].to: "/stories/old/" is itself redirected; point to the final address',
        'content/redirects.yml:6: redirects[4].from: "stories/x/" is not a URL path on this site '
        "(like /stories/old-slug/)",
        'content/redirects.yml:7: redirects[5].to: "/honor-roll/2021-02/" is not an address of this site '
        '(did you mean "/honor-roll/2020-02/"?)',
    ]


def test_an_id_is_listed_once(tmp_path):
    files = dict(SITE, **{"stories/a.md": story("honorees:", "  - li-si1", "  - chunyu", "  - li-si1")})
    assert problems(tmp_path, files) == ['stories/a.md:8: honorees[2]: "li-si1" is listed twice']
