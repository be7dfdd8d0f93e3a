"""Social security card numbers (卡号) and card identification codes (卡识别码)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.cardids import (
    CardIdentificationCode,
    card_number_check_char,
    check_card_identification_code,
    check_card_number,
    make_card_number,
)
from counter_app.domain.problems import DomainError

BODY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def codes(result):
    return [p.code for p in result.problems]


def test_the_published_example_is_valid():
    assert card_number_check_char("X0000001") == "9"
    assert check_card_number("X00000019").valid


def test_check_character_10_is_written_X_and_11_is_written_0():
    # S mod 11 == 1 gives C = 10; S mod 11 == 0 gives C = 11.
    bodies = {"X": None, "0": None}
    for n in range(200):
        body = f"{n:08d}"
        c = card_number_check_char(body)
        if c in bodies and bodies[c] is None:
            bodies[c] = body
    assert all(bodies.values())
    for c, body in bodies.items():
        total = sum(BODY_ALPHABET.index(ch) * w for ch, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
        assert 11 - total % 11 == (10 if c == "X" else 11)


def test_typed_lower_case_and_spaces_are_normalised():
    result = check_card_number(" x0000001 9 ")
    assert result.valid
    assert result.normalized == "X00000019"


def test_wrong_check_character_names_the_expected_one():
    result = check_card_number("X00000018")
    assert codes(result) == ["card.checksum"]
    assert "应为 9" in result.problems[0].zh and "should be 9" in result.problems[0].en


@pytest.mark.parametrize("typed,code", [
    ("", "card.empty"),
    ("X0000001", "card.length"),
    ("X000000190", "card.length"),
    ("X000-0019", "card.chars"),
    ("X0000001Y", "card.chars"),
    ("\x00", "card.chars"),
    ("😀" * 9, "card.chars"),
    ("9" * 10_000, "card.length"),
])
def test_malformed_card_numbers(typed, code):
    assert codes(check_card_number(typed)) == [code]


def test_make_card_number_appends_the_check_character():
    assert make_card_number("X0000001") == "X00000019"


def test_a_malformed_body_is_a_programming_error():
    with pytest.raises(ValueError):
        card_number_check_char("x0000001")
    with pytest.raises(ValueError):
        card_number_check_char("X000001")


# --- properties ------------------------------------------------------------------------------------------

bodies = st.text(alphabet=BODY_ALPHABET, min_size=8, max_size=8)


@given(bodies)
def test_every_made_card_number_is_valid(body):
    number = make_card_number(body)
    assert check_card_number(number).valid
    assert check_card_number(number.lower()).normalized == number


@settings(max_examples=300)
@given(bodies, st.integers(min_value=0, max_value=8), st.sampled_from(BODY_ALPHABET))
def test_a_single_change_is_caught_unless_the_values_differ_by_a_multiple_of_11(body, position, replacement):
    number = make_card_number(body)
    if number[position] == replacement:
        return
    mutated = number[:position] + replacement + number[position + 1:]
    if position < 8:
        old, new = BODY_ALPHABET.index(number[position]), BODY_ALPHABET.index(replacement)
        # Weights 3 7 9 10 5 8 4 2 are non-zero mod 11: only a value change by a multiple of 11
        # (0 ↔ B, 1 ↔ C, A ↔ L, …) leaves the sum mod 11 unchanged.
        assert check_card_number(mutated).valid == ((old - new) % 11 == 0)
    else:
        assert not check_card_number(mutated).valid


# --- card identification code --------------------------------------------------------------------------

CODE = "421300D156000005ABCDEF0123456789"


def test_card_identification_code_gives_its_region_and_chip_parts():
    parsed = CardIdentificationCode.parse(" " + CODE.lower() + " ")
    assert parsed.value == CODE
    assert parsed.region_code == "421300"
    assert parsed.chip_serial == "ABCDEF0123456789"
    assert check_card_identification_code(CODE).valid


@pytest.mark.parametrize("bad", [
    CODE[:-1],                          # 31 characters
    CODE + "0",                         # 33 characters
    CODE.replace("D156", "D157"),       # not the national application prefix
    CODE[:-1] + "G",                    # not hex
    "４２１３００" + CODE[6:],            # full-width digits are not digits here
        CODE[:6] + " " + CODE[6:],          # no inner spaces
])
def test_malformed_card_identification_codes(bad):
    assert codes(check_card_identification_code(bad)) == ["card_id.format"]
    with pytest.raises(DomainError) as err:
        CardIdentificationCode(bad)
    assert err.value.problem.code == "card_id.format"
