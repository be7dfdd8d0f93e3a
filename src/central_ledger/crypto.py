"""The ledger's own cryptography: canonical JSON, SM3, SM2 signature checks and card-number check characters.

This module is the ledger's side of the counter protocol and is written independently of ``counter_app``
(the ledger is the outside world to the counter): a mistake shared by both sides could not be seen by tests.

Signatures are SM2 with SM3 over ``Z || M`` where Z is computed for the user ID ``1234567812345678``
(GM/T 0009 default), exactly what gmssl's ``CryptSM2.sign_with_sm3`` / ``verify_with_sm3`` do. Three gmssl
habits are guarded against here:

- ``CryptSM2.__init__`` strips the ``04`` prefix with ``lstrip("04")``, which also eats leading ``0``/``4``
  digits of x: the public key is set on the instance after construction instead;
- ``verify`` does not check that r and s lie in [1, n-1], nor that the public key is a point of the curve:
  both are checked here (an off-curve key is refused at registration);
- ``verify`` can raise on degenerate inputs (the point at infinity): any exception means "not verified".

gmssl's SM3 is pure Python (about 0.7 ms per 64-byte block: 1.5 s for a 500-event batch), so the digest
``e = SM3(Z || M)`` is computed here with OpenSSL's SM3 (through ``cryptography``) exactly as gmssl's
``_sm3_z`` builds it, and only the curve arithmetic is left to gmssl's ``verify``. A test checks that this gives
the same answers as ``verify_with_sm3``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cryptography.hazmat.primitives import hashes
from gmssl import sm2 as _gm_sm2

_CURVE = _gm_sm2.default_ecc_table
_P = int(_CURVE["p"], 16)
_A = int(_CURVE["a"], 16)
_B = int(_CURVE["b"], 16)
_N = int(_CURVE["n"], 16)
DEFAULT_USER_ID = b"1234567812345678"

PUBLIC_KEY_RE = re.compile(r"^04[0-9a-fA-F]{128}$")
SIGNATURE_RE = re.compile(r"^[0-9a-fA-F]{128}$")
SM3_HEX_RE = re.compile(r"^[0-9a-f]{64}$")


class CanonicalJsonError(ValueError):
    """A value that has no canonical JSON form (NaN, infinity, a lone surrogate)."""


def canonical_json(obj: Any) -> bytes:
    """The exact bytes that are signed and compared: sorted keys, no spaces, UTF-8, no ASCII escaping.

    ``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)``
    encoded as UTF-8. NaN and infinities have no JSON form and are refused.
    """
    try:
        text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8")
    except ValueError as exc:  # NaN, infinity; UnicodeEncodeError (a lone surrogate) is a ValueError too
        raise CanonicalJsonError(str(exc)) from exc


def sm3_hex(data: bytes) -> str:
    """SM3 digest of ``data`` as 64 lowercase hex characters."""
    return sm3_digest(data).hex()


def sm3_digest(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def signed_digest(public_key_hex: str, message: bytes) -> bytes:
    """e = SM3(Z || M), Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for ID ``1234567812345678``."""
    z = sm3_digest((len(DEFAULT_USER_ID) * 8).to_bytes(2, "big") + DEFAULT_USER_ID
                   + bytes.fromhex(_CURVE["a"] + _CURVE["b"] + _CURVE["g"]) + bytes.fromhex(public_key_hex[2:]))
    return sm3_digest(z + message)


def is_valid_public_key(public_key_hex: str) -> bool:
    """True for an uncompressed SM2 public key ``04 || x || y`` (hex) that lies on the curve sm2p256v1."""
    if not isinstance(public_key_hex, str) or not PUBLIC_KEY_RE.match(public_key_hex):
        return False
    x = int(public_key_hex[2:66], 16)
    y = int(public_key_hex[66:], 16)
    if not (0 <= x < _P and 0 <= y < _P):
        return False
    return (y * y - (x * x * x + _A * x + _B)) % _P == 0


def verify_signature(public_key_hex: str, message: bytes, signature_hex: str) -> bool:
    """True when ``signature_hex`` (r || s, 128 hex) is an SM2-with-SM3 signature of ``message``.

    ``public_key_hex`` must already have passed :func:`is_valid_public_key` (it is checked at registration).
    """
    if not isinstance(signature_hex, str) or not SIGNATURE_RE.match(signature_hex):
        return False
    if not is_valid_public_key(public_key_hex):
        return False
    r = int(signature_hex[:64], 16)
    s = int(signature_hex[64:], 16)
    if not (1 <= r < _N and 1 <= s < _N):
        return False
    crypt = _gm_sm2.CryptSM2(private_key=None, public_key="", ecc_table=_CURVE)
    crypt.public_key = public_key_hex[2:].lower()  # x || y, set here and not through __init__ (see above)
    try:
        return bool(crypt.verify(signature_hex.lower(), signed_digest(public_key_hex, message)))
    except Exception:  # degenerate points make gmssl raise: such a signature is simply not valid
        return False


# -- card numbers (社会保障卡卡号) ------------------------------------------------------------------------

CARD_NUMBER_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
CARD_BODY_RE = re.compile(r"^[0-9A-Z]{8}$")
CARD_NUMBER_RE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")


def _char_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def card_check_char(body: str) -> str:
    """Check character for an 8-character card-number body: C = 11 - (S mod 11); 10 -> 'X', 11 -> '0'.

    S = sum of value(c_i) * W_i with value = the digit, or A=10 ... Z=35, and W = 3 7 9 10 5 8 4 2.
    """
    if not CARD_BODY_RE.match(body):
        raise ValueError(f"card number body must be 8 digits or capital letters: {body!r}")
    s = sum(_char_value(c) * w for c, w in zip(body, CARD_NUMBER_WEIGHTS, strict=True))
    c = 11 - (s % 11)
    return "X" if c == 10 else "0" if c == 11 else str(c)


def is_valid_card_number(number: str) -> bool:
    """True for 9 characters whose last one is the check character of the first eight."""
    return bool(isinstance(number, str) and CARD_NUMBER_RE.match(number)) and card_check_char(number[:8]) == number[8]


# -- keyed blind indexes (HMAC-SM3) and bank account numbers ----------------------------------------------

def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC (RFC 2104) over SM3 (64-byte block, 32-byte output), through OpenSSL's SM3."""
    from cryptography.hazmat.primitives import hmac

    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def luhn_valid(number: str) -> bool:
    """True for a string of digits whose last digit is its Luhn (ISO/IEC 7812) check digit: a bank card's PAN."""
    if not isinstance(number, str) or not number.isascii() or not number.isdigit() or len(number) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0
