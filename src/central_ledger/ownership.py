"""Whose card is it: the ownership rule of the ledger, and the conflict queue for the district admin.

A counter may act (ask for certificates, change a card's status, replace a card, issue a card under a number)
only on its own cards: a number the ledger allocated to it, or a card the ledger knows it issued. Anything else
is not refused outright (the event happened at the counter, and the counter's outbox must not jam) but put in
the **conflict queue** with no side effect: a district admin accepts it (the queued effect is applied then) or
rejects it (dropped), with ``central-ledger conflicts list`` / ``resolve`` (:mod:`central_ledger.conflicts`).

All functions work on an open :class:`~central_ledger.storage.Tx`; the caller owns the transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from central_ledger.crypto import canonical_json
from central_ledger.storage import Tx

MINE = "mine"
OTHER = "other"
UNALLOCATED = "unallocated"

CARD_NOT_YOURS = "card_not_yours"                 # the card or number belongs to another counter
NOT_ALLOCATED = "card_number_not_allocated"       # nobody was ever given this number

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"

# queued actions
CERTIFICATE_REQUEST = "certificate_request"
STATUS_CHANGE = "status_change"
REPLACEMENT = "replacement"
ISSUANCE = "issuance"


@dataclass(frozen=True)
class Holder:
    state: str  # MINE | OTHER | UNALLOCATED
    held_by: str | None  # the other counter (OTHER), else None

    @property
    def reason(self) -> str:
        return CARD_NOT_YOURS if self.state == OTHER else NOT_ALLOCATED


def holder(tx: Tx, card_number: str, counter_id: str, *, by_number_only: bool = False) -> Holder:
    """Whether ``card_number`` is ``counter_id``'s: allocated to it, or (unless ``by_number_only``) a card the
    ledger holds as issued by it."""
    owners: list[str] = []
    number = tx.one("SELECT counter_id FROM card_numbers WHERE card_number = ?", (card_number,))
    if number is not None:
        owners.append(number["counter_id"])
    if not by_number_only:
        card = tx.one("SELECT counter_id FROM cards WHERE card_number = ?", (card_number,))
        if card is not None:
            owners.insert(0, card["counter_id"])  # the card's issuer is named first when both exist
    if counter_id in owners:
        return Holder(MINE, None)
    if owners:
        return Holder(OTHER, owners[0])
    return Holder(UNALLOCATED, None)


def enqueue(tx: Tx, *, action: str, reason: str, counter_id: str, request_key: str, card_number: str | None,
            held_by: str | None, effect: dict[str, Any], now: str, seq: int | None = None,
            event_id: str | None = None) -> int:
    """Queue an action for the admin (once per counter, action and ``request_key``); returns the queue id."""
    tx.execute("INSERT INTO conflict_queue (action, reason, counter_id, seq, event_id, request_key, card_number,"
               " held_by, effect, status, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
               " ON CONFLICT DO NOTHING",
               (action, reason, counter_id, seq, event_id, request_key, card_number, held_by,
                canonical_json(effect).decode("utf-8"), OPEN, now))
    row = tx.one("SELECT id FROM conflict_queue WHERE counter_id = ? AND action = ? AND request_key = ?",
                 (counter_id, action, request_key))
    return int(row["id"])


def _entry(r: dict[str, Any]) -> dict[str, Any]:
    return {**r, "id": int(r["id"]), "effect": json.loads(r["effect"]),
            "outcome": json.loads(r["outcome"]) if r.get("outcome") else None}


_COLUMNS = ("id, action, reason, counter_id, seq, event_id, card_number, held_by, effect, status, recorded_at,"
            " decided_at, decided_by, note, outcome")


def entries(tx: Tx, *, include_decided: bool = False) -> list[dict[str, Any]]:
    where = "" if include_decided else " WHERE status = 'open'"
    return [_entry(r) for r in tx.all(f"SELECT {_COLUMNS} FROM conflict_queue{where} ORDER BY id")]


def entry(tx: Tx, queue_id: int) -> dict[str, Any] | None:
    r = tx.one(f"SELECT {_COLUMNS} FROM conflict_queue WHERE id = ?", (queue_id,))
    return _entry(r) if r is not None else None


def decide(tx: Tx, queue_id: int, status: str, by: str, note: str | None, outcome: dict[str, Any] | None,
           now: str) -> None:
    tx.execute("UPDATE conflict_queue SET status = ?, decided_at = ?, decided_by = ?, note = ?, outcome = ?"
               " WHERE id = ?", (status, now, by, note,
                                 canonical_json(outcome).decode("utf-8") if outcome is not None else None, queue_id))
