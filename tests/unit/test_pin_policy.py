"""The PIN policy: which PINs a holder may choose, and the initial PIN refused for use."""

from __future__ import annotations

import pytest

from counter_app.domain.pin import (
    InitialPinNotUsable,
    PinPolicy,
    WeakPin,
    pin_buffer,
    to_bcd,
    to_pin_block,
    wipe,
)

POLICY = PinPolicy(initial_pin="123456", length=6)


@pytest.mark.parametrize("pin, code", [
    ("123456", "pin.initial"),
    ("111111", "pin.repeated"),
    ("000000", "pin.repeated"),
    ("234567", "pin.sequence"),
    ("654321", "pin.sequence"),
    ("890123", "pin.sequence"),
    ("12345", "pin.length"),
    ("1234567", "pin.length"),
    ("12a456", "pin.not_digits"),
    ("", "pin.length"),
])
def test_pins_the_card_system_refuses(pin, code):
    with pytest.raises(WeakPin) as refused:
        POLICY.check_new(pin_buffer(pin))
    assert refused.value.problem.code == code
    assert not pin or pin not in refused.value.problem.zh + refused.value.problem.en  # never echoes the PIN


@pytest.mark.parametrize("pin", ["135790", "246810", "112233", "908172"])
def test_ordinary_pins_are_accepted(pin):
    POLICY.check_new(pin_buffer(pin))


def test_the_length_comes_from_the_settings_within_4_to_16():
    PinPolicy(length=4).check_new(pin_buffer("2580"))
    PinPolicy(length=16, max_length=16).check_new(pin_buffer("2580147036925814"))
    with pytest.raises(ValueError):
        PinPolicy(length=3, min_length=3)
    with pytest.raises(ValueError):
        PinPolicy(length=17, max_length=17)


def test_the_initial_pin_is_refused_for_use_and_others_are_not():
    with pytest.raises(InitialPinNotUsable):
        POLICY.check_for_use(pin_buffer("123456"))
    POLICY.check_for_use(pin_buffer("135790"))


def test_bcd_forms_and_wiping():
    assert bytes(to_bcd(pin_buffer("135790"))) == bytes.fromhex("135790")
    assert bytes(to_bcd(pin_buffer("13579"))) == bytes.fromhex("13579F")
    assert bytes(to_pin_block(pin_buffer("135790"))) == bytes.fromhex("135790" + "FF" * 13)
    buf = pin_buffer("135790")
    wipe(buf)
    assert buf == bytearray()
