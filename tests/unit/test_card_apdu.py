"""Short APDUs are built byte for byte, and the processor chain handles 61xx and 6Cxx."""

from __future__ import annotations

import pytest

from counter_app.card.apdu import Apdu, ResponseApdu, default_chain
from counter_app.card.connection import ScriptedConnection, ScriptMismatch


def test_the_four_cases_of_short_apdus():
    assert Apdu(0x00, 0xA4, 0x04, 0x00, bytes.fromhex("7378312E")).to_bytes().hex().upper() == "00A40400047378312E"
    assert Apdu(0x00, 0x84, 0x00, 0x00, le=8).to_bytes().hex().upper() == "0084000008"
    assert Apdu(0x00, 0xB2, 0x01, 0x04, le=256).to_bytes().hex().upper() == "00B2010400"
    assert Apdu(0x00, 0x88, 0x00, 0x00, b"\x11" * 16, le=8).to_bytes().hex().upper() == "0088000010" + "11" * 16 + "08"
    assert Apdu(0x80, 0x50, 0x00, 0x00).to_bytes().hex().upper() == "80500000"


def test_parse_is_the_inverse_of_to_bytes():
    for apdu in (Apdu(0, 0xA4, 2, 0, b"\xef\x05"), Apdu(0, 0xB2, 1, 4, le=18), Apdu(0, 0x88, 0, 0, b"x" * 16, le=256)):
        assert Apdu.parse(apdu.to_bytes()) == apdu


def test_data_longer_than_255_bytes_is_refused():
    with pytest.raises(ValueError):
        Apdu(0, 0xD6, 0, 0, bytes(256))


def test_response_apdu_splits_data_and_status_word():
    resp = ResponseApdu.parse(bytes.fromhex("0102039000"))
    assert resp.data == b"\x01\x02\x03" and resp.sw == 0x9000 and resp.ok
    assert ResponseApdu.parse(bytes.fromhex("6A82")).sw1 == 0x6A


def test_61xx_is_followed_by_get_response_and_the_parts_joined():
    conn = ScriptedConnection([
        ("0088000010" + ".." * 16, bytes.fromhex("6108")),
        ("00C0000008", bytes.fromhex("1122334455667788") + bytes.fromhex("9000")),
    ])
    resp = default_chain(conn).send_apdu(Apdu(0, 0x88, 0, 0, bytes(16)))
    assert resp.data.hex() == "1122334455667788" and resp.sw == 0x9000
    assert conn.done


def test_6cxx_resends_the_same_command_with_the_right_le():
    conn = ScriptedConnection([
        ("00B2070400", bytes.fromhex("6C0B")),
        ("00B207040B", bytes.fromhex("0709") + b"X00000019" + bytes.fromhex("9000")),
    ])
    resp = default_chain(conn).send_apdu(Apdu(0, 0xB2, 7, 4, le=256))
    assert resp.data[2:] == b"X00000019"


def test_a_scripted_connection_fails_loudly_on_an_unexpected_command():
    conn = ScriptedConnection([("00A4040002EF05", bytes.fromhex("9000"))])
    with pytest.raises(ScriptMismatch):
        conn.send_and_receive(bytes.fromhex("00A4020002EF05"))
