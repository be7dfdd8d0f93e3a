"""Personal data at rest: the one place that turns clear bytes into stored bytes and back.

Every personal-data and photo blob the store writes goes through :func:`seal` and every one it
reads through :func:`unseal`; every look-up key derived from a document number comes from
:func:`person_index`. Today they are deliberately simple (``seal`` is the identity, the index is
an unkeyed SM3 hash); the security issue replaces their bodies with SM4 encryption and a keyed
index (HMAC-SM3) without touching the schema or the callers. Rows written before that change
are re-sealed by a data migration, which is why nothing else may read the blobs directly.
"""

from __future__ import annotations

from gmssl import sm3


def seal(plain: bytes) -> bytes:
    """Protect ``plain`` for storage. Identity for now (see the module docstring)."""
    return bytes(plain)


def unseal(sealed: bytes) -> bytes:
    """Recover what :func:`seal` protected."""
    return bytes(sealed)


def normalize_document_number(number: str) -> str:
    """The document number as compared: no spaces, upper case (a resident ID may end in x/X)."""
    return "".join(number.split()).upper()


def person_index(document_number: str) -> str:
    """A blind index of the document number: finds a person's issuances without storing the
    number in clear. SM3 hex of the normalised number, unkeyed for now."""
    data = normalize_document_number(document_number).encode("utf-8")
    return sm3.sm3_hash(list(data))
