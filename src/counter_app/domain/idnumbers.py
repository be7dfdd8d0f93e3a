"""Identity document numbers: normalisation and validation of the numbers a clerk types.

Four kinds of number share this module because they share one shape or one checksum:

* 公民身份号码 (GB 11643-1999): 6-digit address code (GB/T 2260) + birth date ``YYYYMMDD`` + 3-digit
  sequence (odd = male, even = female) + check character (ISO 7064 MOD 11-2, ``0``-``9`` or ``X``).
* 港澳台居民居住证 (residence permits for Hong Kong, Macao and Taiwan residents): the same 18-character
  format with the address code 810000 (HK), 820000 (Macao) or 830000 (Taiwan).
* 外国人永久居留身份证, 2023 version (issued since 2023-12-01): 18 digits with the same MOD 11-2 check
  character, but the embedded fields differ from a citizen's number: ``9`` (marks a foreigner) +
  2-digit province code of the accepting office + 3-digit numeric nationality code + birth date
  ``YYYYMMDD`` + 3-digit sequence + check character. Its sequence is not documented as carrying the
  sex, so no sex is derived from it.
* 外国人永久居留身份证, 2017 version: 15 characters, 3 Latin letters (nationality) + 12 digits. Its
  check-digit rule is not published in a source we could verify, so only the shape is checked.

Every check returns problems as values (:class:`~counter_app.domain.problems.Problem`); nothing here
raises on bad input, however odd (10 kB strings, control characters, emoji). Problem codes are stable:

=========================  ==========================================================================
``id.empty``               nothing typed (after removing spaces)
``id.chars``               a character that cannot appear at that position
``id.length``              wrong number of characters for the kind
``id.checksum``            check character does not match (the message names the expected one)
``id.address``             address code unknown (or, for the 2023 foreign number, province code unknown)
``id.birth_date_invalid``  birth date that does not exist (e.g. 19900230) or is implausibly early
``id.birth_date_future``   birth date after ``today``
``id.kind_mismatch``       a valid-looking number of another kind than the one chosen
=========================  ==========================================================================
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from counter_app.domain.problems import DEFAULT_LANG, CheckResult, Problem

__all__ = [
    "IdKind",
    "IdCheck",
    "KIND_LABELS",
    "normalize_id_number",
    "mod11_2_check_char",
    "check_id_number",
    "guess_resident_kind",
    "region_code_known",
    "describe_char",
]

# ISO 7064 MOD 11-2 as GB 11643 states it: weight of position i (1-based from the left) is
# 2^(18-i) mod 11; the check character is this table indexed by the weighted sum mod 11.
_WEIGHTS_17 = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# Birth dates before this year are not plausible for a living applicant (the oldest documented
# people were born in the 1870s); a year like 0990 is a typing slip, not a person.
_EARLIEST_BIRTH_YEAR = 1880

#: Address codes of the residence permits, by kind. Taiwan's 830000 is not a GB/T 2260 county code,
#: which is why it is not in python-stdnum's table.
PERMIT_ADDRESS_CODES = {"810000": "hk", "820000": "mo", "830000": "tw"}


class IdKind(StrEnum):
    """Which number the clerk says this is (``check-id --type``)."""

    CITIZEN = "citizen"   # 公民身份号码
    HK = "hk"             # 港澳台居民居住证 (香港), address code 810000
    MO = "mo"             # 港澳台居民居住证 (澳门), address code 820000
    TW = "tw"             # 港澳台居民居住证 (台湾), address code 830000
    FOREIGN = "foreign"   # 外国人永久居留身份证, 2023 (18 digits) or 2017 (15 characters) version


#: (Chinese, English) name of each kind, for messages and the CLI.
KIND_LABELS = {
    IdKind.CITIZEN: ("公民身份号码", "citizen ID number"),
    IdKind.HK: ("香港居民居住证号码", "Hong Kong residence permit number"),
    IdKind.MO: ("澳门居民居住证号码", "Macao residence permit number"),
    IdKind.TW: ("台湾居民居住证号码", "Taiwan residence permit number"),
    IdKind.FOREIGN: ("外国人永久居留身份证号码", "foreign permanent residence ID number"),
}


@dataclass(frozen=True, slots=True)
class IdCheck(CheckResult):
    """A :class:`CheckResult` plus what the number tells about its holder.

    ``sex`` ("1" male / "2" female, GB/T 2261.1) and ``birth_date`` are set only when they could be
    read from a number whose structure is sound (they may be set even if e.g. the checksum failed,
    so that a GUI can still cross-check); ``valid`` tells whether the number as a whole is good.
    ``version`` is "2023" or "2017" for foreign numbers, else ``None``.
    """

    kind: IdKind = IdKind.CITIZEN
    sex: str | None = None
    birth_date: dt.date | None = None
    version: str | None = None

    def as_dict(self, lang: str = DEFAULT_LANG) -> dict:
        d = CheckResult.as_dict(self, lang)
        if self.valid:
            d["kind"] = self.kind.value
            if self.sex is not None:
                d["sex"] = self.sex
            if self.birth_date is not None:
                d["birth_date"] = self.birth_date.isoformat()
        return d


# ---------------------------------------------------------------------------------------------
# normalisation


def normalize_id_number(raw: str) -> str:
    """The number as it should be stored: no spaces, ASCII digits and capital letters.

    Removes every kind of white space (including the full-width space U+3000 and no-break spaces),
    turns full-width digits and letters into ASCII (NFKC), and upper-cases ASCII letters (a typed
    ``x`` becomes ``X``). Anything else is kept as it is, so that the checks can point at it.
    """
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch for ch in text if not ch.isspace())
    return text.translate(_ASCII_UPPER)


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def describe_char(ch: str) -> str:
    """A character as a clerk can read it in a message: ``'Y' (U+0059)``, or only the code point
    for characters that would not show (control, format, white space, unassigned)."""
    code = f"U+{ord(ch):04X}"
    if unicodedata.category(ch)[0] in ("C", "Z"):
        return code
    return f"'{ch}' ({code})"


# ---------------------------------------------------------------------------------------------
# pieces


def mod11_2_check_char(body17: str) -> str:
    """The GB 11643 / ISO 7064 MOD 11-2 check character of 17 ASCII digits.

    >>> mod11_2_check_char("11010519491231002")
    'X'
    """
    if len(body17) != 17 or not body17.isascii() or not body17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(body17, _WEIGHTS_17, strict=True))
    return _CHECK_CHARS[total % 11]


@lru_cache(maxsize=4096)
def _county_periods(code: str) -> tuple[tuple[int | None, int | None], ...] | None:
    """The periods (start year, end year) during which a 6-digit code named a county-level unit,
    from python-stdnum's GB/T 2260 table; ``None`` if the code was never in the table."""
    from stdnum import numdb  # imported here: the table is loaded only when a code is looked up

    info: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(code):
        info.update(props)
    if "county" not in info:
        return None
    periods: list[tuple[int | None, int | None]] = []
    for entry in info["county"].split(","):
        m = re.match(r"\[(\d*)-(\d*)\]", entry)
        if m is None:
            periods.append((None, None))
        else:
            periods.append((int(m[1]) if m[1] else None, int(m[2]) if m[2] else None))
    return tuple(periods)


def region_code_known(code: str, *, in_year: int | None = None) -> bool:
    """Whether a 6-digit GB/T 2260 code is (or was) a region code.

    With ``in_year``, the code must not have been abolished before that year. A code created
    *after* that year is accepted: an ID number carries the address code of the office that
    assigned the number, often years after the birth, so "county existed in the birth year" (what
    ``stdnum.cn.ric.get_birth_place`` checks) would reject real numbers such as 421303 (曾都区,
    created 2009) for people born before 2009.
    """
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    if code in PERMIT_ADDRESS_CODES:
        return True
    periods = _county_periods(code)
    if periods is None:
        return False
    if in_year is None:
        return True
    return any(end is None or end >= in_year for _start, end in periods)


def _province_known(two_digits: str) -> bool:
    return region_code_known(two_digits + "0000")


def guess_resident_kind(number: str) -> IdKind:
    """For an 18-character resident-format number: citizen or which residence permit, by address code."""
    return IdKind(PERMIT_ADDRESS_CODES.get(number[:6], IdKind.CITIZEN.value))


# ---------------------------------------------------------------------------------------------
# the check


def check_id_number(raw: str, kind: IdKind | str = IdKind.CITIZEN, today: dt.date | None = None) -> IdCheck:
    """Normalise ``raw`` and check it as a number of ``kind``; never raises on any string.

    ``today`` is the reference for "birth date in the future" (default: the system date), so that
    tests and the CLI stay deterministic.
    """
    kind = IdKind(kind)
    today = today or dt.date.today()
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    number = normalize_id_number(raw)
    if not number:
        return IdCheck(number, (_problem_empty(kind),), kind=kind)
    if kind is IdKind.FOREIGN and "A" <= number[0] <= "Z":
        return _check_foreign_2017(number)
    return _check_18(number, kind, today)


def _check_18(number: str, kind: IdKind, today: dt.date) -> IdCheck:
    """Citizen, residence-permit and 2023 foreign numbers: 17 digits + MOD 11-2 check character."""
    foreign = kind is IdKind.FOREIGN
    version = "2023" if foreign else None
    label_zh, label_en = KIND_LABELS[kind]

    bad = _first_bad_char(number, last_may_be_x=True)
    if bad is not None:
        pos, ch = bad
        return IdCheck(number, (Problem(
            "id.chars",
            f"第 {pos} 位字符 {describe_char(ch)} 不允许：{label_zh}只能由数字组成（第 18 位可为 X）",
            f"character {pos}, {describe_char(ch)}, is not allowed: a {label_en} consists of digits "
            "(the 18th character may be X)",
        ),), kind=kind, version=version)

    if len(number) != 18:
        hint_zh = hint_en = ""
        if len(number) == 15 and not foreign:
            hint_zh = "（15 位旧号码须先换成 18 位号码）"
            hint_en = " (an old 15-digit number must be converted to its 18-character form)"
        elif foreign:
            hint_zh = "（2023 版为 18 位数字；2017 版为 15 位：3 个字母 + 12 位数字）"
            hint_en = " (2023 version: 18 digits; 2017 version: 15 characters, 3 letters + 12 digits)"
        return IdCheck(number, (Problem(
            "id.length",
            f"{label_zh}应为 18 位，实际为 {len(number)} 位{hint_zh}",
            f"a {label_en} has 18 characters, this one has {len(number)}{hint_en}",
        ),), kind=kind, version=version)

    problems: list[Problem] = []

    mismatch = _kind_mismatch(number, kind)
    if mismatch is not None:
        problems.append(mismatch)

    expected = mod11_2_check_char(number[:17])
    if number[17] != expected:
        problems.append(Problem(
            "id.checksum",
            f"校验码错误：按前 17 位计算，第 18 位应为 {expected}，实际为 {number[17]}（请核对号码是否抄错）",
            f"check character wrong: from the first 17 digits the 18th should be {expected}, "
            f"not {number[17]} (check the number for a typing error)",
        ))

    date_digits = number[6:14]
    birth_date, date_problem = _check_birth_date(date_digits, today)
    if date_problem is not None:
        problems.append(date_problem)

    if mismatch is None:
        address_problem = (_check_foreign_province(number) if foreign
                           else _check_address(number[:6], birth_date))
        if address_problem is not None:
            problems.append(address_problem)

    # The sequence digit carries the sex only in GB 11643 numbers (citizens and permits).
    sex = None if foreign else ("1" if int(number[16]) % 2 else "2")
    return IdCheck(number, tuple(problems), kind=kind, sex=sex, birth_date=birth_date, version=version)


def _check_foreign_2017(number: str) -> IdCheck:
    """2017 foreign permanent residence number: shape only (3 capital letters + 12 digits)."""
    if len(number) != 15:
        return IdCheck(number, (Problem(
            "id.length",
            f"2017 版外国人永久居留身份证号码应为 15 位（3 个字母 + 12 位数字），实际为 {len(number)} 位",
            f"a 2017 foreign permanent residence ID number has 15 characters (3 letters + 12 digits), "
            f"this one has {len(number)}",
        ),), kind=IdKind.FOREIGN, version="2017")
    for pos, ch in enumerate(number, start=1):
        ok = ("A" <= ch <= "Z") if pos <= 3 else ("0" <= ch <= "9")
        if not ok:
            want_zh, want_en = ("英文字母", "a letter") if pos <= 3 else ("数字", "a digit")
            return IdCheck(number, (Problem(
                "id.chars",
                f"第 {pos} 位字符 {describe_char(ch)} 不允许：2017 版外国人永久居留身份证号码第 {pos} 位应为{want_zh}"
                "（前 3 位字母为国籍代码，后 12 位为数字）",
                f"character {pos}, {describe_char(ch)}, is not allowed: position {pos} of a 2017 foreign "
                f"permanent residence ID number must be {want_en} (3 letters of nationality, then 12 digits)",
            ),), kind=IdKind.FOREIGN, version="2017")
    return IdCheck(number, (), kind=IdKind.FOREIGN, version="2017")


def _first_bad_char(number: str, *, last_may_be_x: bool) -> tuple[int, str] | None:
    """1-based position and character of the first character that is not an ASCII digit
    (an ``X`` is allowed only as the 18th, i.e. last, character)."""
    last = len(number)
    for pos, ch in enumerate(number, start=1):
        if "0" <= ch <= "9":
            continue
        if ch == "X" and last_may_be_x and pos == last == 18:
            continue
        return pos, ch
    return None


def _check_birth_date(digits: str, today: dt.date) -> tuple[dt.date | None, Problem | None]:
    shown = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    try:
        born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None, Problem(
            "id.birth_date_invalid",
            f"号码中的出生日期 {shown}（第 7–14 位）不存在",
            f"the birth date in the number, {shown} (characters 7-14), does not exist",
        )
    if born.year < _EARLIEST_BIRTH_YEAR:
        return None, Problem(
            "id.birth_date_invalid",
            f"号码中的出生日期 {shown}（第 7–14 位）早于 {_EARLIEST_BIRTH_YEAR} 年，不可能",
            f"the birth date in the number, {shown} (characters 7-14), is before {_EARLIEST_BIRTH_YEAR}: not possible",
        )
    if born > today:
        return born, Problem(
            "id.birth_date_future",
            f"号码中的出生日期 {shown}（第 7–14 位）晚于今天 {today.isoformat()}",
            f"the birth date in the number, {shown} (characters 7-14), is after today, {today.isoformat()}",
        )
    return born, None


def _check_address(code: str, birth_date: dt.date | None) -> Problem | None:
    year = birth_date.year if birth_date else None
    if region_code_known(code, in_year=year):
        return None
    if region_code_known(code):
        return Problem(
            "id.address",
            f"地址码 {code}（前 6 位）在出生年份 {year} 之前已撤销，不可能用于此号码",
            f"the address code {code} (first 6 digits) was abolished before the birth year {year}",
        )
    return Problem(
        "id.address",
        f"地址码 {code}（前 6 位）不是有效的行政区划代码",
        f"the address code {code} (first 6 digits) is not a known region code (GB/T 2260)",
    )


def _check_foreign_province(number: str) -> Problem | None:
    code = number[1:3]
    if _province_known(code):
        return None
    return Problem(
        "id.address",
        f"受理地代码 {code}（第 2–3 位）不是有效的省级行政区划代码",
        f"the accepting-office province code {code} (characters 2-3) is not a known province code",
    )


def _kind_mismatch(number: str, kind: IdKind) -> Problem | None:
    """An 18-character number whose own markers say it is of another kind than the one chosen."""
    if number[0] == "9":
        actual = IdKind.FOREIGN
    else:
        actual = guess_resident_kind(number)
    if actual is kind:
        return None
    chosen_zh, chosen_en = KIND_LABELS[kind]
    actual_zh, actual_en = KIND_LABELS[actual]
    if actual is IdKind.FOREIGN:
        why_zh, why_en = "首位为 9", "it begins with 9"
    else:
        why_zh, why_en = f"地址码为 {number[:6]}", f"its address code is {number[:6]}"
    return Problem(
        "id.kind_mismatch",
        f"此号码{why_zh}，是{actual_zh}，不是{chosen_zh}：请选择正确的证件类型",
        f"this number is a {actual_en} ({why_en}), not a {chosen_en}: choose the right document type",
    )


def _problem_empty(kind: IdKind) -> Problem:
    label_zh, label_en = KIND_LABELS[kind]
    return Problem("id.empty", f"未填写{label_zh}", f"no {label_en} given")
