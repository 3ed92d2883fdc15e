"""Personal-data detectors: what an editor is told, on which line, and what is let through."""

from __future__ import annotations

import dataclasses

import pytest

from haoren.validate.privacy import Finding, find_personal_data


def test_a_mobile_number_is_reported_masked_with_what_to_do():
    assert find_personal_data("联系电话：13812345678") == [
        Finding(0, "mobile", 'contains a mobile phone number "138****5678"; personal phone numbers must '
                             "not be published (only the office's own number, in a campaign's notice.contact or the footer contact)"),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("身份证号370724198207063121", "id_number",
         'contains a resident ID number "370***********3121"; ID numbers must not be published, remove it'),
        ("身份证号370724198207063122", "id_number",
         'contains what looks like a resident ID number "370***********3122" (its check digit does not '
         "match); ID numbers must not be published, remove it"),
        ("老身份证370724820706312", "id_number",
         'contains a 15-digit resident ID number "370********6312"; ID numbers must not be published, '
         "remove it"),
        ("家里电话0536-8234567", "landline",
         'contains a landline number "053****4567"; personal phone numbers must not be published (only the '
         "office's own number, in a campaign's notice.contact or the footer contact)"),
        ("邮箱zhangsan@163.com", "email",
         'contains an e-mail address "z***@163.com"; private e-mail addresses must not be published, '
         "remove it (only the office's own address, in a campaign's notice.contact or the footer contact)"),
        ("家住幸福小区3号楼2单元501室", "address",
         'contains an exact home address "*号楼*单元***室"; give at most the street and community or village, '
         "never building, unit or room"),
        ("卡号6222 0216 0200 1234 568", "bank_card",
         'contains a bank card number "622************4568"; bank card numbers must not be published, '
         "remove it"),
    ],
)
def test_each_kind_has_its_message(text, kind, message):
    assert find_personal_data(text) == [Finding(0, kind, message)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("身份证37078119900101123X", "37078119900101123X"),
        ("+86 139 5366 1234", "13953661234"),
        ("(0536)8234567", "8234567"),
        ("卡号6217001234567890122", "6217001234567890122"),
        ("邮箱wang.mou@qq.com", "wang.mou"),
    ],
)
def test_messages_never_repeat_the_full_value(text, number):
    (finding,) = find_personal_data(text)
    assert number not in finding.message


def test_findings_name_the_original_line_even_after_full_width_normalization():
    text = "王某某是一名社区志愿者。\n\n服务时长1500小时。\n手机：１３８　１２３４　５６７８\n邮箱ｌｉ＠１２６．ｃｏｍ"
    assert [(f.line, f.kind) for f in find_personal_data(text)] == [(3, "mobile"), (4, "email")]


def test_windows_line_endings_keep_line_numbers():
    assert [f.line for f in find_personal_data("第一行\r\n第二行\r\n电话13812345678\r\n")] == [2]


def test_several_findings_on_one_line_are_all_reported():
    kinds = {f.kind for f in find_personal_data("王某，身份证370724198207063121，手机13812345678，家住5栋302")}
    assert kinds == {"id_number", "mobile", "address"}


def test_allow_phones_lets_the_office_phone_through_but_nothing_else():
    contact = "0536-8192345，13853661234，身份证370724198207063121，邮箱wmb@163.com"
    assert [f.kind for f in find_personal_data(contact, allow_phones=True)] == ["email", "id_number"]
    assert {f.kind for f in find_personal_data(contact)} == {"landline", "mobile", "email", "id_number"}
    assert [f.kind for f in find_personal_data(contact, allow_phones=True, allow_emails=True)] == ["id_number"]


@pytest.mark.parametrize(
    "text",
    [
        "1993.10—2008.5在潍坊某厂工作",  # joins to 19931020085, shaped like a 199 mobile
        "2020-03-25 2020-04-30",
        "统一社会信用代码913707051680123455",  # all digits, checked by stdnum.cn.uscc
        "统一社会信用代码91370700MA3C1234XJ",
        "订单号13812345678901",  # one piece of 14 digits, not a phone
        "SN13812345678",  # glued to letters
        "138****5678",
    ],
)
def test_numbers_that_are_not_personal_data_pass(text):
    assert find_personal_data(text) == []


def test_a_number_next_to_another_group_is_still_found():
    assert [f.kind for f in find_personal_data("2020 13812345678")] == ["mobile"]


def test_an_18_digit_id_shape_beats_a_luhn_coincidence():
    # 370724199001011230 fails the ID check digit but happens to pass Luhn: a mistyped ID, not a card.
    (finding,) = find_personal_data("370724199001011230")
    assert finding.kind == "id_number" and "looks like" in finding.message


def test_an_e_mail_made_of_a_phone_number_is_reported_once():
    assert [f.kind for f in find_personal_data("邮箱13812345678@139.com")] == ["email"]


def test_an_office_room_is_not_a_home_but_a_unit_always_is():
    assert find_personal_data("请到市民之家3号楼507室报名") == []
    assert [f.kind for f in find_personal_data("市民之家旁3号楼2单元507室")] == ["address"]


def test_traditional_script_addresses_are_found():
    assert [f.kind for f in find_personal_data("住在3號樓2單元501室")] == ["address"]


def test_text_without_digits_or_at_signs_has_nothing():
    assert find_personal_data("好人王某某二十年如一日照顾瘫痪的婆婆。") == []
    assert find_personal_data("") == []


def test_findings_are_frozen():
    finding = Finding(0, "mobile", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.line = 1  # type: ignore[misc]
