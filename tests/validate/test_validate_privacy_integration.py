"""Personal data is looked for in every text field, body, bio and captions file, at the editor's line."""

from __future__ import annotations

from haoren.validate.privacy import find_personal_data

from ..site_folder import CAMPAIGN, PERSON, SETTINGS, problems

MOBILE = "13812345678"
RESIDENT_ID = "11010519491231002X"


def message(text: str) -> str:
    [finding] = find_personal_data(text)
    return finding.message


def test_a_story_body_and_front_matter(tmp_path):
    story = f"---\ntitle: 标题\ndate: 2020-03-01\nsummary: 摘要\ntags: [志愿, 电话{MOBILE}]\n---\n\n正文。\n\n联系电话 {MOBILE}\n"
    assert problems(tmp_path, {"stories/a.md": story}) == [
        f"stories/a.md:5: tags[1]: {message(MOBILE)}",
        f"stories/a.md:10: body: {message(MOBILE)}",
    ]


def test_honoree_fields_and_the_lines_of_a_block_bio(tmp_path):
    text = (PERSON.replace("district: 潍城区", "district: 潍城区\nlocality: 幸福小区3号楼2单元501室")
            + f"bio: |\n  第一段。\n  身份证号{RESIDENT_ID}。\n")
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        f"honorees/a.yml:7: locality: {message('幸福小区3号楼2单元501室')}",
        f"honorees/a.yml:13: bio: {message(RESIDENT_ID)}",
    ]


def test_only_a_campaigns_notice_contact_may_hold_a_phone_number(tmp_path):
    text = CAMPAIGN.replace("contact: 0536-8888888", f"contact: 0536-8888888 {MOBILE}, address: 电话{MOBILE}")
    assert problems(tmp_path, {"content/campaigns/a.yml": text}) == [
        f"content/campaigns/a.yml:9: timeline.notice.address: {message(MOBILE)}",
    ]


def test_the_offices_email_is_allowed_in_notice_contact_and_footer_contact_only(tmp_path):
    email = "wmb@wf.gov.cn"
    campaign = CAMPAIGN.replace("contact: 0536-8888888", f"contact: 0536-8888888 {email}, address: 邮箱{email}")
    settings = SETTINGS + f"footer: {{contact: 联系我们 {email}, lines: [邮箱{email}]}}\n"
    assert problems(tmp_path, {"content/campaigns/a.yml": campaign, "content/site.yml": settings}) == [
        f"content/campaigns/a.yml:9: timeline.notice.address: {message(email)}",
        f"content/site.yml:7: footer.lines[0]: {message(email)}",
    ]


def test_a_full_width_mobile_number_is_caught(tmp_path):
    full_width = "１３８－１２３４－５６７８"
    story = f"---\ntitle: 电话{full_width}\ndate: 2020-03-01\nsummary: 摘要\n---\n"
    assert problems(tmp_path, {"stories/a.md": story}) == [f"stories/a.md:2: title: {message(full_width)}"]


def test_a_captions_file_is_published_text_too(tmp_path):
    text = PERSON + "video:\n  url: https://v.qq.com/x/a.html\n  captions: a.vtt\n"
    (tmp_path / "honorees").mkdir()
    (tmp_path / "honorees/a.vtt").write_text(f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n打{MOBILE}\n")
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        f'honorees/a.yml:12: video.captions: line 4 of "a.vtt" {message(MOBILE)}',
    ]
