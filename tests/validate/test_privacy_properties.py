"""Properties of the personal-data detectors: never crash, and always find a planted number on its line."""

from __future__ import annotations

import datetime

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric, uscc

from haoren.validate.privacy import KINDS, find_personal_data

# The first call loads stdnum's area-code table; a per-example deadline would make that flaky.
settings.register_profile("privacy", deadline=None)
PRIVACY = settings.get_profile("privacy")

DIGITS = "0123456789"
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5) | st.sampled_from(list("，。、；：？！“”《》（）"))
# What editors put between digits, before and after NFKC: spaces, dashes, dots, full-width forms.
SEPARATORS = st.sampled_from([" ", "-", ".", "\t", "\u3000", "－", "．", "—", "–", "·", " - "])
NOISE = st.text(
    alphabet=st.sampled_from(list("0123456789０１２３４５６７８９Xx@＠.-—　 ()（）+＋*:/单元号楼栋室小区第多\n中文abcMA")),
    max_size=200,
)


def digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=DIGITS, min_size=count, max_size=count)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(["11", "31", "37", "44", "51", "65"]))
    born = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)))
    body = province + draw(digits(4)) + born.strftime("%Y%m%d") + draw(digits(3))
    return body + ric.calc_check_digit(body + "0")


# 19x mobiles are left to the example tests: "1993.10-2008.5" shows why a 199 number split like a
# date range is read as dates.
mobiles = st.builds(lambda second, rest: "1" + second + rest, st.sampled_from("345678"), digits(9))


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["62", "60", "4", "5", "9558"]))
    length = draw(st.integers(16, 19))
    body = prefix + draw(digits(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


@st.composite
def written(draw: st.DrawFn, number: str) -> str:
    """`number` as an editor might type it: separators between some digits, some digits full-width."""
    out = []
    for index, char in enumerate(number):
        if index and char.isdigit() and draw(st.booleans()):
            out.append(draw(SEPARATORS))
        out.append(chr(ord(char) + 0xFEE0) if char.isdigit() and draw(st.booleans()) else char)
    return "".join(out)


@st.composite
def planted(draw: st.DrawFn, number_text: str) -> tuple[str, int]:
    """Random Chinese lines with `number_text` inserted at a random place; returns text and its line."""
    lines = draw(st.lists(st.text(alphabet=CHINESE, max_size=40), min_size=1, max_size=5))
    line = draw(st.integers(0, len(lines) - 1))
    cut = draw(st.integers(0, len(lines[line])))
    lines[line] = lines[line][:cut] + number_text + lines[line][cut:]
    return "\n".join(lines), line


@PRIVACY
@given(st.text() | NOISE, st.booleans())
def test_any_text_gives_findings_on_existing_lines(text, allow_phones):
    for finding in find_personal_data(text, allow_phones=allow_phones):
        assert finding.kind in KINDS
        assert 0 <= finding.line <= text.count("\n")


@PRIVACY
@given(st.data(), resident_ids())
def test_a_valid_resident_id_is_found_on_its_line(data, number):
    text, line = data.draw(planted(data.draw(written(number))))
    assert (line, "id_number") in {(f.line, f.kind) for f in find_personal_data(text)}


@PRIVACY
@given(st.data(), mobiles, st.sampled_from(["", "+86", "+86 ", "0086 ", "86-", "(+86)", "＋８６　"]))
def test_a_mobile_number_is_found_on_its_line_and_quoted_masked(data, number, prefix):
    text, line = data.draw(planted(prefix + data.draw(written(number))))
    messages = [f.message for f in find_personal_data(text) if (f.line, f.kind) == (line, "mobile")]
    assert messages and all(f'"{number[:3]}****{number[-4:]}"' in m and number not in m for m in messages)


@PRIVACY
@given(st.data(), bank_cards())
def test_a_luhn_valid_card_is_found_on_its_line(data, number):
    # 18 digits can be a valid card and a valid credit code at once; the credit code may win.
    assume(not uscc.is_valid(number))
    text, line = data.draw(planted(data.draw(written(number))))
    # An 18-digit card whose digits 7-14 read as a birth date is refused as a mistyped ID instead.
    assert {(f.line, f.kind) for f in find_personal_data(text)} & {(line, "bank_card"), (line, "id_number")}
