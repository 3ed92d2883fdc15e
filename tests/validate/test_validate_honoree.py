"""Honoree files: kinds and what each needs, honors, periods, birth, categories, districts, consent."""

from __future__ import annotations

from datetime import date

from haoren.schema import Consent, Honor, Volunteer

from ..site_folder import ORGANIZATION, PERSON, content, problems, replaced


def person(*replacements: tuple[str, str], extra: str = "") -> str:
    return replaced(PERSON, *replacements, extra=extra)


def test_a_valid_person_becomes_an_honoree_with_parsed_fields(tmp_path):
    text = person(extra="birth: 1985-03\ngender: 男\nvolunteer: {hours: 1200, since: 2015}\n")
    [honoree] = content(tmp_path, {"honorees/people/zhang-san.yml": text}).honorees
    assert (honoree.id, honoree.path, honoree.kind) == ("zhang-san", "honorees/people/zhang-san.yml", "person")
    assert honoree.honors == (Honor(title="潍坊好人", level="city", period="2020-02"),)
    assert honoree.consent == Consent(publish=True, photo=False, date=date(2020, 3, 1))
    assert honoree.volunteer == Volunteer(hours=1200, since=2015)
    assert (honoree.birth, honoree.gender, honoree.deceased, honoree.minor) == ("1985-03", "男", False, False)


def test_traditional_and_variant_categories_are_normalized(tmp_path):
    files = {
        "honorees/a.yml": person(("category: 助人为乐", "category: 孝老愛親")),
        "honorees/b.yml": person(("category: 助人为乐", "category: 乐于助人")),
        "honorees/c.yml": person(("category: 助人为乐", "category: 愛崗敬業")),
        "honorees/d.yml": person(("category: 助人为乐", "category: 見義勇為")),
    }
    assert [h.category for h in content(tmp_path, files).honorees] == ["孝老爱亲", "助人为乐", "敬业奉献", "见义勇为"]


def test_an_unknown_category_lists_the_six(tmp_path):
    assert problems(tmp_path, {"honorees/a.yml": person(("category: 助人为乐", "category: 好人好事"))}) == [
        'honorees/a.yml:3: category: "好人好事" is not a category: one of 助人为乐, 见义勇为, 诚实守信, 敬业奉献, '
        "孝老爱亲, 志愿服务",
    ]


def test_a_bad_period_is_reported_as_in_the_contract(tmp_path):
    text = person(("  - {title: 潍坊好人, level: city, period: 2020-02}",
                   "  - title: 潍坊好人\n    level: city\n    period: 2020-13"))
    assert problems(tmp_path, {"honorees/liu-haitao.yml": text}) == [
        'honorees/liu-haitao.yml:10: honors[0].period: "2020-13" is not a month (YYYY-MM, YYYY-Qn or YYYY)',
    ]


def test_periods_are_a_month_a_quarter_or_a_year(tmp_path):
    honors = ("  - {title: 潍坊好人, level: city, period: 2020-02}",
              "  - {title: 潍坊好人, level: city, period: 2020-Q1}\n"
              "  - {title: 潍坊好人, level: city, period: 2020}\n"
              "  - {title: 潍坊好人, level: city, period: 2020-Q5}\n"
              "  - {title: 潍坊好人, level: city, period: 2020年}")
    assert problems(tmp_path, {"honorees/a.yml": person(honors)}) == [
        'honorees/a.yml:10: honors[2].period: "2020-Q5" is not a quarter (YYYY-MM, YYYY-Qn or YYYY)',
        'honorees/a.yml:11: honors[3].period: "2020年" is not a period (YYYY-MM, YYYY-Qn or YYYY)',
    ]


def test_honors_need_a_level_a_title_and_at_least_one_entry(tmp_path):
    files = {
        "honorees/a.yml": person(("{title: 潍坊好人, level: city, period: 2020-02}", "{level: town, period: 2020}")),
        "honorees/b.yml": person(("honors:\n  - {title: 潍坊好人, level: city, period: 2020-02}", "honors: []")),
    }
    assert problems(tmp_path, files) == [
        'honorees/a.yml:8: honors[0].level: "town" is not one of county, city, province, national',
        "honorees/a.yml:8: honors[0].title: is required",
        "honorees/b.yml:7: honors: has 0 entries; at least 1 needed",
    ]


def test_birth_is_a_year_or_a_month_never_a_full_date(tmp_path):
    files = {"honorees/a.yml": person(extra="birth: 1985-03-12\n"), "honorees/b.yml": person(extra="birth: 85\n")}
    assert problems(tmp_path, files) == [
        'honorees/a.yml:10: birth: "1985-03-12" is a full date: write YYYY or YYYY-MM, never a full birth date',
        'honorees/b.yml:10: birth: "85" is not a year or a month (YYYY or YYYY-MM)',
    ]


def test_lengths_of_headline_and_summary(tmp_path):
    text = person(("headline: 跳入河中救起落水儿童", "headline: " + "救" * 31),
                  ("summary: 张三路过河边时看见一名儿童落水，立即跳入河中将其救起，自己却被冻伤。", "summary: 太短的简介"))
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        "honorees/a.yml:4: headline: is 31 characters long; at most 30",
        "honorees/a.yml:5: summary: is 5 characters long; at least 20",
    ]


def test_district_comes_from_the_settings_and_gender_is_male_or_female(tmp_path):
    text = person(("district: 潍城区", "district: 潍城"), extra="gender: M\n")
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        'honorees/a.yml:6: district: "潍城" is not a district of this site (did you mean "潍城区"?)',
        'honorees/a.yml:10: gender: "M" is not one of 男, 女',
    ]


def test_what_each_kind_of_honoree_needs(tmp_path):
    files = {
        "honorees/group.yml": person(("kind: person", "kind: group"), ("category: 助人为乐\n", "")),
        "honorees/person.yml": person(extra="members: [张三]\nregistered: true\n"),
        "honorees/org.yml": ORGANIZATION.replace("registered: false\n", ""),
    }
    assert problems(tmp_path, files) == [
        "honorees/group.yml:1: category: is required for a group",
        "honorees/group.yml:1: members: is required for a group: list its members' names",
        "honorees/org.yml:1: registered: is required for an organization: is it a registered legal entity? "
        "write true or false",
        "honorees/person.yml:10: members: only a group has members, not a person",
        "honorees/person.yml:11: registered: only an organization is registered, not a person",
    ]


def test_a_blank_field_a_kind_needs_is_missing_on_its_own_line(tmp_path):
    files = {  # `field:` with nothing after it counts as absent, for every kind's own requirements too
        "honorees/group.yml": person(("kind: person", "kind: group"), ("category: 助人为乐", "category:"),
                                     extra="members:\n"),
        "honorees/person.yml": person(("category: 助人为乐", "category:")),
        "honorees/org.yml": ORGANIZATION.replace("registered: false", "registered:"),
    }
    assert problems(tmp_path, files) == [
        "honorees/group.yml:3: category: is required for a group",
        "honorees/group.yml:10: members: is required for a group: list its members' names",
        "honorees/org.yml:6: registered: is required for an organization: is it a registered legal entity? "
        "write true or false",
        "honorees/person.yml:3: category: is required for a person",
    ]


def test_consent_is_required_and_a_minor_needs_a_guardian(tmp_path):
    files = {
        "honorees/a.yml": person(("consent: {publish: true, photo: false, date: 2020-03-01}\n", "")),
        "honorees/b.yml": person(("date: 2020-03-01}", "guardian: false}"), extra="minor: true\n"),
        "honorees/c.yml": person(("date: 2020-03-01}", "date: 2020-03-01, guardian: true}"), extra="minor: true\n"),
    }
    assert problems(tmp_path, files) == [
        "honorees/a.yml:1: consent: is required",
        "honorees/b.yml:9: consent.date: is required",
        "honorees/b.yml:9: consent.guardian: a minor needs a guardian's consent: write guardian: true",
    ]


def test_volunteer_hours_are_whole_numbers_and_since_a_year(tmp_path):
    text = person(extra="volunteer:\n  hours: 1,200\n  since: 15\n")
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        'honorees/a.yml:11: volunteer.hours: "1,200" is not a whole number',
        'honorees/a.yml:12: volunteer.since: "15" is not a year (YYYY)',
    ]


def test_an_award_and_its_campaign_go_together(tmp_path):
    text = person(("{title: 潍坊好人, level: city, period: 2020-02}",
                   "{title: 最美志愿者, level: city, period: 2020-05, award: 最美志愿者}"))
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        "honorees/a.yml:8: honors[0].campaign: is required with award: name the campaign it was given in",
    ]


def test_video_needs_an_allowed_host_and_a_captions_file(tmp_path):
    text = person(extra="video: {url: 'https://www.youtube.com/watch?v=1', captions: video/zhang-san.vtt}\n")
    (tmp_path / "honorees/video").mkdir(parents=True)
    (tmp_path / "honorees/video/zhang-san.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n你好\n")
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        'honorees/a.yml:10: video.captions: "video/zhang-san.vtt" does not exist (did you mean "zhang-san.srt"?)',
        'honorees/a.yml:10: video.url: "https://www.youtube.com/watch?v=1" is not on an allowed video host '
        "(v.qq.com, player.bilibili.com, www.bilibili.com)",
    ]


def test_a_video_with_webvtt_captions_is_kept(tmp_path):
    text = person(extra="video:\n  url: https://v.qq.com/x/page/a.html\n  captions: a.vtt\n")
    (tmp_path / "honorees").mkdir()
    (tmp_path / "honorees/a.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n你好\n")
    [honoree] = content(tmp_path, {"honorees/a.yml": text}).honorees
    assert honoree.video.url == "https://v.qq.com/x/page/a.html"
    assert honoree.video.captions == (tmp_path / "honorees/a.vtt").resolve()


def test_consent_states_publishing_photos_and_its_date(tmp_path):
    text = person(("consent: {publish: true, photo: false, date: 2020-03-01}", "consent: {publish: true}"))
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        "honorees/a.yml:9: consent.date: is required",
        "honorees/a.yml:9: consent.photo: is required",
    ]
