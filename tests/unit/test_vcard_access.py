"""Access conditions, record and binary rules, and the security state of the simulated card."""

from __future__ import annotations

from devices.vcard.card_os import VirtualCard
from tests.unit.vcard_helpers import (
    SELECT_EF05,
    SELECT_EF06,
    SELECT_EF08,
    SELECT_SSSE,
    data,
    external_auth,
    new_devices,
    ok,
    sw,
)


def read_record(card, rec: int) -> bytes:
    return card.process(bytes([0x00, 0xB2, rec, 0x04, 0x00]))


def update_record(card, rec: int, tlv: bytes) -> bytes:
    return card.process(bytes([0x00, 0xDC, rec, 0x04, len(tlv)]) + tlv)


def test_a_blank_card_shows_factory_records_and_reads_unwritten_ones_as_zeros(tmp_path):
    card, _ = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF05)
    rec1 = ok(card, bytes.fromhex("00B2010400"))
    assert rec1[:2] == bytes([0x01, 16]) and rec1[2:10].hex().upper() == "421303D156000005"
    assert ok(card, bytes.fromhex("00B2020400")) == b"\x02\x013"
    assert ok(card, bytes.fromhex("00B2030400")) == b"\x03\x043.00"
    assert ok(card, bytes.fromhex("00B2070400")) == b"\x07\x09" + bytes(9)


def test_free_and_protected_records_of_ef05(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF05)
    assert [sw(read_record(card, r)) for r in range(1, 8)] == [0x9000] * 4 + [0x6982, 0x6982, 0x9000]
    assert external_auth(card, psam, 0x0A) == 0x9000
    assert [sw(read_record(card, r)) for r in range(1, 8)] == [0x9000] * 7


def test_ef06_and_ef08_need_the_read_key(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF06)
    assert sw(read_record(card, 1)) == 0x6982
    ok(card, SELECT_EF08)
    assert sw(card.process(bytes.fromhex("00B0000010"))) == 0x6982
    external_auth(card, psam, 0x0A)
    assert card.process(bytes.fromhex("00B0000010")) == bytes(16) + b"\x90\x00"


def test_writing_needs_the_write_key_of_the_file(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF05)
    card_number = b"\x07\x09" + b"A12345678"
    assert sw(update_record(card, 7, card_number)) == 0x6982
    external_auth(card, psam, 0x04)  # the holder-data key does not open EF05
    assert sw(update_record(card, 7, card_number)) == 0x6982
    external_auth(card, psam, 0x05)
    assert sw(update_record(card, 7, card_number)) == 0x9000
    assert ok(card, bytes.fromhex("00B2070400")) == card_number
    ok(card, SELECT_EF06)
    name = b"\x09\x1e" + "张三".encode("gbk").ljust(30, b"\x00")
    assert sw(update_record(card, 2, name)) == 0x9000  # key 04 is still authenticated


def test_factory_records_are_never_writable(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF05)
    for kid in (0x0A, 0x04, 0x05):
        external_auth(card, psam, kid)
    assert sw(update_record(card, 3, b"\x03\x04" + b"9.99")) == 0x6982


def test_update_record_checks_tag_and_length(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF06)
    external_auth(card, psam, 0x04)
    assert sw(update_record(card, 1, b"\x09\x12" + b"1" * 18)) == 0x6A80  # tag of record 2 into record 1
    assert sw(update_record(card, 1, b"\x08\x11" + b"1" * 17)) == 0x6700  # shorter than the record
    assert sw(update_record(card, 1, b"\x08\x12" + b"1" * 17)) == 0x6700  # length byte says more than sent
    assert sw(update_record(card, 8, b"\x08\x12" + b"1" * 18)) == 0x6A83  # no record 8
    assert sw(update_record(card, 1, b"\x08\x12" + b"1" * 18)) == 0x9000


def test_read_record_by_sfi_and_by_tag(tmp_path):
    card, _ = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    assert sw(read_record(card, 3)) == 0x6986  # no current EF right after selecting the DF
    assert ok(card, bytes.fromhex("00B2032C00")) == b"\x03\x043.00"  # SFI 5
    assert ok(card, bytes.fromhex("00B2030000")) == b"\x03\x043.00"  # the record with tag 03


def test_ef08_is_written_and_read_with_offsets(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF08)
    external_auth(card, psam, 0x04)
    external_auth(card, psam, 0x0A)
    jpeg = bytes(range(256)) * 2
    for offset in range(0, len(jpeg), 200):
        chunk = jpeg[offset : offset + 200]
        ok(card, bytes([0x00, 0xD6, offset >> 8, offset & 0xFF, len(chunk)]) + chunk)
    assert ok(card, bytes.fromhex("00B0000000")) + ok(card, bytes.fromhex("00B0010000")) == jpeg
    assert sw(card.process(bytes.fromhex("00D60FFF02AAAA"))) == 0x6A84  # past the 4096 bytes
    rsp = card.process(bytes.fromhex("00B00FF810"))
    assert sw(rsp) == 0x6282 and len(data(rsp)) == 8
    assert sw(card.process(bytes.fromhex("00B0100001"))) == 0x6B00
    assert sw(card.process(bytes.fromhex("00B2010400"))) == 0x6981  # not a record file


def test_the_security_state_ends_with_a_reset_and_with_another_df(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    external_auth(card, psam, 0x0A)
    ok(card, SELECT_SSSE)  # the same DF again: still authenticated
    assert card.authenticated == {0x0A}
    ok(card, bytes.fromhex("00A404000C504B492EC9E7BBE1B1A3D5CF"))  # the PKI DDF
    assert card.authenticated == set()
    ok(card, SELECT_SSSE)
    external_auth(card, psam, 0x0A)
    card.reset()
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF06)
    assert sw(read_record(card, 1)) == 0x6982


def test_written_content_survives_removal(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF05)
    external_auth(card, psam, 0x05)
    ok(card, bytes.fromhex("00DC07040B0709") + b"B87654321")
    again = VirtualCard(card.path)
    again.reset()
    ok(again, SELECT_SSSE)
    ok(again, SELECT_EF05)
    assert ok(again, bytes.fromhex("00B2070400")) == b"\x07\x09B87654321"


def test_unknown_instructions_and_classes(tmp_path):
    card, _ = new_devices(tmp_path)
    assert sw(card.process(bytes.fromhex("00CA000000"))) == 0x6D00
    assert sw(card.process(bytes.fromhex("A0A40000023F00"))) == 0x6E00
    assert sw(card.process(bytes.fromhex("00A4000002"))) == 0x6700  # Lc says 2, no data
    assert sw(card.process(bytes.fromhex("00A4040002D156"))) == 0x6A82
