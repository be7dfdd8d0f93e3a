"""Phone numbers: mobile numbers and landlines, as clerks type them."""

from __future__ import annotations

import pytest

from counter_app.domain.contact import check_mobile, check_phone


def codes(result):
    return [p.code for p in result.problems]


@pytest.mark.parametrize("typed", [
    "13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
    "008613800138000", "１３８００１３８０００", "138.0013.8000",
])
def test_mobile_numbers_in_their_usual_spellings(typed):
    result = check_phone(typed)
    assert result.valid, result.problems
    assert result.normalized == "13800138000"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_mobile_prefixes_13_to_19(prefix):
    assert check_phone(prefix + "912345678").valid


@pytest.mark.parametrize("typed,message", [
    ("12800138000", "第 2 位应为 3–9"),
    ("1380013800", "应为 11 位，实际为 10 位"),
    ("138001380001", "应为 11 位，实际为 12 位"),
])
def test_wrong_mobile_numbers(typed, message):
    result = check_phone(typed)
    assert codes(result) == ["phone.mobile"]
    assert message in result.problems[0].zh


@pytest.mark.parametrize("typed,normalized", [
    ("0722-3331234", "0722-3331234"),
    ("(0722) 3331234", "0722-3331234"),
    ("（0722）33312345", "0722-33312345"),
    ("07223331234", "0722-3331234"),
    ("010-87654321", "010-87654321"),
    ("01087654321", "010-87654321"),
    ("021 6543 2100", "021-65432100"),
    ("0722-3331234 转 8001", "0722-3331234-8001"),
    ("0722-3331234-8001", "0722-3331234-8001"),
    ("021-87654321 ext. 12", "021-87654321-12"),
])
def test_landlines_with_area_code_and_extension(typed, normalized):
    result = check_phone(typed)
    assert result.valid, result.problems
    assert result.normalized == normalized


@pytest.mark.parametrize("typed", [
    "3331234",           # no area code
    "010-1234567",       # local numbers do not begin with 1
    "0722-0331234",      # ... nor with 0
    "0722-33312",        # too short
    "0221-3331234",      # area codes beginning 02 have three digits
    "+86 722 3331234",   # international form of a landline
])
def test_wrong_landlines(typed):
    assert codes(check_phone(typed)) == ["phone.landline"]


@pytest.mark.parametrize("typed,code", [
    ("", "phone.empty"), ("   ", "phone.empty"), ("abc", "phone.chars"), ("138\x0000138000", "phone.chars"),
    ("1380013800😀", "phone.chars"), ("+1 555 123 4567", "phone.chars"), ("9" * 10_000, "phone.landline"),
])
def test_garbage_is_a_problem_never_an_exception(typed, code):
    assert codes(check_phone(typed)) == [code]


def test_a_mobile_only_field_refuses_landlines():
    assert codes(check_mobile("0722-3331234")) == ["phone.mobile"]
    assert check_mobile("13800138000").valid


def test_problems_point_at_the_phone_field():
    assert check_phone("abc").problems[0].field == "phone"
