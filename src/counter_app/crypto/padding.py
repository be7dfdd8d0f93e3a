"""Block padding for SM4, always explicit: card protocols want none or ISO 9797-1 method 2, files want PKCS #7.

gmssl pads with PKCS #7 behind the caller's back; this module is why the facade never lets it.
"""

from __future__ import annotations

from enum import StrEnum

BLOCK = 16


class Padding(StrEnum):
    NONE = "none"            # the data must already be a multiple of 16 bytes
    PKCS7 = "pkcs7"          # n bytes of value n, always at least one byte
    ISO9797_M2 = "iso9797-2"  # 80 then 00 up to the block boundary, always at least one byte (the card's "80 00…")


class PaddingError(ValueError):
    """Data of the wrong length for the padding, or padding that does not check out on removal."""


def pad(data: bytes, padding: Padding, block: int = BLOCK) -> bytes:
    if padding is Padding.NONE:
        if len(data) % block:
            raise PaddingError(f"{len(data)} bytes is not a multiple of the {block}-byte block (padding: none)")
        return data
    if padding is Padding.PKCS7:
        n = block - len(data) % block
        return data + bytes([n]) * n
    if padding is Padding.ISO9797_M2:
        data = data + b"\x80"
        return data + b"\x00" * (-len(data) % block)
    raise ValueError(f"unknown padding {padding!r}")


def unpad(data: bytes, padding: Padding, block: int = BLOCK) -> bytes:
    if len(data) % block:
        raise PaddingError(f"{len(data)} bytes is not a multiple of the {block}-byte block")
    if padding is Padding.NONE:
        return data
    if not data:
        raise PaddingError("no data to unpad")
    if padding is Padding.PKCS7:
        n = data[-1]
        if not 1 <= n <= block or data[-n:] != bytes([n]) * n:
            raise PaddingError("bad PKCS #7 padding")
        return data[:-n]
    if padding is Padding.ISO9797_M2:
        stripped = data.rstrip(b"\x00")
        if not stripped.endswith(b"\x80") or len(data) - len(stripped) >= block:
            raise PaddingError("bad ISO 9797-1 method 2 padding")
        return stripped[:-1]
    raise ValueError(f"unknown padding {padding!r}")
