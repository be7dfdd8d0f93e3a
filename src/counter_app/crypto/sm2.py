"""SM2 signatures (GB/T 32918.2) through gmssl's ``CryptSM2``, with bytes in and out.

gmssl's ``sign_with_sm3``/``verify_with_sm3`` hash ``Z || M`` with Z computed for the fixed user ID
``1234567812345678`` (the GM/T 0009 default); this module computes Z itself so that the user ID can be
given and so that three gmssl habits do no harm:

- ``CryptSM2.__init__`` does ``public_key.lstrip("04")``, which also eats a leading 0 or 4 of x; the
  public key is therefore set on the instance after construction;
- its nonce comes from ``random.choice`` (not a CSPRNG): the nonce is drawn here with ``secrets``;
- ``verify`` does not check that r and s lie in [1, n-1]: checked here.

Keys: private key 32 bytes; public key 65 bytes uncompressed (``04 || x || y``). Signatures: 64 bytes
``r || s`` (:func:`signature_to_der` / :func:`signature_from_der` convert to the ASN.1 form).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from gmssl import sm2 as _gm_sm2

from counter_app.crypto.backends import Backend, sm3_digest

DEFAULT_USER_ID = b"1234567812345678"
CURVE = _gm_sm2.default_ecc_table  # the recommended curve sm2p256v1 (hex strings)


class Sm2Error(ValueError):
    """A malformed SM2 key or signature."""


@dataclass(frozen=True)
class Sm2KeyPair:
    private_key: bytes = field(repr=False)
    public_key: bytes  # 04 || x || y

    def private_hex(self) -> str:
        return self.private_key.hex()


def _n(curve: dict) -> int:
    return int(curve["n"], 16)


def _coord_len(curve: dict) -> int:
    return len(curve["n"]) // 2


def _crypt(private_key: bytes | None, public_key: bytes | None, curve: dict) -> _gm_sm2.CryptSM2:
    c = _gm_sm2.CryptSM2(private_key=private_key.hex() if private_key else None, public_key="", ecc_table=curve)
    if public_key is not None:
        c.public_key = _public_xy(public_key, curve).hex()  # not through __init__: see the module docstring
    return c


def _public_xy(public_key: bytes, curve: dict) -> bytes:
    size = _coord_len(curve)
    if len(public_key) == 2 * size + 1 and public_key[0] == 0x04:
        return public_key[1:]
    if len(public_key) == 2 * size:
        return public_key
    raise Sm2Error(f"SM2 public key must be 65 bytes (04||x||y) or 64 bytes (x||y), not {len(public_key)}")


def public_key_of(private_key: bytes, curve: dict = CURVE) -> bytes:
    d = int.from_bytes(private_key, "big")
    if not 1 <= d <= _n(curve) - 2:
        raise Sm2Error("SM2 private key out of range")
    c = _crypt(private_key, None, curve)
    xy = c._kg(d, curve["g"])  # gmssl has no public key derivation; _kg is its scalar multiplication
    return b"\x04" + bytes.fromhex(xy)


def generate_keypair(curve: dict = CURVE) -> Sm2KeyPair:
    size = _coord_len(curve)
    d = secrets.randbelow(_n(curve) - 2) + 1
    private = d.to_bytes(size, "big")
    return Sm2KeyPair(private, public_key_of(private, curve))


def z_value(public_key: bytes, user_id: bytes = DEFAULT_USER_ID, curve: dict = CURVE,
            backend: Backend | str | None = None) -> bytes:
    """Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), ENTL being the ID length in bits (2 bytes)."""
    if len(user_id) * 8 > 0xFFFF:
        raise Sm2Error("SM2 user ID too long")
    data = ((len(user_id) * 8).to_bytes(2, "big") + user_id + bytes.fromhex(curve["a"]) + bytes.fromhex(curve["b"])
            + bytes.fromhex(curve["g"]) + _public_xy(public_key, curve))
    return sm3_digest(data, backend)


def message_digest(public_key: bytes, message: bytes, user_id: bytes = DEFAULT_USER_ID, curve: dict = CURVE,
                   backend: Backend | str | None = None) -> bytes:
    """e = SM3(Z || M): what is actually signed."""
    return sm3_digest(z_value(public_key, user_id, curve, backend) + message, backend)


def sign(private_key: bytes, message: bytes, *, public_key: bytes | None = None,
         user_id: bytes = DEFAULT_USER_ID, curve: dict = CURVE, _nonce: bytes | None = None) -> bytes:
    """Sign ``message`` (SM3 with Z). Returns 64 bytes r||s. ``_nonce`` is for standard test vectors only."""
    if public_key is None:
        public_key = public_key_of(private_key, curve)
    e = message_digest(public_key, message, user_id, curve)
    c = _crypt(private_key, public_key, curve)
    size = _coord_len(curve)
    n = _n(curve)
    while True:
        k = int.from_bytes(_nonce, "big") if _nonce else secrets.randbelow(n - 1) + 1
        sig = c.sign(e, f"{k:0{2 * size}x}")
        if sig is not None:  # gmssl returns None for the rare r == 0, r + k == n or s == 0: draw again
            return bytes.fromhex(sig)
        if _nonce:
            raise Sm2Error("the given nonce gives no signature")


def verify(public_key: bytes, message: bytes, signature: bytes, *, user_id: bytes = DEFAULT_USER_ID,
           curve: dict = CURVE) -> bool:
    """True when ``signature`` (64 bytes r||s) is a valid SM2 signature of ``message`` by ``public_key``."""
    size = _coord_len(curve)
    if len(signature) != 2 * size:
        return False
    n = _n(curve)
    r = int.from_bytes(signature[:size], "big")
    s = int.from_bytes(signature[size:], "big")
    if not (1 <= r < n and 1 <= s < n):
        return False
    try:
        e = message_digest(public_key, message, user_id, curve)
    except Sm2Error:
        return False
    return bool(_crypt(None, public_key, curve).verify(signature.hex(), e))


def signature_to_der(signature: bytes) -> bytes:
    half = len(signature) // 2
    return encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))


def signature_from_der(der: bytes, size: int = 32) -> bytes:
    try:
        r, s = decode_dss_signature(der)
    except ValueError as exc:
        raise Sm2Error(f"malformed DER SM2 signature: {exc}") from exc
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")
