"""Properties of ID number checking that hold for every number, not only for examples.

MOD 11-2 weights (2^k mod 11) are all non-zero mod 11 and digits differ by less than 11, so
changing any single character of a valid number always breaks it: the check character no longer
matches, or the character is not allowed where it stands.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.idnumbers import IdKind, check_id_number, mod11_2_check_char

TODAY = dt.date(2026, 6, 1)

# A few address codes valid at any time since 1950 (no abolition year in the GB/T 2260 table).
ADDRESS_CODES = ["110105", "110108", "310104", "420100", "421300", "440305", "510107", "650102"]

birth_dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@st.composite
def citizen_numbers(draw):
    body = draw(st.sampled_from(ADDRESS_CODES)) + draw(birth_dates).strftime("%Y%m%d") + f"{draw(sequences):03d}"
    return body + mod11_2_check_char(body)


@st.composite
def foreign_2023_numbers(draw):
    province = draw(st.sampled_from(["11", "31", "42", "44"]))
    nationality = f"{draw(st.integers(min_value=4, max_value=894)):03d}"
    body = "9" + province + nationality + draw(birth_dates).strftime("%Y%m%d") + f"{draw(sequences):03d}"
    return body + mod11_2_check_char(body)


ALPHABET = "0123456789X"


@settings(max_examples=300)
@given(citizen_numbers())
def test_every_generated_citizen_number_is_valid_and_round_trips(number):
    result = check_id_number(number, today=TODAY)
    assert result.valid, result.problems
    assert result.normalized == number
    assert result.sex == ("1" if int(number[16]) % 2 else "2")
    assert result.birth_date.strftime("%Y%m%d") == number[6:14]


@settings(max_examples=300)
@given(citizen_numbers(), st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET))
def test_every_single_character_change_of_a_citizen_number_is_caught(number, position, replacement):
    if number[position] == replacement:
        replacement = ALPHABET[(ALPHABET.index(replacement) + 1) % len(ALPHABET)]
    mutated = number[:position] + replacement + number[position + 1:]
    assert not check_id_number(mutated, today=TODAY).valid


@settings(max_examples=200)
@given(foreign_2023_numbers())
def test_every_generated_2023_foreign_number_is_valid(number):
    assert check_id_number(number, IdKind.FOREIGN, today=TODAY).valid


@settings(max_examples=200)
@given(foreign_2023_numbers(), st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET))
def test_every_single_character_change_of_a_2023_foreign_number_is_caught(number, position, replacement):
    if number[position] == replacement:
        replacement = ALPHABET[(ALPHABET.index(replacement) + 1) % len(ALPHABET)]
    mutated = number[:position] + replacement + number[position + 1:]
    assert not check_id_number(mutated, IdKind.FOREIGN, today=TODAY).valid


@given(st.text(max_size=60), st.sampled_from(list(IdKind)))
def test_any_text_gives_a_result_and_never_an_exception(text, kind):
    result = check_id_number(text, kind, today=TODAY)
    assert result.valid == (not result.problems)
