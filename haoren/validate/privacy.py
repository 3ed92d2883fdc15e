"""Personal-data detectors over text: resident IDs, phone numbers, e-mail, home addresses, bank cards.

Each line is NFKC-normalized first (full-width digits, letters and separators become ASCII),
then digits are read across separators (spaces, dashes, dots, brackets): `138 1234 5678`,
`１３８－１２３４－５６７８` and `+86 (138) 1234-5678` are one number. A number must start and
end on a group boundary, so `2020 13812345678` still holds the mobile number and an
order number of 14 digits is not read as a phone. Findings name the 0-based line of the
original text (lines are split on "\\n" only) and quote the hit masked, never in full.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, NamedTuple, Sequence

import phonenumbers
from stdnum import luhn, numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

KINDS = ("id_number", "mobile", "landline", "email", "address", "bank_card")
_PHONE_KINDS = frozenset({"mobile", "landline"})


@dataclass(frozen=True)
class Finding:
    """One piece of personal data on one line; `message` quotes it masked and says what to do."""

    line: int
    kind: str
    message: str


class _Hit(NamedTuple):
    """What a digit span is; `message` None means recognised as harmless (e.g. a credit code)."""

    kind: str
    message: str | None


# Cheap gates on the raw text, before NFKC. A number worth reading needs 5 characters that NFKC turns
# into ASCII digits (none gives more than 2 in a row); otherwise only an @ or an address word matters.
_DIGIT_LIKE = (
    r"[0-9\uff10-\uff19\U0001d7ce-\U0001d7ff\U0001fbf0-\U0001fbf9\u00b2\u00b3\u00b9\u00bc-\u00be"
    r"\u2070-\u209f\u2150-\u218f\u2460-\u24ff\u3220-\u33ff\U0001f100-\U0001f10f]"
)
_FIVE_DIGITS_RE = re.compile(rf"{_DIGIT_LIKE}(?:[^\w\n]{{0,3}}{_DIGIT_LIKE}){{4}}")
_AT_OR_ADDRESS_WORD_RE = re.compile(r"[@＠﹫单單栋棟幢楼樓\uf94c]")
# Lines without a building word, 单元 or a dashed room hold no address: skip the costlier pattern.
_BUILDING_WORD_RE = re.compile(r"[栋棟幢楼樓]")
_DASHED_ROOM_RE = re.compile(r"[0-9]-[0-9]{1,2}-[0-9]{3}")

_SEPARATOR = r"[ \t.\-()\u00b7\u2010-\u2015\u2212\u30fb]"
# A trailing X belongs to a number (ID check digit) only when no letter or digit follows it.
_GROUP = r"[0-9]+(?:[Xx](?![A-Za-z0-9]))?"
_GROUP_RE = re.compile(_GROUP)
# Up to three separators between groups covers "138 - 1234 - 5678" and "(0536) 8888888".
_RUN_RE = re.compile(rf"{_GROUP}(?:{_SEPARATOR}{{1,3}}{_GROUP})*")
_LONGEST_NUMBER = 19  # bank cards; IDs have 18, mobiles with 0086 15
_SHORTEST_NUMBER = 10  # a landline: 0, a 2-digit area code, 7 digits
_TEN_DIGITS_RE = re.compile(rf"[0-9](?:{_SEPARATOR}{{0,3}}[0-9]){{9}}")  # cheap gate before the runs

_EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})")

# Address words in Simplified and Traditional script (NFKC does not convert between them).
_NUMERAL = r"[0-9一二三四五六七八九十两兩〇零]"
_BUILDING = rf"(?<!{_NUMERAL}){_NUMERAL}{{1,4}}\s*(?:[号號][楼樓]|[栋棟幢])"
_UNIT = rf"(?<![第0-9一二三四五六七八九十两兩〇零]){_NUMERAL}{{1,3}}\s*[单單]元"
# A bare 3-4 digit room must not be a quantity: "3栋300多平米" is not an address.
_ROOM = r"(?:[0-9]{1,4}\s*室|[0-9]{3,4}(?![0-9]|[多余餘个個人名位元万萬千百亿億年月日天次家户戶条條间間件台辆輛平米岁歲%]))"
_JOIN = r"[\s\-]{0,2}"
_ESTATE = r"(?:小[区區]|花[园園]|家[园園]|公寓|新村|宿舍|社[区區]|苑)"
_ADDRESS_RE = re.compile(
    rf"{_BUILDING}{_JOIN}(?:{_UNIT}(?:{_JOIN}{_ROOM})?|{_ROOM})"
    rf"|{_UNIT}{_JOIN}{_ROOM}"
    rf"|{_ESTATE}\s*[0-9]{{1,3}}-[0-9]{{1,2}}-[0-9]{{3,4}}(?![0-9])"
)
# "市民之家3号楼507室" is an office, not a home: without 单元, an office word just before excuses it.
_OFFICE_RE = re.compile(
    r"大[厦廈楼樓]|中心|政府|机关|機關|委[员員]|局|[办辦]|公司|[学學]校|[医醫]院|写字楼|寫字樓|市民之家|[园園][区區]"
    r"|[广廣][场場]|酒店|[宾賓][馆館]"
)
_OFFICE_WINDOW = 12
_ALWAYS_HOME_RE = re.compile(r"[单單]元|-")  # offices have no 单元, and 12-3-501 is building-unit-room
_NUMERAL_RE = re.compile(_NUMERAL)

# GB/T 2260 province-level prefixes (81/82/83: Hong Kong, Macao, Taiwan residence permits).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)
_MOBILE_RE = re.compile(r"(?:0086|86)?(1[3-9][0-9]{9})")
_CARD_PREFIX_RE = re.compile(r"[3-6]|95")  # Amex/JCB, Visa, Mastercard, UnionPay (62, 60), old 95xx
_CREDIT_CODE_TYPES = frozenset("123459")  # second character of an all-digit credit code


def find_personal_data(text: str, *, allow_phones: bool = False, allow_emails: bool = False) -> list[Finding]:
    """Every piece of personal data in `text`, in line order.

    `allow_phones` admits mobile and landline numbers and `allow_emails` e-mail addresses: only for
    the office's own contact (a campaign's `notice.contact`, the footer's `contact`). ID numbers,
    cards and addresses are refused there too.
    """
    if not _may_hold_personal_data(text):
        return []
    findings: list[Finding] = []
    # Each line is gated and normalized alone: NFKC of a whole story (every full-width comma differs)
    # took 0.3 ms, most of a cold check's 10,000-story scan; few lines pass the gate. NFKC never
    # creates or merges a newline, so a line normalized alone is the same line of the text normalized.
    for index, line in enumerate(text.split("\n")):
        if not _may_hold_personal_data(line):
            continue
        for kind, message in _scan_line(unicodedata.normalize("NFKC", line)):
            if not (allow_phones and kind in _PHONE_KINDS or allow_emails and kind == "email"):
                findings.append(Finding(index, kind, message))
    return findings


def _may_hold_personal_data(text: str) -> bool:
    return bool(_FIVE_DIGITS_RE.search(text) or _AT_OR_ADDRESS_WORD_RE.search(text))


def _scan_line(line: str) -> list[tuple[str, str]]:
    hits: list[tuple[str, str]] = []
    if "@" in line:
        for match in _EMAIL_RE.finditer(line):
            hits.append(("email", _email_message(match)))
        # Digits inside an address (13812345678@163.com) are reported once, as the e-mail.
        line = _EMAIL_RE.sub(lambda m: "#" * len(m.group()), line)
    for match in _ADDRESS_RE.finditer(line) if _may_hold_address(line) else ():
        if _is_office(line, match):
            continue
        masked = _NUMERAL_RE.sub("*", match.group().strip())
        hits.append(("address", f'contains an exact home address "{masked}"; give at most the street and '
                                "community or village, never building, unit or room"))
    if _TEN_DIGITS_RE.search(line):
        for run in _RUN_RE.finditer(line):
            if len(run.group()) >= _SHORTEST_NUMBER:
                hits.extend(_scan_run(line, run))
    return hits


def _may_hold_address(line: str) -> bool:
    return bool("单元" in line or "單元" in line or _BUILDING_WORD_RE.search(line)
                or _DASHED_ROOM_RE.search(line))


def _is_office(line: str, match: re.Match[str]) -> bool:
    if _ALWAYS_HOME_RE.search(match.group()):
        return False
    return bool(_OFFICE_RE.search(line, max(0, match.start() - _OFFICE_WINDOW), match.start()))


def _email_message(match: re.Match[str]) -> str:
    local, domain = match.groups()
    return (f'contains an e-mail address "{local[0]}***@{domain}"; private e-mail addresses must not be '
            "published, remove it (only the office's own address, in a campaign's notice.contact or the "
            "footer contact)")


def _scan_run(line: str, run: re.Match[str]) -> list[tuple[str, str]]:
    """Numbers in one run of digit groups; each group belongs to at most one number."""
    groups = _GROUP_RE.findall(run.group())
    # "MA3C1234X5" or a hash in a link: digits glued to Latin letters are not a number on their own.
    glued_left = run.start() > 0 and _is_latin_letter(line[run.start() - 1])
    glued_right = run.end() < len(line) and _is_latin_letter(line[run.end()])
    hits: list[tuple[str, str]] = []
    start = 0
    while start < len(groups):
        found = None if (start == 0 and glued_left) else _classify_from(groups, start, glued_right)
        if found is None:
            start += 1
            continue
        start, hit = found
        if hit.message is not None:
            hits.append((hit.kind, hit.message))
    return hits


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _classify_from(groups: Sequence[str], start: int, glued_right: bool) -> tuple[int, _Hit] | None:
    """The first number starting at `groups[start]`, with the index of the group after it."""
    spans: list[tuple[int, str]] = []
    digits = ""
    for end in range(start + 1, len(groups) + 1):
        digits += groups[end - 1]
        if len(digits) > _LONGEST_NUMBER:
            break
        if len(digits) >= _SHORTEST_NUMBER and not (glued_right and end == len(groups)) \
                and not _is_dates(groups[start:end]):
            spans.append((end, digits.upper()))
        if not digits[-1].isdigit():  # an X ends the number
            break
    for detect in _DETECTORS:
        for end, number in reversed(spans):
            if number.isdigit() or detect in _ID_DETECTORS:
                hit = detect(number, groups[start:end])
                if hit is not None:
                    return end, hit
    return None


def _is_dates(groups: Sequence[str]) -> bool:
    """Whether groups read as dates Y[-M[-D]], e.g. "1993.10—2008.5" (which would join to 11 digits)."""
    if len(groups) < 2:
        return False
    index = 0
    while index < len(groups):
        if not (len(groups[index]) == 4 and groups[index].isdigit() and 1900 <= int(groups[index]) <= 2099):
            return False
        index += 1
        for limit in (12, 31):  # month, then day
            part = groups[index] if index < len(groups) else ""
            if len(part) <= 2 and part.isdigit() and 1 <= int(part) <= limit:
                index += 1
            else:
                break
    return True


def _mask(number: str) -> str:
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def _is_ric_shaped(number: str) -> bool:
    """18 characters with a known province prefix and a real birth date (1900-2099)."""
    if len(number) != 18 or number[:2] not in _PROVINCES or number[6:8] not in ("19", "20"):
        return False
    if not number[:17].isdigit():
        return False
    try:
        return 1900 <= ric.get_birth_date(number).year <= 2099
    except ValidationError:
        return False


def _checked_resident_id(number: str, groups: Sequence[str]) -> _Hit | None:
    """Resident ID number: 18 digits with the GB 11643 check digit (stdnum.cn.ric computes it), or a
    15-digit legacy number with a real birth date and an area code in stdnum's GB/T 2260 table.
    (stdnum.cn.ric.is_valid also wants the county to exist in the birth year, but IDs carry the code
    at issue, so it refuses real numbers such as 370705 奎文区, created 1994, for people born before.)"""
    if _is_ric_shaped(number) and ric.calc_check_digit(number) == number[-1]:
        return _Hit("id_number", f'contains a resident ID number "{_mask(number)}"; ID numbers must not be '
                                 "published, remove it")
    if len(number) == 15 and number[:2] in _PROVINCES:
        try:
            ric.get_birth_date(number[:6] + "19" + number[6:] + "0")  # the 18-digit form, sans check digit
        except ValidationError:
            return None
        if not _is_known_area(number[:6]):
            return None
        return _Hit("id_number", f'contains a 15-digit resident ID number "{_mask(number)}"; ID numbers must '
                                 "not be published, remove it")
    return None


def _is_known_area(code: str) -> bool:
    return any("county" in props for _, props in numdb.get("cn/loc").info(code))


def _unchecked_resident_id(number: str, groups: Sequence[str]) -> _Hit | None:
    """Looks like a resident ID (province and birth date fit) but the stdnum.cn.ric check digit
    does not match: a typo in a real number is still personal data."""
    if _is_ric_shaped(number):
        return _Hit("id_number", f'contains what looks like a resident ID number "{_mask(number)}" (its '
                                 "check digit does not match); ID numbers must not be published, remove it")
    return None


def _credit_code(number: str, groups: Sequence[str]) -> _Hit | None:
    """An organization's unified social credit code (GB 32100): written in one piece, a known type digit
    and area code, and the check character stdnum.cn.uscc computes. The structure keeps an 18-digit
    card that happens to pass the check from hiding as a credit code."""
    if len(groups) == 1 and len(number) == 18 and number[1] in _CREDIT_CODE_TYPES \
            and _is_known_area(number[2:8]) and uscc.is_valid(number):
        return _Hit("credit_code", None)
    return None


def _mobile(number: str, groups: Sequence[str]) -> _Hit | None:
    """Mobile number 1[3-9]x plus 8 digits, optionally after 86 or 0086. Shape only, no library:
    pinned metadata would miss newly opened prefixes, and here a miss is worse than a refusal."""
    match = _MOBILE_RE.fullmatch(number)
    if match is None:
        return None
    return _Hit("mobile", f'contains a mobile phone number "{_mask(match.group(1))}"; personal phone numbers '
                          "must not be published (only the office's own number, in a campaign's notice.contact or the footer contact)")


def _landline(number: str, groups: Sequence[str]) -> _Hit | None:
    """Landline: area code plus 7-8 digits, with the area code its own group unless the number is written
    in one piece. phonenumbers (pinned metadata) checks the area code and length are real."""
    if groups[0] in ("86", "0086") and len(groups) > 1:
        groups = [groups[1].removeprefix("0"), *groups[2:]]
    elif number.startswith("0"):
        groups = [groups[0][1:], *groups[1:]]
    else:
        return None
    national = "".join(groups)
    if len(groups) > 1 and not (2 <= len(groups[0]) <= 3 and 7 <= len(national) - len(groups[0]) <= 8):
        return None
    if not 9 <= len(national) <= 11:
        return None
    try:
        parsed = phonenumbers.parse("+86" + national)
    except phonenumbers.NumberParseException:
        return None
    kind = phonenumbers.number_type(parsed)
    fixed = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if not (phonenumbers.is_valid_number(parsed) and kind in fixed):
        return None
    return _Hit("landline", f'contains a landline number "{_mask("0" + national)}"; personal phone numbers '
                            "must not be published (only the office's own number, in a campaign's notice.contact or the footer contact)")


def _bank_card(number: str, groups: Sequence[str]) -> _Hit | None:
    """Bank card: 16-19 digits from a card network's range passing Luhn (stdnum.luhn checks it)."""
    if 16 <= len(number) <= 19 and _CARD_PREFIX_RE.match(number) and luhn.is_valid(number):
        return _Hit("bank_card", f'contains a bank card number "{_mask(number)}"; bank card numbers must not '
                                 "be published, remove it")
    return None


_Detector = Callable[[str, Sequence[str]], _Hit | None]
# Tried in this order, each on the longest span first. An 18-digit number with a province and a birth
# date is far likelier an ID with a typo than a card that happens to pass Luhn; a credit code is neither.
_DETECTORS: tuple[_Detector, ...] = (
    _checked_resident_id, _mobile, _landline, _credit_code, _unchecked_resident_id, _bank_card,
)
_ID_DETECTORS: tuple[_Detector, ...] = (_checked_resident_id, _credit_code, _unchecked_resident_id)
