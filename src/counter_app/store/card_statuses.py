"""Rows of ``card_statuses`` (a card's current status at this counter) and ``card_status_changes``
(every change, append-only), schema version 5.

Repositories only: they neither open transactions nor decide which change is allowed (that is
:mod:`counter_app.domain.card_status`); call them inside a store transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.domain.card_status import CardStatus
from counter_app.store.clock import to_db_time


@dataclass(frozen=True, slots=True)
class RecordedStatus:
    """A card's row in ``card_statuses``."""

    status: CardStatus
    final: bool


class CardStatusRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self, card_number: str) -> RecordedStatus | None:
        """The status this counter recorded for the card, or None (never changed here)."""
        row = self.db.execute("SELECT status, final FROM card_statuses WHERE card_number = ?",
                              (card_number,)).fetchone()
        return RecordedStatus(CardStatus(row[0]), bool(row[1])) if row else None

    def current(self, card_number: str) -> CardStatus:
        """The recorded status; a card never changed here is active."""
        found = self.get(card_number)
        return found.status if found else CardStatus.ACTIVE

    def record(self, card_number: str, status: CardStatus, *, reason: str, final: bool,
               replacement_issuance_id: str | None, at: dt.datetime, actor: str) -> None:
        """Set the card's current status (a replacement issuance already noted is kept)."""
        self.db.execute(
            "INSERT INTO card_statuses (card_number, status, reason, final, replacement_issuance_id,"
            " changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (card_number) DO UPDATE SET"
            " status = excluded.status, reason = excluded.reason, final = excluded.final,"
            " replacement_issuance_id = COALESCE(excluded.replacement_issuance_id, replacement_issuance_id),"
            " changed_at = excluded.changed_at, changed_by = excluded.changed_by",
            (card_number, CardStatus(status).value, reason, int(final), replacement_issuance_id,
             to_db_time(at), actor))

    def mark_replaced(self, card_number: str, *, reason: str, at: dt.datetime, actor: str) -> None:
        """The card becomes ``replaced`` (final). A row already there keeps its reason and replacement
        issuance: only the status, finality and who/when change."""
        self.db.execute(
            "INSERT INTO card_statuses (card_number, status, reason, final, changed_at, changed_by)"
            " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (card_number) DO UPDATE SET status = excluded.status,"
            " final = 1, changed_at = excluded.changed_at, changed_by = excluded.changed_by",
            (card_number, CardStatus.REPLACED.value, reason, to_db_time(at), actor))

    def append_change(self, card_number: str, *, from_status: CardStatus | None, to_status: CardStatus,
                      reason: str, at: dt.datetime, actor: str, outbox_seq: int | None) -> None:
        """One row of the card's change history (``outbox_seq``: the event that tells the ledger)."""
        self.db.execute(
            "INSERT INTO card_status_changes (card_number, from_status, to_status, reason, at, actor,"
            " outbox_seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (card_number, CardStatus(from_status).value if from_status is not None else None,
             CardStatus(to_status).value, reason, to_db_time(at), actor, outbox_seq))
