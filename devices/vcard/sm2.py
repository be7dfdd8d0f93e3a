"""SM2 on the recommended curve sm2p256v1 (GB/T 32918), as the simulated card computes it.

Small affine/Jacobian arithmetic of its own plus SM3 from OpenSSL (through `cryptography`), deliberately
not gmssl: the counter application uses gmssl, and a mistake shared by both sides must not pass the tests
(the same reason as in sm4.py). Only what a card needs: key generation, signing a digest the terminal
computed (e = SM3(Z ‖ M)), and decryption of a C1C3C2 ciphertext (GM/T 0003.4 with the SM3 KDF).
Nonces and private keys come from `secrets`.

Not constant-time: this is a simulated card for tests and demonstrations, never a place for real keys.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes

# sm2p256v1, GB/T 32918.5 (hex as in the standard)
P = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16)
A = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC", 16)
B = int("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93", 16)
N = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)
GX = int("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7", 16)
GY = int("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0", 16)
SIZE = 32  # bytes per coordinate and per scalar
PUBLIC_KEY_SIZE = 1 + 2 * SIZE  # 04 ‖ x ‖ y

Point = tuple[int, int] | None  # affine; None is the point at infinity
_Jacobian = tuple[int, int, int]  # (X, Y, Z) with x = X/Z², y = Y/Z³; Z = 0 at infinity

G: Point = (GX, GY)


class Sm2Error(ValueError):
    """Malformed input: a point not on the curve, a ciphertext that does not decrypt (C3 differs)."""


@dataclass(frozen=True)
class KeyPair:
    private: int
    public: bytes  # 04 ‖ x ‖ y


def sm3(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


# -- curve arithmetic --------------------------------------------------------------------------------------


def _to_jacobian(pt: Point) -> _Jacobian:
    return (0, 1, 0) if pt is None else (pt[0], pt[1], 1)


def _to_affine(pt: _Jacobian) -> Point:
    x, y, z = pt
    if z == 0:
        return None
    zi = pow(z, -1, P)
    zi2 = zi * zi % P
    return (x * zi2 % P, y * zi2 * zi % P)


def _double(pt: _Jacobian) -> _Jacobian:
    x, y, z = pt
    if z == 0 or y == 0:
        return (0, 1, 0)
    yy = y * y % P
    s = 4 * x * yy % P
    zz = z * z % P
    m = (3 * x * x + A * zz * zz) % P
    x3 = (m * m - 2 * s) % P
    y3 = (m * (s - x3) - 8 * yy * yy) % P
    z3 = 2 * y * z % P
    return (x3, y3, z3)


def _add(p1: _Jacobian, p2: _Jacobian) -> _Jacobian:
    x1, y1, z1 = p1
    x2, y2, z2 = p2
    if z1 == 0:
        return p2
    if z2 == 0:
        return p1
    z1z1, z2z2 = z1 * z1 % P, z2 * z2 % P
    u1, u2 = x1 * z2z2 % P, x2 * z1z1 % P
    s1, s2 = y1 * z2 * z2z2 % P, y2 * z1 * z1z1 % P
    if u1 == u2:
        return _double(p1) if s1 == s2 else (0, 1, 0)
    h = (u2 - u1) % P
    r = (s2 - s1) % P
    hh = h * h % P
    hhh = h * hh % P
    v = u1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    y3 = (r * (v - x3) - s1 * hhh) % P
    z3 = h * z1 * z2 % P
    return (x3, y3, z3)


def multiply(k: int, pt: Point) -> Point:
    """k·pt (double-and-add, most significant bit first)."""
    acc: _Jacobian = (0, 1, 0)
    base = _to_jacobian(pt)
    for bit in bin(k % N)[2:] if k % N else "":
        acc = _double(acc)
        if bit == "1":
            acc = _add(acc, base)
    return _to_affine(acc)


def on_curve(pt: Point) -> bool:
    if pt is None:
        return False
    x, y = pt
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


def encode_point(pt: Point) -> bytes:
    if pt is None:
        raise Sm2Error("the point at infinity has no encoding")
    return b"\x04" + pt[0].to_bytes(SIZE, "big") + pt[1].to_bytes(SIZE, "big")


def decode_point(data: bytes) -> Point:
    """An uncompressed point 04 ‖ x ‖ y that lies on the curve."""
    if len(data) != PUBLIC_KEY_SIZE or data[0] != 0x04:
        raise Sm2Error("an SM2 point is 65 bytes 04 ‖ x ‖ y")
    pt = (int.from_bytes(data[1 : 1 + SIZE], "big"), int.from_bytes(data[1 + SIZE :], "big"))
    if not on_curve(pt):
        raise Sm2Error("the point is not on sm2p256v1")
    return pt


# -- keys, signatures, decryption --------------------------------------------------------------------------


def generate_keypair() -> KeyPair:
    """d uniform in [1, n-2] (GB/T 32918.1 6.1), P = d·G."""
    d = secrets.randbelow(N - 2) + 1
    return KeyPair(d, public_key_of(d))


def public_key_of(d: int) -> bytes:
    return encode_point(multiply(d, G))


def sign_digest(d: int, e: bytes) -> bytes:
    """The SM2 signature r ‖ s (64 bytes) of the digest e (GB/T 32918.2 6.1, steps A3-A7)."""
    if not 1 <= d <= N - 2:
        raise Sm2Error("private key out of range")
    e_int = int.from_bytes(e, "big")
    while True:
        k = secrets.randbelow(N - 1) + 1
        x1, _ = multiply(k, G)  # type: ignore[misc]  # k in [1, n-1]: never infinity
        r = (e_int + x1) % N
        if r == 0 or r + k == N:
            continue
        s = pow(1 + d, -1, N) * (k - r * d) % N
        if s == 0:
            continue
        return r.to_bytes(SIZE, "big") + s.to_bytes(SIZE, "big")


def kdf(z: bytes, length: int) -> bytes:
    """GM/T 0003.4 KDF with SM3: SM3(Z ‖ ct) for ct = 1, 2, … (32-bit big-endian), cut to `length` bytes."""
    out = bytearray()
    counter = 1
    while len(out) < length:
        out += sm3(z + counter.to_bytes(4, "big"))
        counter += 1
    return bytes(out[:length])


def decrypt_c1c3c2(d: int, ciphertext: bytes) -> bytes:
    """GM/T 0003.4 decryption (section 7.1), ciphertext in C1 ‖ C3 ‖ C2 order with C1 uncompressed.

    Raises Sm2Error when C1 is not on the curve, the KDF output is all zero, or C3 does not match."""
    if len(ciphertext) <= PUBLIC_KEY_SIZE + SIZE:
        raise Sm2Error("ciphertext too short")
    c1 = decode_point(ciphertext[:PUBLIC_KEY_SIZE])
    c3 = ciphertext[PUBLIC_KEY_SIZE : PUBLIC_KEY_SIZE + SIZE]
    c2 = ciphertext[PUBLIC_KEY_SIZE + SIZE :]
    shared = multiply(d, c1)  # the cofactor h of sm2p256v1 is 1: S = [h]C1 is C1 itself, checked above
    if shared is None:
        raise Sm2Error("d·C1 is the point at infinity")
    x2, y2 = shared[0].to_bytes(SIZE, "big"), shared[1].to_bytes(SIZE, "big")
    t = kdf(x2 + y2, len(c2))
    if not any(t):
        raise Sm2Error("KDF output all zero")
    message = bytes(a ^ b for a, b in zip(c2, t, strict=True))
    if not hmac.compare_digest(sm3(x2 + message + y2), c3):
        raise Sm2Error("C3 does not match: wrong key or altered ciphertext")
    return message
