"""Identity document numbers: what a clerk types and what the counter makes of it."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.idnumbers import (
    IdKind,
    check_id_number,
    guess_resident_kind,
    mod11_2_check_char,
    normalize_id_number,
    region_code_known,
)

TODAY = dt.date(2026, 6, 1)


def codes(result):
    return [p.code for p in result.problems]


def with_check(body17: str) -> str:
    return body17 + mod11_2_check_char(body17)


# --- the published example and the check character -------------------------------------------------


def test_published_example_is_valid_and_tells_sex_and_birth_date():
    result = check_id_number("11010519491231002X", today=TODAY)
    assert result.valid
    assert result.normalized == "11010519491231002X"
    assert result.sex == "2"  # sequence 002: even, female
    assert result.birth_date == dt.date(1949, 12, 31)
    assert result.kind is IdKind.CITIZEN


def test_check_character_follows_iso_7064_mod_11_2():
    assert mod11_2_check_char("11010519491231002") == "X"
    assert mod11_2_check_char("42130319900307001") == "9"


def test_odd_sequence_digit_means_male():
    assert check_id_number("421303199003070019", today=TODAY).sex == "1"


def test_wrong_check_character_names_the_expected_one():
    result = check_id_number("110105194912310021", today=TODAY)
    assert codes(result) == ["id.checksum"]
    assert "应为 X" in result.problems[0].zh
    assert "should be X" in result.problems[0].en


# --- normalisation ------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    "11010519491231002x",                 # lower-case x
    " 110105 19491231 002X ",             # spaces
    "110105\u300019491231\u3000002X",     # full-width spaces
    "１１０１０５１９４９１２３１００２Ｘ",   # full-width digits and letter
    "１１０１０５１９４９１２３１００２ｘ",   # full-width lower-case x
    "110105\t19491231\n002X",             # tabs and line breaks pasted from elsewhere
])
def test_typing_variants_normalise_to_the_same_number(typed):
    result = check_id_number(typed, today=TODAY)
    assert result.valid, result.problems
    assert result.normalized == "11010519491231002X"


def test_normalisation_keeps_what_it_cannot_fix_so_the_check_can_point_at_it():
    assert normalize_id_number("1101-05") == "1101-05"


# --- the shape --------------------------------------------------------------------------------------------


def test_empty_or_only_spaces_is_id_empty():
    assert codes(check_id_number("")) == ["id.empty"]
    assert codes(check_id_number(" \u3000 ")) == ["id.empty"]


@pytest.mark.parametrize("number,length", [("1101051949123100", 16), ("1101051949123100211", 19)])
def test_wrong_length_says_how_many_characters(number, length):
    result = check_id_number(number, today=TODAY)
    assert codes(result) == ["id.length"]
    assert f"实际为 {length} 位" in result.problems[0].zh


def test_old_fifteen_digit_number_is_explained():
    result = check_id_number("110105491231002", today=TODAY)
    assert codes(result) == ["id.length"]
    assert "15 位旧号码" in result.problems[0].zh


def test_letter_inside_the_number_is_reported_with_its_position():
    result = check_id_number("1101051949123X002X", today=TODAY)
    assert codes(result) == ["id.chars"]
    assert "第 14 位" in result.problems[0].zh
    assert "character 14" in result.problems[0].en


# --- birth date ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("date_digits", ["19900230", "19901301", "19900001", "19900100", "19000229"])
def test_impossible_birth_date_is_reported(date_digits):
    result = check_id_number(with_check("110105" + date_digits + "001"), today=TODAY)
    assert codes(result) == ["id.birth_date_invalid"]
    assert result.birth_date is None


def test_leap_day_in_a_leap_year_is_fine():
    assert check_id_number(with_check("11010520000229001"), today=TODAY).valid


def test_birth_date_after_today_is_reported_with_today():
    result = check_id_number(with_check("11010520260602001"), today=TODAY)
    assert codes(result) == ["id.birth_date_future"]
    assert "2026-06-01" in result.problems[0].zh


def test_born_today_is_fine():
    assert check_id_number(with_check("11010520260601001"), today=TODAY).valid


def test_implausibly_early_birth_date_is_invalid():
    assert codes(check_id_number(with_check("11010508490101001"), today=TODAY)) == ["id.birth_date_invalid"]


# --- address code -----------------------------------------------------------------------------------------------


def test_unknown_address_code_is_reported():
    result = check_id_number(with_check("42999919900101001"), today=TODAY)
    assert codes(result) == ["id.address"]
    assert "429999" in result.problems[0].zh


def test_county_created_after_the_birth_year_is_accepted():
    # 421303 曾都区 exists since 2009; people born earlier got numbers with it when it was assigned.
    assert check_id_number("421303199003070019", today=TODAY).valid


def test_county_abolished_before_the_birth_year_is_reported():
    # 110103 崇文区 was merged into 东城区 in 2010: no number assigned to a child born in 2015 carries it.
    assert region_code_known("110103")
    result = check_id_number(with_check("11010320150101001"), today=TODAY)
    assert codes(result) == ["id.address"]
    assert check_id_number(with_check("11010319800101001"), today=TODAY).valid


# --- residence permits -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code,kind", [("810000", IdKind.HK), ("820000", IdKind.MO), ("830000", IdKind.TW)])
def test_residence_permit_numbers_are_valid_for_their_kind(code, kind):
    number = with_check(code + "19900101002")
    assert guess_resident_kind(number) is kind
    result = check_id_number(number, kind, today=TODAY)
    assert result.valid, result.problems
    assert result.sex == "2"


def test_residence_permit_number_checked_as_citizen_number_is_a_kind_mismatch():
    result = check_id_number(with_check("81000019900101002"), IdKind.CITIZEN, today=TODAY)
    assert codes(result) == ["id.kind_mismatch"]
    assert "香港" in result.problems[0].zh


def test_citizen_number_checked_as_permit_is_a_kind_mismatch():
    assert codes(check_id_number("11010519491231002X", "tw", today=TODAY)) == ["id.kind_mismatch"]


# --- foreign permanent residence ID ---------------------------------------------------------------------------------


def test_foreign_2023_number_uses_mod_11_2_and_has_no_sex():
    number = with_check("94376019980305667")
    result = check_id_number(number, IdKind.FOREIGN, today=TODAY)
    assert result.valid, result.problems
    assert result.version == "2023"
    assert result.birth_date == dt.date(1998, 3, 5)
    assert result.sex is None


def test_foreign_2023_number_with_wrong_check_digit_fails():
    number = with_check("94376019980305667")
    wrong = number[:17] + ("1" if number[17] != "1" else "2")
    assert codes(check_id_number(wrong, "foreign", today=TODAY)) == ["id.checksum"]


def test_foreign_2023_number_with_unknown_province_fails():
    assert codes(check_id_number(with_check("90076019980305667"), "foreign", today=TODAY)) == ["id.address"]


def test_foreign_number_checked_as_citizen_number_is_a_kind_mismatch():
    result = check_id_number(with_check("94376019980305667"), today=TODAY)
    assert "id.kind_mismatch" in codes(result)
    assert "首位为 9" in result.problems[0].zh


def test_foreign_2017_number_is_checked_for_shape():
    result = check_id_number("usa110081234567", "foreign", today=TODAY)
    assert result.valid
    assert result.normalized == "USA110081234567"
    assert result.version == "2017"


@pytest.mark.parametrize("number,code", [
    ("USA11008123456", "id.length"),
    ("US1110081234567", "id.chars"),
    ("USA1100812345X7", "id.chars"),
])
def test_foreign_2017_number_with_wrong_shape_fails(number, code):
    assert codes(check_id_number(number, "foreign", today=TODAY)) == [code]


# --- garbage ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("garbage", [
    "\x00", "\x1b[31m", "😀" * 18, "9" * 10_000, "x" * 10_000, "\ud800", "\u202e11010519491231002X",
    "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits: not what a Chinese ID holds
])
@pytest.mark.parametrize("kind", list(IdKind))
def test_garbage_gives_problems_never_exceptions(garbage, kind):
    result = check_id_number(garbage, kind, today=TODAY)
    assert not result.valid
    for problem in result.problems:
        assert problem.zh and problem.en
        assert len(problem.zh) < 300  # a message names the problem, it does not echo 10 kB


def test_json_form_adds_derived_fields_only_when_valid():
    valid = check_id_number("11010519491231002X", today=TODAY).as_dict()
    assert list(valid)[:3] == ["valid", "normalized", "errors"]
    assert valid["sex"] == "2" and valid["birth_date"] == "1949-12-31"
    invalid = check_id_number("110105194912310021", today=TODAY).as_dict("en")
    assert set(invalid) == {"valid", "normalized", "errors"}
