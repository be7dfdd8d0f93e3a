"""SM2/SM3/SM4 behind one small facade: bytes in, bytes out, padding always explicit.

>>> sm3(b"abc").hex()[:8]
'66c7f0f4'

SM3 and SM4 run on OpenSSL (``cryptography``) by default and on gmssl on request (``backend="gmssl"``);
both give identical results. SM2 runs on gmssl. See :mod:`counter_app.crypto.backends` for why.
"""

from __future__ import annotations

from counter_app.crypto import sm2
from counter_app.crypto.backends import DEFAULT_BACKEND, OPENSSL_AVAILABLE, Backend, sm3_digest
from counter_app.crypto.backends import sm4_cbc as _sm4_cbc
from counter_app.crypto.backends import sm4_ecb as _sm4_ecb
from counter_app.crypto.card_keys import (
    auth_cryptogram,
    card_factor,
    card_key,
    cryptogram,
    diversify,
    process_key,
    region_factor,
    secure_messaging_mac,
)
from counter_app.crypto.padding import Padding, PaddingError, pad, unpad
from counter_app.crypto.sm2 import Sm2Error, Sm2KeyPair

__all__ = [
    "Backend", "DEFAULT_BACKEND", "OPENSSL_AVAILABLE", "Padding", "PaddingError", "Sm2Error", "Sm2KeyPair",
    "auth_cryptogram", "card_factor", "card_key", "cryptogram", "diversify", "pad", "process_key",
    "region_factor", "secure_messaging_mac", "sm2", "sm3", "sm4_decrypt", "sm4_encrypt", "unpad",
]


def sm3(data: bytes, backend: Backend | str | None = None) -> bytes:
    """SM3 digest (32 bytes)."""
    return sm3_digest(data, backend)


def sm4_encrypt(key: bytes, data: bytes, *, padding: Padding | str, iv: bytes | None = None,
                backend: Backend | str | None = None) -> bytes:
    """SM4 encryption: ECB without ``iv``, CBC with it. ``padding`` must be named (no hidden default)."""
    padded = pad(data, Padding(padding))
    if iv is None:
        return _sm4_ecb(key, padded, encrypt=True, backend=backend)
    return _sm4_cbc(key, iv, padded, encrypt=True, backend=backend)


def sm4_decrypt(key: bytes, data: bytes, *, padding: Padding | str, iv: bytes | None = None,
                backend: Backend | str | None = None) -> bytes:
    """SM4 decryption, then removal (and check) of ``padding``; raises :class:`PaddingError` on bad padding."""
    if iv is None:
        plain = _sm4_ecb(key, data, encrypt=False, backend=backend)
    else:
        plain = _sm4_cbc(key, iv, data, encrypt=False, backend=backend)
    return unpad(plain, Padding(padding))
