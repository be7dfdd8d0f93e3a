"""What a terminal sees to recognise a card: SSC 3.0, second generation, or no social security card at all."""

from __future__ import annotations

from tests.unit.vcard_helpers import SELECT_EF05, SELECT_SSSE, new_devices, ok, sw


def test_a_3_0_card_announces_sm4_in_the_ssse_fci_and_3_00_in_ef05(tmp_path):
    card, _ = new_devices(tmp_path)
    fci = ok(card, SELECT_SSSE)
    assert fci.startswith(bytes.fromhex("6F19840F7378312E73682EC9E7BBE1B1A3D5CF"))
    assert bytes.fromhex("9F0C03860103") in fci
    ok(card, SELECT_EF05)
    assert ok(card, bytes.fromhex("00B2030400")) == b"\x03\x043.00"


def test_a_second_generation_card_has_no_9f0c_and_version_2_00(tmp_path):
    card, _ = new_devices(tmp_path, kind="ssc2")
    fci = ok(card, SELECT_SSSE)
    assert b"\x9f\x0c" not in fci
    ok(card, SELECT_EF05)
    assert ok(card, bytes.fromhex("00B2030400")) == b"\x03\x042.00"
    assert sw(card.process(bytes.fromhex("0088000010") + bytes(16))) == 0x6A81  # no SM4 authentication


def test_a_card_without_the_social_security_application(tmp_path):
    card, _ = new_devices(tmp_path, kind="non_ssc")
    assert sw(card.process(SELECT_SSSE)) == 0x6A82
    assert sw(card.process(bytes.fromhex("00A40000023F00"))) == 0x9000


def test_atrs_are_t1_with_a_check_byte(tmp_path):
    card, psam = new_devices(tmp_path)
    for atr in (card.reset(), psam.reset()):
        assert atr[0] == 0x3B and atr[2] == 0x81  # TD1: T=1
        check = 0
        for b in atr[1:]:
            check ^= b
        assert check == 0
    assert b"VSSC3.00" in card.reset() and b"VPSAM" in psam.reset()
