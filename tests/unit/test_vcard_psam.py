"""The simulated PSAM: terminal number, DELIVER KEY levels, CIPHER DATA encryption and MACs."""

from __future__ import annotations

from devices.vcard.sm4 import diversify, pad_80, sm4_ecb_encrypt, sm_mac
from tests.unit.vcard_helpers import data, new_devices, ok, sw

FACTOR_A, FACTOR_B = bytes.fromhex("421303FFFFFFFFFF"), bytes.fromhex("0123456789ABCDEF")


def test_the_terminal_number_is_6_bytes_bcd_in_sfi_16(tmp_path):
    _, psam = new_devices(tmp_path)
    assert ok(psam, bytes.fromhex("00B0960006")).hex() == "421303000001"
    _, wrong = new_devices(tmp_path, wrong_psam=True)
    assert ok(wrong, bytes.fromhex("00B0960006")).hex() == "421303000099"


def test_deliver_key_diversifies_once_per_level(tmp_path):
    _, psam = new_devices(tmp_path)
    master = psam.master_keys[(0x01, 0x0A)]
    ok(psam, bytes.fromhex("801A410A10") + FACTOR_A + FACTOR_B)  # 2 levels
    assert psam.temp_key == diversify(diversify(master, FACTOR_A), FACTOR_B)
    block = bytes(range(16))
    assert ok(psam, bytes.fromhex("80FA000010") + block) == sm4_ecb_encrypt(psam.temp_key, block)


def test_deliver_key_refusals(tmp_path):
    _, psam = new_devices(tmp_path)
    assert sw(psam.process(bytes.fromhex("801A410A08") + FACTOR_A)) == 0x6700  # 2 levels, 1 factor
    assert sw(psam.process(bytes.fromhex("801A010A08") + FACTOR_A)) == 0x6A86  # 0 levels
    assert sw(psam.process(bytes.fromhex("801A210808") + FACTOR_A)) == 0x6A88  # no key 08
    assert sw(psam.process(bytes.fromhex("801A220A08") + FACTOR_A)) == 0x6A88  # no key type 02


def test_cipher_data_needs_a_delivered_key_and_whole_blocks(tmp_path):
    _, psam = new_devices(tmp_path)
    assert sw(psam.process(bytes.fromhex("80FA000010") + bytes(16))) == 0x6985
    ok(psam, bytes.fromhex("801A210A08") + FACTOR_A)
    assert sw(psam.process(bytes.fromhex("80FA000008") + bytes(8))) == 0x6700
    psam.reset()
    assert sw(psam.process(bytes.fromhex("80FA000010") + bytes(16))) == 0x6985  # a reset forgets the key


def test_a_chained_mac_equals_the_single_command_mac(tmp_path):
    _, psam = new_devices(tmp_path)
    ok(psam, bytes.fromhex("801A210A08") + FACTOR_A)
    iv, message = bytes(range(16)), pad_80(bytes(range(40)))
    single = ok(psam, bytes([0x80, 0xFA, 0x05, 0x00, 16 + len(message)]) + iv + message)
    assert single == sm_mac(psam.temp_key, iv, message)
    assert ok(psam, bytes([0x80, 0xFA, 0x07, 0x00, 32]) + iv + message[:16]) == b""
    assert ok(psam, bytes([0x80, 0xFA, 0x03, 0x00, 16]) + message[16:32]) == b""
    rsp = psam.process(bytes([0x80, 0xFA, 0x01, 0x00, 16]) + message[32:])
    assert data(rsp) == single and sw(rsp) == 0x9000


def test_a_mac_chain_cannot_continue_without_its_first_block(tmp_path):
    _, psam = new_devices(tmp_path)
    ok(psam, bytes.fromhex("801A210A08") + FACTOR_A)
    assert sw(psam.process(bytes.fromhex("80FA030010") + bytes(16))) == 0x6985
