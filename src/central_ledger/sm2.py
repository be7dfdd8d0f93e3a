"""The CA's private-key side of SM2: key pairs, signatures and public-key encryption (GB/T 32918).

:mod:`central_ledger.crypto` only verifies; the CA also signs (certificates, CRLs) and encrypts (the enveloped
encryption key for a card). As there, gmssl does only the curve arithmetic and the digests go through OpenSSL's
SM3; every random number (private keys, signature nonces, encryption nonces) comes from :mod:`secrets`, never
from gmssl's ``random``-based helpers.

Encryption is GM/T 0003.4 (GB/T 32918.4) with the output in the order ``C1 || C3 || C2`` (GM/T 0009), C1
uncompressed with its ``04`` byte (65 bytes), C3 = SM3(x2 || M || y2) (32 bytes), C2 = M xor KDF(x2 || y2, |M|)
with the SM3 counter-mode KDF.
"""

from __future__ import annotations

import secrets

from gmssl import sm2 as _gm_sm2

from central_ledger.crypto import is_valid_public_key, signed_digest, sm3_digest

CURVE = _gm_sm2.default_ecc_table
N = int(CURVE["n"], 16)
_SIZE = 32


class Sm2Failure(ValueError):
    """An SM2 operation could not be done with these inputs (a key off the curve, a degenerate point)."""


def _arith() -> _gm_sm2.CryptSM2:
    # Only the point arithmetic of this object is used: no key is set through __init__ (its lstrip("04")).
    return _gm_sm2.CryptSM2(private_key=None, public_key="", ecc_table=CURVE)


def _multiply(k: int, point_xy_hex: str) -> bytes:
    """k·P as x || y (64 bytes); raises on the point at infinity."""
    xy = _arith()._kg(k, point_xy_hex)
    if xy is None:
        raise Sm2Failure("point at infinity")
    return bytes.fromhex(xy)


def new_private_key() -> int:
    """d drawn uniformly from [1, n-2] (d = n-1 has no signature: 1 + d would not be invertible)."""
    return secrets.randbelow(N - 2) + 1


def public_key_of(d: int) -> bytes:
    """The public key ``04 || x || y`` (65 bytes) of the private key d."""
    if not 1 <= d <= N - 2:
        raise Sm2Failure("private key out of range")
    return b"\x04" + _multiply(d, CURVE["g"])


def sign(d: int, public_key: bytes, message: bytes) -> bytes:
    """SM2 signature ``r || s`` (64 bytes) of SM3(Z || message), Z for the ID ``1234567812345678``."""
    e = signed_digest(public_key.hex(), message)
    crypt = _gm_sm2.CryptSM2(private_key=f"{d:064x}", public_key="", ecc_table=CURVE)
    while True:
        k = secrets.randbelow(N - 1) + 1
        sig = crypt.sign(e, f"{k:064x}")
        if sig is not None:  # None: r == 0, r + k == n or s == 0; draw another nonce
            return bytes.fromhex(sig)


def _kdf(z: bytes, length: int) -> bytes:
    out = b""
    counter = 1
    while len(out) < length:
        out += sm3_digest(z + counter.to_bytes(4, "big"))
        counter += 1
    return out[:length]


def encrypt(public_key: bytes, plaintext: bytes) -> bytes:
    """SM2 public-key encryption of ``plaintext`` to ``public_key`` (65 bytes): ``C1 || C3 || C2``."""
    if not plaintext:
        raise Sm2Failure("nothing to encrypt")
    if not is_valid_public_key(public_key.hex()):
        raise Sm2Failure("the public key is not a point of the SM2 curve")
    target = public_key[1:].hex()
    while True:
        k = secrets.randbelow(N - 1) + 1
        c1 = b"\x04" + _multiply(k, CURVE["g"])
        shared = _multiply(k, target)  # (x2, y2) = k·P_B; the cofactor of sm2p256v1 is 1, so S = h·P_B ≠ O
        t = _kdf(shared, len(plaintext))
        if any(t):  # an all-zero key stream would leak the plaintext: the standard says draw k again
            break
    c2 = bytes(m ^ x for m, x in zip(plaintext, t, strict=True))
    c3 = sm3_digest(shared[:_SIZE] + plaintext + shared[_SIZE:])
    return c1 + c3 + c2
