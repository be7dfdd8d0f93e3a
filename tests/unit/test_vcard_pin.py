"""PIN of the simulated card: verify, change, blocking, and the secure-messaging reload through the PSAM."""

from __future__ import annotations

from devices.vcard.card_os import VirtualCard
from tests.unit.vcard_helpers import SELECT_SSSE, card_id_cached, new_devices, ok, sw


def verify(card, pin_bcd: str) -> int:
    pin = bytes.fromhex(pin_bcd)
    return sw(card.process(bytes([0x00, 0x20, 0x00, 0x00, len(pin)]) + pin))


def change(card, old: str, new: str) -> int:
    body = bytes.fromhex(old) + b"\xff" + bytes.fromhex(new)
    return sw(card.process(bytes([0x80, 0x5E, 0x01, 0x00, len(body)]) + body))


def test_the_initial_pin_is_123456(tmp_path):
    card, _ = new_devices(tmp_path)
    assert verify(card, "123456") == 0x9000


def test_wrong_pins_count_down_and_block(tmp_path):
    card, _ = new_devices(tmp_path)
    assert [verify(card, "000000") for _ in range(3)] == [0x63C2, 0x63C1, 0x63C0]
    assert verify(card, "123456") == 0x6983
    assert sw(card.process(bytes.fromhex("00200000"))) == 0x6983  # asking the tries left


def test_a_right_pin_resets_the_count_and_the_count_survives_removal(tmp_path):
    card, _ = new_devices(tmp_path)
    verify(card, "000000")
    again = VirtualCard(card.path)
    assert sw(again.process(bytes.fromhex("00200000"))) == 0x63C2
    assert verify(again, "123456") == 0x9000
    assert sw(again.process(bytes.fromhex("00200000"))) == 0x63C3


def test_change_pin_needs_the_old_pin(tmp_path):
    card, _ = new_devices(tmp_path)
    assert change(card, "111111", "654321") == 0x63C2
    assert change(card, "123456", "2468") == 0x9000  # a 4-digit PIN
    assert verify(card, "2468") == 0x9000
    assert verify(card, "123456") == 0x63C2


def test_odd_length_pins_are_f_padded(tmp_path):
    card, _ = new_devices(tmp_path)
    assert change(card, "123456", "12345F") == 0x9000
    assert verify(card, "12345F") == 0x9000


def test_malformed_pins_are_refused_without_counting(tmp_path):
    card, _ = new_devices(tmp_path)
    assert verify(card, "12") == 0x6A80  # fewer than 4 digits
    assert verify(card, "12AB56") == 0x6A80
    assert sw(card.process(bytes.fromhex("805E010003123456"))) == 0x6A80  # no FF separator
    assert sw(card.process(bytes.fromhex("00200000"))) == 0x63C3


def test_reload_pin_with_the_psam_mac(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    for _ in range(3):
        verify(card, "000000")
    cid = card_id_cached(card)
    challenge = ok(card, bytes.fromhex("0084000010"))
    ok(psam, bytes([0x80, 0x1A, 0x61, 0x06, 0x18]) + cid[:3] + b"\xff" * 5 + cid[-8:] + challenge[:8])
    pin_block = bytes.fromhex("888888").ljust(16, b"\xff")
    encrypted = ok(psam, bytes.fromhex("80FA000010") + pin_block)
    header = bytes.fromhex("8424000014")
    padded = (header + encrypted + b"\x80").ljust(32, b"\x00")
    mac = ok(psam, bytes.fromhex("80FA050030") + challenge + padded)
    assert sw(card.process(header + encrypted + mac)) == 0x9000
    assert verify(card, "888888") == 0x9000


def test_reload_pin_with_a_wrong_mac_is_refused(tmp_path):
    card, _ = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, bytes.fromhex("0084000010"))
    assert sw(card.process(bytes.fromhex("8424000014") + bytes(20))) == 0x6988
    assert card.content.keys[0x06].tries == 2
