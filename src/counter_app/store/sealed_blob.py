"""The sealed-blob format under one given key: what :mod:`~counter_app.store.sealing` (personal data
in the database) and :mod:`~counter_app.store.datakeys` (data keys wrapped in the key file) share.

A blob is ``version (1 byte) ‖ key id (8) ‖ IV (16) ‖ SM4-CBC ciphertext (PKCS #7) ‖ HMAC-SM3 tag
(32)``. Version 0xA2 binds a :class:`SealContext` (the blob's table, column and row) into the tag;
0xA1 has no context (rows before migration 7, and the key files). The format is described in full
in :mod:`counter_app.store.sealing`.

This module knows no key store and no process-wide configuration: it seals and opens under the
:class:`DataKey` it is given. It sits below both of those modules, so neither has to import the other
(datakeys wraps keys with :func:`seal_with`; sealing loads keys through datakeys).
"""

from __future__ import annotations

import hmac as _hmac
import secrets
import struct
from dataclasses import dataclass, field

from counter_app.crypto import sm3, sm4_decrypt, sm4_encrypt
from counter_app.domain.problems import Problem
from counter_app.store.errors import StoreError

KEY_ID_BYTES = 8
DATA_KEY_BYTES = 32
VERSION = 0xA2         # with a SealContext bound into the tag
LEGACY_VERSION = 0xA1  # without (before migration 7; still used to wrap keys in key files)
_IV = 16
_TAG = 32
_HEADER = 1 + KEY_ID_BYTES + _IV
_SM3_BLOCK = 64


class SealedDataUnreadable(StoreError):
    """A stored blob whose tag does not check out, or sealed under a key this counter lacks."""

    def __init__(self, detail: str):
        self.detail = detail
        super().__init__(Problem(
            "store.sealed_unreadable",
            f"一条加密保存的个人信息无法读取（{detail}）：数据已被改动，或密钥文件不是本数据库的。",
            f"A piece of encrypted personal data cannot be read ({detail}): it was altered, or the "
            f"key file does not belong to this database.",
        ))


@dataclass(frozen=True, slots=True)
class DataKey:
    """One data key: ``enc`` for SM4, ``mac`` for HMAC-SM3, named by ``key_id``."""

    key_id: bytes
    enc: bytes = field(repr=False)
    mac: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> DataKey:
        return cls.from_bytes(secrets.token_bytes(KEY_ID_BYTES), secrets.token_bytes(DATA_KEY_BYTES))

    @classmethod
    def from_bytes(cls, key_id: bytes, material: bytes) -> DataKey:
        if len(key_id) != KEY_ID_BYTES or len(material) != DATA_KEY_BYTES:
            raise ValueError("a data key is an 8-byte id and 32 bytes of key material")
        return cls(key_id, material[:16], material[16:])

    @property
    def material(self) -> bytes:
        return self.enc + self.mac


@dataclass(frozen=True, slots=True)
class SealContext:
    """Where a sealed blob belongs: bound into its tag, so it opens only there."""

    table: str
    column: str
    row: str

    def encode(self) -> bytes:
        out = b"counter-app seal v2"
        for part in (self.table, self.column, str(self.row)):
            data = part.encode("utf-8")
            out += struct.pack(">I", len(data)) + data
        return out


def seal_with(key: DataKey, plain: bytes, context: SealContext | None = None) -> bytes:
    """Seal under ``key``: version 0xA2 bound to ``context``; without one, the 0xA1 form (key files)."""
    iv = secrets.token_bytes(_IV)
    version = VERSION if context is not None else LEGACY_VERSION
    body = bytes([version]) + key.key_id + iv + sm4_encrypt(key.enc, bytes(plain), padding="pkcs7", iv=iv)
    return body + hmac_sm3(key.mac, body + (context.encode() if context is not None else b""))


def unseal_with(key: DataKey, sealed: bytes, context: SealContext | None = None) -> bytes:
    sealed = bytes(sealed)
    if key_id_of(sealed) != key.key_id:
        raise SealedDataUnreadable("sealed under another key")
    if (sealed[0] == VERSION) != (context is not None):
        raise SealedDataUnreadable("sealed for another place")
    body, tag = sealed[:-_TAG], sealed[-_TAG:]
    if not _hmac.compare_digest(hmac_sm3(key.mac, body + (context.encode() if context else b"")), tag):
        raise SealedDataUnreadable("authentication tag mismatch")
    iv = body[1 + KEY_ID_BYTES:_HEADER]
    return sm4_decrypt(key.enc, body[_HEADER:], padding="pkcs7", iv=iv)


def is_legacy(blob: bytes | None) -> bool:
    """A sealed blob of the 0xA1 form (no context), which migration 7 re-seals."""
    return key_id_of(blob) is not None and bytes(blob)[0] == LEGACY_VERSION


def key_id_of(blob: bytes | None) -> bytes | None:
    """The id of the data key that sealed ``blob``; None for anything that is not a sealed blob
    (e.g. a row written in clear before encryption existed)."""
    if blob is None or len(blob) < _HEADER + 16 + _TAG or blob[0] not in (VERSION, LEGACY_VERSION):
        return None
    if (len(blob) - _HEADER - _TAG) % 16:
        return None
    return bytes(blob[1:1 + KEY_ID_BYTES])


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC (RFC 2104) over SM3, through the crypto facade."""
    if len(key) > _SM3_BLOCK:
        key = sm3(key)
    key = key.ljust(_SM3_BLOCK, b"\x00")
    inner = sm3(bytes(b ^ 0x36 for b in key) + data)
    return sm3(bytes(b ^ 0x5C for b in key) + inner)
