"""The enveloped encryption key (``enc_key_envelope``) opens exactly as the PKI contract says the card opens it:

    C1 (65, 04||x||y) || C3 (32) || C2 (16)   SM2 encryption (GM/T 0003.4, C1C3C2) of an SM4 key k to the card's
                                              signing public key
    SM4-ECB(k, d_enc)  (32)                   the encryption private key, no padding
    P_enc (65)                                its public key

The decryption here is written from the standard with gmssl's curve arithmetic, SM3 and SM4 (the CA encrypts
with its own code and OpenSSL's SM3/SM4), so the two sides share nothing but the contract.
"""

from __future__ import annotations

import pytest
from gmssl import sm3, sm4

from counter_app.crypto import x509
from tests.ledger import ca_support
from tests.ledger.ca_support import CURVE, Card, LedgerDriver, der
from tests.ledger.ca_support import sm2 as gm_sm2

ca, ca_client, driver = ca_support.ca, ca_support.ca_client, ca_support.driver  # the fixtures used here

P = int(CURVE["p"], 16)
A = int(CURVE["a"], 16)
B = int(CURVE["b"], 16)


class EnvelopeRefused(Exception):
    """What the card answers 6A80 for."""


def _mul(k: int, point_xy: bytes) -> bytes:
    return bytes.fromhex(gm_sm2.CryptSM2(private_key=None, public_key="")._kg(k, point_xy.hex()))


def _sm3(data: bytes) -> bytes:
    return bytes.fromhex(sm3.sm3_hash(list(data)))


def sm2_decrypt_c1c3c2(d: int, ciphertext: bytes) -> bytes:
    """GM/T 0003.4 decryption: C1 on the curve, (x2, y2) = d·C1, t = KDF(x2||y2), M = C2 xor t, C3 checked."""
    c1, c3, c2 = ciphertext[:65], ciphertext[65:97], ciphertext[97:]
    x, y = int.from_bytes(c1[1:33], "big"), int.from_bytes(c1[33:], "big")
    if c1[0] != 0x04 or (y * y - x * x * x - A * x - B) % P:
        raise EnvelopeRefused("C1 is not a point of the curve")
    shared = _mul(d, c1[1:])
    t = bytes.fromhex(sm3.sm3_kdf(shared.hex().encode(), len(c2)))
    if not any(t):
        raise EnvelopeRefused("all-zero key stream")
    m = bytes(a ^ b for a, b in zip(c2, t, strict=True))
    if _sm3(shared[:32] + m + shared[32:]) != c3:
        raise EnvelopeRefused("C3 does not match")
    return m


def open_envelope(card: Card, envelope: bytes) -> tuple[int, bytes]:
    """What IMPORT ENCRYPTION KEY PAIR does with the 210 bytes: returns (d_enc, P_enc) or refuses."""
    if len(envelope) != 210:
        raise EnvelopeRefused("wrong length (6700)")
    k = sm2_decrypt_c1c3c2(card.private_key, envelope[:113])
    cipher = sm4.CryptSM4()
    cipher.set_key(k, sm4.SM4_DECRYPT)
    d_enc = int.from_bytes(b"".join(bytes(cipher.one_round(cipher.sk, list(envelope[113 + i:129 + i])))
                                    for i in (0, 16)), "big")
    p_enc = envelope[145:]
    if b"\x04" + _mul(d_enc, bytes.fromhex(CURVE["g"])) != p_enc:
        raise EnvelopeRefused("d_enc·G != P_enc")
    return d_enc, p_enc


def test_the_card_opens_the_envelope_with_its_signing_key(driver: LedgerDriver):
    card = driver.card()
    answer = driver.certificates(card)
    envelope = bytes.fromhex(answer["enc_key_envelope"])
    assert len(envelope) == 113 + 32 + 65

    d_enc, p_enc = open_envelope(card, envelope)
    assert 1 <= d_enc < int(CURVE["n"], 16) - 1
    assert x509.load_certificate(der(answer["enc_certificate"])).public_key == p_enc


def test_another_card_cannot_open_it(driver: LedgerDriver):
    answer = driver.certificates(driver.card())
    with pytest.raises(EnvelopeRefused, match="C3"):
        open_envelope(Card("X"), bytes.fromhex(answer["enc_key_envelope"]))


def test_an_altered_envelope_is_refused(driver: LedgerDriver):
    card = driver.card()
    envelope = bytearray.fromhex(driver.certificates(card)["enc_key_envelope"])
    envelope[100] ^= 0x01  # a bit of C2, i.e. of the SM4 key
    with pytest.raises(EnvelopeRefused, match="C3"):
        open_envelope(card, bytes(envelope))
    envelope[100] ^= 0x01
    envelope[120] ^= 0x01  # a bit of the encrypted private key
    with pytest.raises(EnvelopeRefused, match="P_enc"):
        open_envelope(card, bytes(envelope))


def test_every_card_gets_its_own_encryption_key(driver: LedgerDriver):
    first, second = driver.card(), driver.card()
    keys = {open_envelope(c, bytes.fromhex(driver.certificates(c)["enc_key_envelope"]))[0] for c in (first, second)}
    assert len(keys) == 2


def test_the_ledger_keeps_no_encryption_private_key_in_clear(driver: LedgerDriver, storage):
    card = driver.card()
    d_enc, _ = open_envelope(card, bytes.fromhex(driver.certificates(card)["enc_key_envelope"]))
    secret = f"{d_enc:064x}"
    with storage.transaction() as tx:
        tables = [tx.all(f"SELECT * FROM {t}") for t in ("certificates", "certificate_requests")]
    assert all(secret not in str(v).lower() for rows in tables for row in rows for v in row.values())
