"""SM4 against GM/T 0002-2012, explicit padding, CBC, and the two backends agreeing."""

from __future__ import annotations

import os

import pytest

from counter_app import crypto
from counter_app.crypto import Backend, Padding, PaddingError
from tests.realparts import need, need_openssl_backend

BACKENDS = [Backend.OPENSSL, Backend.GMSSL]  # both, always: OpenSSL with SM4 is a real part CI must have


@pytest.fixture(autouse=True)
def _openssl_with_sm4(request):
    """The OpenSSL backend is the fast path the counter uses; without it a test fails in CI."""
    need_openssl_backend(request, "SM4")
KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")


@pytest.mark.parametrize("backend", BACKENDS)
def test_standard_example_1_encrypts_and_decrypts(backend):
    ct = crypto.sm4_encrypt(KEY, KEY, padding=Padding.NONE, backend=backend)
    assert ct.hex() == "681edf34d206965e86b3e94f536e4246"
    assert crypto.sm4_decrypt(KEY, ct, padding=Padding.NONE, backend=backend) == KEY


def test_standard_example_2_one_million_encryptions():
    """The plaintext encrypted 1,000,000 times with the same key (on the fast backend)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    need(crypto.OPENSSL_AVAILABLE, "the million-block vector needs the OpenSSL backend (SM4) to run in reasonable time")
    # The facade builds a cipher per call; for a million blocks, reuse one OpenSSL ECB context.
    enc = Cipher(algorithms.SM4(KEY), modes.ECB()).encryptor()
    block = KEY
    for _ in range(1_000_000):
        block = enc.update(block)
    assert block.hex() == "595298c7c6fd271f0402f804c33d3f66"


@pytest.mark.parametrize("backend", BACKENDS)
def test_padding_must_be_named_and_none_refuses_partial_blocks(backend):
    with pytest.raises(PaddingError):
        crypto.sm4_encrypt(KEY, b"short", padding=Padding.NONE, backend=backend)
    with pytest.raises(TypeError):
        crypto.sm4_encrypt(KEY, b"short")  # type: ignore[call-arg]


@pytest.mark.parametrize("padding", [Padding.PKCS7, Padding.ISO9797_M2])
@pytest.mark.parametrize("length", [0, 1, 15, 16, 17, 32])
def test_padded_round_trip_ecb_and_cbc(padding, length):
    data = os.urandom(length)
    iv = os.urandom(16)
    ecb = crypto.sm4_encrypt(KEY, data, padding=padding)
    cbc = crypto.sm4_encrypt(KEY, data, padding=padding, iv=iv)
    assert len(ecb) == len(cbc) == (length // 16 + 1) * 16  # both paddings always add at least one byte
    assert crypto.sm4_decrypt(KEY, ecb, padding=padding) == data
    assert crypto.sm4_decrypt(KEY, cbc, padding=padding, iv=iv) == data


def test_iso9797_method_2_pads_with_80_then_zeros():
    assert crypto.pad(b"\x11" * 5, Padding.ISO9797_M2) == b"\x11" * 5 + b"\x80" + b"\x00" * 10
    assert crypto.pad(b"\x11" * 16, Padding.ISO9797_M2) == b"\x11" * 16 + b"\x80" + b"\x00" * 15
    with pytest.raises(PaddingError):
        crypto.unpad(b"\x11" * 16, Padding.ISO9797_M2)


def test_pkcs7_padding_is_checked_on_removal():
    with pytest.raises(PaddingError):
        crypto.unpad(b"\x00" * 15 + b"\x03", Padding.PKCS7)


@pytest.mark.openssl
@pytest.mark.parametrize("blocks", [1, 2, 5])
def test_both_backends_agree_on_random_inputs(blocks):
    key, iv, data = os.urandom(16), os.urandom(16), os.urandom(16 * blocks)
    for kwargs in ({}, {"iv": iv}):
        a = crypto.sm4_encrypt(key, data, padding=Padding.NONE, backend=Backend.OPENSSL, **kwargs)
        b = crypto.sm4_encrypt(key, data, padding=Padding.NONE, backend=Backend.GMSSL, **kwargs)
        assert a == b
        assert crypto.sm4_decrypt(key, a, padding=Padding.NONE, backend=Backend.GMSSL, **kwargs) == data


def test_card_mac_is_the_xor_of_the_words_of_the_last_cbc_block():
    challenge, data = os.urandom(16), os.urandom(21)
    last = crypto.sm4_encrypt(KEY, data, padding=Padding.ISO9797_M2, iv=challenge)[-16:]
    expected = bytes(last[i] ^ last[4 + i] ^ last[8 + i] ^ last[12 + i] for i in range(4))
    assert crypto.secure_messaging_mac(KEY, challenge, data) == expected
    assert crypto.secure_messaging_mac(KEY, challenge, data, backend=Backend.GMSSL) == expected


def test_diversification_step_encrypts_factor_and_its_complement():
    factor = bytes.fromhex("421303ffffffffff")
    child = crypto.diversify(KEY, factor)
    assert child == crypto.sm4_encrypt(KEY, factor + bytes(b ^ 0xFF for b in factor), padding=Padding.NONE)


def test_card_key_uses_region_then_card_factor():
    card_id = bytes.fromhex("421303D156000005" "0123456789ABCDEF")
    assert crypto.region_factor(card_id) == bytes.fromhex("421303FFFFFFFFFF")
    assert crypto.card_factor(card_id) == bytes.fromhex("0123456789ABCDEF")
    expected = crypto.diversify(crypto.diversify(KEY, crypto.region_factor(card_id)), crypto.card_factor(card_id))
    assert crypto.card_key(KEY, card_id) == expected


def test_cryptogram_is_first_8_bytes_of_padded_source_under_process_key():
    ck, pf, src = os.urandom(16), os.urandom(8), os.urandom(8)
    pk = crypto.process_key(ck, pf)
    full = crypto.sm4_encrypt(pk, src, padding=Padding.ISO9797_M2)
    assert crypto.auth_cryptogram(ck, pf, src) == full[:8]


@pytest.mark.parametrize("backend", BACKENDS)
def test_card_key_and_cryptogram_of_the_devices_worked_example(backend):
    """devices/vcard/README.md "Worked example", computed there with another SM4 implementation."""
    master = bytes.fromhex("000102030405060708090A0B0C0D0E0F")
    card_id = bytes.fromhex("421303D1560000050123456789ABCDEF")
    ck = crypto.card_key(master, card_id, backend)
    assert ck.hex().upper() == "B692292047CDC38B46BE75FAFB6601CF"
    pk = crypto.process_key(ck, bytes.fromhex("1111111111111111"), backend)
    assert pk.hex().upper() == "E3AEB8C68382C0EF9454D7103E81EA03"
    assert crypto.cryptogram(pk, bytes.fromhex("2222222222222222"), backend).hex().upper() == "E0EDE5756847DD1D"
