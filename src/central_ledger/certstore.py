"""The CA's records in the ledger database: issued certificates, their revocation, stored answers, CRL numbers.

Separate from :mod:`central_ledger.ca` (which holds the CA key) because revocation needs no key: it is done by
:mod:`central_ledger.derive` inside the intake transaction when an event makes a card lost, cancelled or
replaced, so that a card's status and its certificates' status can never disagree. All functions work on an
open :class:`~central_ledger.storage.Tx`; the caller owns the transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from central_ledger.storage import Tx

VALID = "valid"
REVOKED = "revoked"

# CRL reason codes (RFC 5280 5.3.1), by their asn1crypto names
KEY_COMPROMISE = "key_compromise"
CESSATION_OF_OPERATION = "cessation_of_operation"
SUPERSEDED = "superseded"

# card statuses (as derive.py stores them: the event's value as text) that revoke the card's certificates
_LOSS = {"lost", "loss", "2"}
_ENDED = {"cancelled", "canceled", "9", "replaced"}


def revocation_reason(card_status: str) -> str | None:
    """The CRL reason for a card that takes this status, or None when the status does not revoke.

    Loss: keyCompromise (someone else may hold the card). Cancelled or replaced: cessationOfOperation. Other
    non-active statuses (locked, ...) are temporary and keep the certificates.
    """
    if card_status in _LOSS:
        return KEY_COMPROMISE
    if card_status in _ENDED:
        return CESSATION_OF_OPERATION
    return None


def revoke_card(tx: Tx, card_number: str, reason: str, now: str) -> int:
    """Revoke every still-valid certificate of the card; returns how many."""
    return tx.execute("UPDATE certificates SET status = ?, revoked_at = ?, reason = ? WHERE card_number = ?"
                      " AND status = ?", (REVOKED, now, reason, card_number, VALID))


@dataclass(frozen=True)
class IssuedCertificate:
    serial: str  # 32 lowercase hex
    card_number: str
    kind: str  # sign | enc
    public_key: str
    request_key: str
    der_b64: str
    not_before: str
    not_after: str
    counter_id: str


def record_certificate(tx: Tx, cert: IssuedCertificate, now: str) -> None:
    tx.execute("INSERT INTO certificates (serial, card_number, kind, public_key, request_key, der, not_before,"
               " not_after, status, counter_id, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (cert.serial, cert.card_number, cert.kind, cert.public_key, cert.request_key, cert.der_b64,
                cert.not_before, cert.not_after, VALID, cert.counter_id, now))


def stored_answer(tx: Tx, card_number: str, sign_public_key: str) -> dict[str, Any] | None:
    row = tx.one("SELECT answer FROM certificate_requests WHERE card_number = ? AND sign_public_key = ?",
                 (card_number, sign_public_key))
    return json.loads(row["answer"]) if row is not None else None


def stored_request(tx: Tx, card_number: str, sign_public_key: str) -> dict[str, Any] | None:
    """The stored answer for (card, key) and the counter it was made for: {answer, counter_id}, or None."""
    row = tx.one("SELECT answer, counter_id FROM certificate_requests WHERE card_number = ? AND sign_public_key = ?",
                 (card_number, sign_public_key))
    return {"answer": json.loads(row["answer"]), "counter_id": row["counter_id"]} if row is not None else None


def record_answer(tx: Tx, *, card_number: str, sign_public_key: str, card_id: str, holder_index: str,
                  counter_id: str, request_id: str, answer: dict[str, Any], now: str) -> None:
    tx.execute("INSERT INTO certificate_requests (card_number, sign_public_key, card_id, holder_index, counter_id,"
               " request_id, answer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (card_number, sign_public_key, card_id, holder_index, counter_id, request_id,
                json.dumps(answer, sort_keys=True, separators=(",", ":")), now))


def statuses(tx: Tx, serials: list[str]) -> dict[str, dict[str, Any]]:
    """serial -> {status, reason, revoked_at} for the given serials."""
    if not serials:
        return {}
    marks = ", ".join("?" * len(serials))
    rows = tx.all(f"SELECT serial, status, reason, revoked_at FROM certificates WHERE serial IN ({marks})", serials)
    return {r["serial"]: r for r in rows}


def revoked_for_crl(tx: Tx, now: str) -> list[dict[str, Any]]:
    """Revoked certificates not yet expired (RFC 5280 lets a CRL drop entries once the certificate expired)."""
    return tx.all("SELECT serial, revoked_at, reason FROM certificates WHERE status = ? AND not_after > ?"
                  " ORDER BY revoked_at, serial", (REVOKED, now))


def revocation_marker(tx: Tx) -> tuple[int, str | None]:
    """Changes whenever a certificate is revoked (revocation is never undone): (how many, the latest time)."""
    row = tx.one("SELECT COUNT(*) AS n, MAX(revoked_at) AS latest FROM certificates WHERE status = ?", (REVOKED,))
    return int(row["n"]), row["latest"]


def next_crl_number(tx: Tx) -> int:
    """The cRLNumber of a new CRL: strictly increasing, never reused (RFC 5280 5.2.3)."""
    row = tx.one("UPDATE crl_sequence SET next_value = next_value + 1 WHERE name = 'default' RETURNING next_value")
    return int(row["next_value"]) - 1
