"""Properties of the personal-data detectors: never crash, and always find a planted number on its line."""

from __future__ import annotations

import datetime
import unicodedata

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
# Characters NFKC turns into digits, separators or an @: circled, parenthesized, super- and subscript,
# fractions, ideographic telegraph signs, mathematical and segmented digits, small forms.
COMPATIBLE = st.sampled_from(list("⒇⑴①⓪⒈¹²³₁½⅒㈠㊱㍘𝟏🯱🄂﹫＠．－（）\u3000樓"))


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


@PRIVACY
@given(st.lists(st.text(alphabet=st.sampled_from(list("0123456789０１２３４５６７８９@.-— ()单元号楼栋室中文ab"))
                        | COMPATIBLE, max_size=60), max_size=6))
def test_each_line_is_judged_alone_and_as_its_ascii_form(lines):
    """What a line holds does not depend on the other lines (each is scanned alone, by design), and the
    compatibility forms of digits, separators and @ are found as the ASCII they stand for."""
    text = "\n".join(lines)
    found = [(f.line, f.kind, f.message) for f in find_personal_data(text)]
    alone = [(index, f.kind, f.message) for index, line in enumerate(lines) for f in find_personal_data(line)]
    assert found == alone
    ascii_form = unicodedata.normalize("NFKC", text)
    assert found == [(f.line, f.kind, f.message) for f in find_personal_data(ascii_form)]


# Each ASCII digit's other forms that NFKC turns into it: full-width, circled, superscript, subscript,
# mathematical bold and segmented.
DIGIT_FORMS = {
    digit: [chr(0xFF10 + value), "⓪" if value == 0 else chr(0x2460 + value - 1), "⁰¹²³⁴⁵⁶⁷⁸⁹"[value],
            chr(0x2080 + value), chr(0x1D7CE + value), chr(0x1FBF0 + value)]
    for value, digit in enumerate(DIGITS)
}


@PRIVACY
@given(st.data(), mobiles)
def test_a_mobile_number_in_any_digit_form_is_found_on_its_line(data, number):
    """A paste from a PDF or a poster may hold circled or styled digits; other lines may hold anything."""
    styled = "".join(data.draw(st.sampled_from([digit, *DIGIT_FORMS[digit]])) for digit in number)
    text, line = data.draw(planted(styled))
    other = data.draw(NOISE.map(lambda noise: noise.replace("\n", "")))
    text = f"{other}\n{text}"
    assert (line + 1, "mobile") in {(f.line, f.kind) for f in find_personal_data(text)}
