"""Personal data at rest: the one place that turns clear bytes into stored bytes and back.

Every personal-data and photo blob the store writes goes through :func:`seal` and every one it
reads through :func:`unseal`; every look-up key derived from a document number comes from
:func:`person_index`. Nothing else may read the blobs directly.

A sealed blob is ``version (1 byte, 0xA1) ‖ key id (8) ‖ IV (16) ‖ SM4-CBC ciphertext (PKCS #7)
‖ HMAC-SM3 tag (32)``; the tag covers everything before it (encrypt-then-MAC, so a changed byte
is refused before anything is decrypted). SM4 and SM3 come from :mod:`counter_app.crypto`
(OpenSSL by default, gmssl as fallback) — CBC + HMAC rather than SM4-GCM because gmssl has no
GCM and the facade must work on both backends. The key id tells which data key sealed a blob,
so ``db rekey`` re-seals rows under the old key and a rotation interrupted half-way leaves every
row readable.

The keys come from :mod:`counter_app.store.datakeys` and are set once per process by
:func:`configure` (``Store.open`` does it for the database it opens). One process works for one
counter: :func:`seal` always uses the active key of the last configuration, while
:func:`unseal` opens a blob under any data key loaded in this process.

:func:`person_index` is HMAC-SM3 of the normalised document number under the *district* index
key: every counter of a district computes the same index for the same person, so the ledger can
match them, while the index alone, without the key, gives nothing away. Before this module
encrypted anything, seal was the identity and the index unkeyed SM3; migration 3 re-seals such
rows (:func:`legacy_person_index` recognises the old index).
"""

from __future__ import annotations

import hmac as _hmac
import secrets
import threading

from counter_app.crypto import sm3, sm4_decrypt, sm4_encrypt
from counter_app.domain.idnumbers import normalize_id_number
from counter_app.domain.problems import Problem
from counter_app.store.datakeys import KEY_ID_BYTES, DataKey, KeyDirectory, SealingKeys
from counter_app.store.errors import StoreError

VERSION = 0xA1
_IV = 16
_TAG = 32
_HEADER = 1 + KEY_ID_BYTES + _IV
_SM3_BLOCK = 64

_lock = threading.Lock()
_active: SealingKeys | None = None
_known: dict[bytes, DataKey] = {}


class SealingNotConfigured(StoreError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "store.sealing_not_configured",
            "数据密钥尚未加载，无法保存或读取个人信息（程序错误：请通过 Store.open 打开数据库）。",
            "The data keys are not loaded, so personal data cannot be stored or read "
            "(a program error: open the database with Store.open).",
        ))


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


# --- configuration -------------------------------------------------------------------------------

def configure(keys: SealingKeys) -> None:
    """Use ``keys`` for every later :func:`seal` and :func:`person_index` of this process."""
    global _active
    with _lock:
        _active = keys
        for k in keys.known:
            _known[k.key_id] = k


def configure_for(keys_dir) -> SealingKeys:
    """Load (creating if missing) the keys of ``keys_dir`` and :func:`configure` them."""
    keys = KeyDirectory(keys_dir).load(create=True)
    configure(keys)
    return keys


def active_keys() -> SealingKeys:
    keys = _active
    if keys is None:
        raise SealingNotConfigured()
    return keys


def is_configured() -> bool:
    return _active is not None


# --- sealing -------------------------------------------------------------------------------------

def seal(plain: bytes) -> bytes:
    """Encrypt and authenticate ``plain`` under the active data key."""
    return seal_with(active_keys().active, plain)


def unseal(sealed: bytes) -> bytes:
    """Recover what :func:`seal` protected; raises :class:`SealedDataUnreadable` if it was altered."""
    key_id = key_id_of(sealed)
    if key_id is None:
        raise SealedDataUnreadable("not a sealed blob")
    key = _known.get(key_id)
    if key is None:
        if _active is None:
            raise SealingNotConfigured()
        raise SealedDataUnreadable(f"unknown key {key_id.hex()}")
    return unseal_with(key, sealed)


def seal_with(key: DataKey, plain: bytes) -> bytes:
    iv = secrets.token_bytes(_IV)
    body = bytes([VERSION]) + key.key_id + iv + sm4_encrypt(key.enc, bytes(plain), padding="pkcs7", iv=iv)
    return body + hmac_sm3(key.mac, body)


def unseal_with(key: DataKey, sealed: bytes) -> bytes:
    sealed = bytes(sealed)
    if key_id_of(sealed) != key.key_id:
        raise SealedDataUnreadable("sealed under another key")
    body, tag = sealed[:-_TAG], sealed[-_TAG:]
    if not _hmac.compare_digest(hmac_sm3(key.mac, body), tag):
        raise SealedDataUnreadable("authentication tag mismatch")
    iv = body[1 + KEY_ID_BYTES:_HEADER]
    return sm4_decrypt(key.enc, body[_HEADER:], padding="pkcs7", iv=iv)


def key_id_of(blob: bytes | None) -> bytes | None:
    """The id of the data key that sealed ``blob``; None for anything that is not a sealed blob
    (e.g. a row written in clear before encryption existed)."""
    if blob is None or len(blob) < _HEADER + 16 + _TAG or blob[0] != VERSION:
        return None
    if (len(blob) - _HEADER - _TAG) % 16:
        return None
    return bytes(blob[1:1 + KEY_ID_BYTES])


# --- the blind index -----------------------------------------------------------------------------

def person_index(document_number: str) -> str:
    """The keyed blind index of the document number (HMAC-SM3 hex under the district index key):
    finds a person's issuances, here and on the ledger, without storing the number.

    The number is normalised here, by the domain's one normaliser (the one that makes the stored
    form: NFKC, no white space, ASCII upper case), so a number typed with full-width digits or a
    lower-case x gives the index of the stored person whichever caller passes it in."""
    data = normalize_id_number(document_number).encode("utf-8")
    return hmac_sm3(active_keys().index_key, data).hex()


def legacy_person_index(document_number: str) -> str:
    """The unkeyed SM3 index written before keys existed (migration 3 replaces it). It keeps the
    old comparison form (white space removed, ``str.upper``) on purpose: it must reproduce, byte for
    byte, the indexes that old rows hold."""
    return sm3("".join(document_number.split()).upper().encode("utf-8")).hex()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC (RFC 2104) over SM3, through the crypto facade."""
    if len(key) > _SM3_BLOCK:
        key = sm3(key)
    key = key.ljust(_SM3_BLOCK, b"\x00")
    inner = sm3(bytes(b ^ 0x36 for b in key) + data)
    return sm3(bytes(b ^ 0x5C for b in key) + inner)
