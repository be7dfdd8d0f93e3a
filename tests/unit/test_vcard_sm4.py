"""SM4 of the simulated card (OpenSSL through `cryptography`) and the key arithmetic of the spec."""

from __future__ import annotations

from devices.vcard.example import worked_example
from devices.vcard.sm4 import (
    card_factor,
    cryptogram,
    diversify,
    pad_80,
    region_factor,
    sm4_cbc_encrypt,
    sm4_ecb_decrypt,
    sm4_ecb_encrypt,
    sm_mac,
)

GMT_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")


def test_sm4_matches_the_gmt_0002_vector():
    assert sm4_ecb_encrypt(GMT_KEY, GMT_KEY).hex() == "681edf34d206965e86b3e94f536e4246"
    assert sm4_ecb_decrypt(GMT_KEY, bytes.fromhex("681edf34d206965e86b3e94f536e4246")) == GMT_KEY


def test_a_diversification_step_encrypts_the_factor_and_its_complement():
    f = bytes.fromhex("421303FFFFFFFFFF")
    assert diversify(GMT_KEY, f) == sm4_ecb_encrypt(GMT_KEY, f + bytes.fromhex("BDECFC0000000000"))


def test_region_and_card_factors_come_from_the_card_identification_code():
    cid = bytes.fromhex("421303D1560000050123456789ABCDEF")
    assert region_factor(cid).hex().upper() == "421303FFFFFFFFFF"
    assert card_factor(cid).hex().upper() == "0123456789ABCDEF"


def test_the_readme_worked_example_holds():
    values = worked_example()
    assert values["card key = step(., C)"] == "B692292047CDC38B46BE75FAFB6601CF"
    assert values["process key = step(card key, pf)"] == "E3AEB8C68382C0EF9454D7103E81EA03"
    assert values["cryptogram"] == "E0EDE5756847DD1D"
    card_key = bytes.fromhex(values["card key = step(., C)"])
    assert (
        cryptogram(card_key, bytes.fromhex("11" * 8), bytes.fromhex("22" * 8)).hex().upper()
        == "E0EDE5756847DD1D"
    )


def test_padding_is_iso9797_method_2():
    assert pad_80(b"") == b"\x80" + bytes(15)
    assert pad_80(bytes(15)) == bytes(15) + b"\x80"
    assert len(pad_80(bytes(16))) == 32


def test_the_secure_messaging_mac_folds_the_last_cbc_block_into_4_bytes():
    iv, padded = bytes(range(16)), pad_80(b"hello card")
    last = sm4_cbc_encrypt(GMT_KEY, iv, padded)[-16:]
    expected = bytes(last[i] ^ last[4 + i] ^ last[8 + i] ^ last[12 + i] for i in range(4))
    assert sm_mac(GMT_KEY, iv, padded) == expected
