"""The ledger's side of IMPORT ENCRYPTION KEY PAIR, written for the tests from the PKI contract alone.

An envelope (210 bytes) = ``C1 ‖ C3 ‖ C2`` — the SM2 encryption (GM/T 0003.4, C1C3C2 order, C1 as
``04 ‖ x ‖ y``) of a fresh 16-byte SM4 key k to the card's signing public key — then ``SM4-ECB(k, d_enc)``
(32 bytes, no padding), then ``P_enc`` (65 bytes).

Computed with gmssl throughout (curve arithmetic, SM3 KDF and hash, SM4), while the simulated card
decrypts with its own arithmetic and OpenSSL's SM3/SM4: a mistake shared by both cannot pass.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from gmssl import sm2 as gm_sm2
from gmssl import sm3 as gm_sm3

from counter_app.crypto import Padding, sm4_encrypt
from counter_app.crypto.sm2 import CURVE, Sm2KeyPair, generate_keypair

N = int(CURVE["n"], 16)


def sm2_encrypt_c1c3c2(public_key: bytes, message: bytes) -> bytes:
    """GM/T 0003.4 encryption to ``public_key`` (65 bytes), answered as ``04‖x1‖y1 ‖ C3 ‖ C2``."""
    crypt = gm_sm2.CryptSM2(private_key=None, public_key="", ecc_table=CURVE)
    crypt.public_key = public_key[1:].hex()  # not through __init__: it strips a leading "04" of x as well
    while True:
        k = secrets.randbelow(N - 1) + 1
        c1 = bytes.fromhex(crypt._kg(k, CURVE["g"]))
        shared = crypt._kg(k, crypt.public_key)  # hex x2 ‖ y2
        t = bytes.fromhex(gm_sm3.sm3_kdf(shared.encode(), len(message)))
        if any(t):
            break
    x2, y2 = bytes.fromhex(shared[:64]), bytes.fromhex(shared[64:])
    c2 = bytes(a ^ b for a, b in zip(message, t, strict=True))
    c3 = bytes.fromhex(gm_sm3.sm3_hash(list(x2 + message + y2)))
    return b"\x04" + c1 + c3 + c2


@dataclass(frozen=True)
class Envelope:
    data: bytes  # the 210 bytes for 80 D4 00 02 D2
    enc_pair: Sm2KeyPair


def make_envelope(sign_public_key: bytes, enc_pair: Sm2KeyPair | None = None) -> Envelope:
    """An envelope carrying ``enc_pair`` (a fresh pair by default) to the card of ``sign_public_key``."""
    enc_pair = enc_pair or generate_keypair()
    k = secrets.token_bytes(16)
    wrapped = sm4_encrypt(k, enc_pair.private_key, padding=Padding.NONE, backend="gmssl")
    data = sm2_encrypt_c1c3c2(sign_public_key, k) + wrapped + enc_pair.public_key
    assert len(data) == 210
    return Envelope(data, enc_pair)
