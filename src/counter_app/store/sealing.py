"""Personal data at rest: the one place that turns clear bytes into stored bytes and back.

Every personal-data and photo blob the store writes goes through :func:`seal` and every one it
reads through :func:`unseal`; every look-up key derived from a document number comes from
:func:`person_index`. Nothing else may read the blobs directly.

A sealed blob is ``version (1 byte, 0xA2) ‖ key id (8) ‖ IV (16) ‖ SM4-CBC ciphertext (PKCS #7)
‖ HMAC-SM3 tag (32)``; the tag covers everything before it *and the blob's place*, a
:class:`SealContext` (table, column, row key) given to both :func:`seal` and :func:`unseal` as
associated data (encrypt-then-MAC, so a changed byte is refused before anything is decrypted, and a
blob copied into another row or column — two applicants' personal data swapped in the file — does
not open there). Version 0xA1, the same without the context, was written before migration 7, which
re-seals every such blob with its context in one transaction; :func:`unseal` accepts 0xA1 only
when asked to (``legacy=True``: that migration), never at run time, so an old blob copied from a
backup into another row is refused too. (0xA1 is still what wraps keys in the key files, where
there is no row: :func:`seal_with` without a context.) SM4 and SM3 come from :mod:`counter_app.crypto`
(OpenSSL by default, gmssl as fallback) — CBC + HMAC rather than SM4-GCM because gmssl has no
GCM and the facade must work on both backends. The key id tells which data key sealed a blob,
so ``db rekey`` re-seals rows under the old key and a rotation interrupted half-way leaves every
row readable.

The format under one given key (:func:`seal_with`, :func:`unseal_with`, :class:`SealContext`) is
:mod:`counter_app.store.sealed_blob`, below this module and datakeys, which wraps its keys with it.
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

import threading

from counter_app.crypto import sm3
from counter_app.domain.idnumbers import normalize_id_number
from counter_app.domain.problems import Problem
from counter_app.store.datakeys import DataKey, KeyDirectory, SealingKeys
from counter_app.store.errors import StoreError

# The blob format under one key lives below this module and datakeys (which wraps keys with it);
# its names stay importable from here, where the rest of the code has always found them.
from counter_app.store.sealed_blob import (  # noqa: F401 - re-exported
    LEGACY_VERSION,
    VERSION,
    SealContext,
    SealedDataUnreadable,
    hmac_sm3,
    is_legacy,
    key_id_of,
    seal_with,
    unseal_with,
)

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


def issuance_sealed_at(issuance_id: str, column: str) -> SealContext:
    """The place of an issuance's sealed column (``personal_data``, ``photo``)."""
    return SealContext("issuances", column, str(issuance_id))


def approval_sealed_at(approval_id: str, column: str) -> SealContext:
    """The place of an approval's sealed reason (``reason``, ``decision_reason``)."""
    return SealContext("approvals", column, str(approval_id))


def review_sealed_at(kind: str, subject_id: str) -> SealContext:
    """The place of an exception review's sealed reason: a review is unique per kind and subject
    (its numeric id is not known before the insert)."""
    return SealContext("exception_reviews", "reason", f"{kind}/{subject_id}")


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

def seal(plain: bytes, context: SealContext) -> bytes:
    """Encrypt and authenticate ``plain`` under the active data key, for the place ``context``."""
    return seal_with(active_keys().active, plain, context)


def unseal(sealed: bytes, context: SealContext, *, legacy: bool = False) -> bytes:
    """Recover what :func:`seal` protected for ``context``; raises :class:`SealedDataUnreadable`
    if it was altered or belongs to another place. ``legacy``: also open a 0xA1 blob (written
    before migration 7, without a context) — only for the migration that re-seals them."""
    key_id = key_id_of(sealed)
    if key_id is None:
        raise SealedDataUnreadable("not a sealed blob")
    key = _known.get(key_id)
    if key is None:
        if _active is None:
            raise SealingNotConfigured()
        raise SealedDataUnreadable(f"unknown key {key_id.hex()}")
    if bytes(sealed)[0] == LEGACY_VERSION:
        if not legacy:
            raise SealedDataUnreadable("an old blob without its place (re-sealed by migration 7)")
        return unseal_with(key, sealed)
    return unseal_with(key, sealed, context)


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


def name_index(name: str) -> str:
    """The keyed blind index of a person's name (HMAC-SM3 hex of ``b"name:"`` + the NFC-normalised name
    under the district index key): lets the card-management system compare names without seeing them."""
    import unicodedata

    data = b"name:" + unicodedata.normalize("NFC", name.strip()).encode("utf-8")
    return hmac_sm3(active_keys().index_key, data).hex()
