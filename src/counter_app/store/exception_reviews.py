"""The items of the supervisor's exception list that are not approval requests, and their reviews.

Reads, as values: spoiled cards no supervisor reviewed yet, unresolved ledger conflicts and
refusals, and issued cards whose certificates wait. Writes: a review (``exception_reviews``; its
free-text reason is sealed here — it may quote a name) and, for a conflict or a refusal, its
``resolved_at``. What is listed and who may decide is :mod:`counter_app.services.exceptions`;
the repository neither opens transactions nor decides anything.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time
from counter_app.store.sealing import review_sealed_at, seal


@dataclass(frozen=True, slots=True)
class UnreviewedSpoiledCard:
    issuance_id: str
    clerk_id: str | None        # who started the issuance (the row's clerk)
    card_number: str | None
    failure_reason: str | None
    spoiled_at: dt.datetime
    spoiled_by: str             # the actor of the ``spoil`` event


@dataclass(frozen=True, slots=True)
class OpenLedgerConflict:
    id: int
    kind: str
    seq: int | None
    card_number: str            # from the conflict's detail ("" when it names none)
    received_at: dt.datetime
    issuance_id: str | None     # of the outbox event the ledger flagged
    clerk_id: str | None
    started_by: str | None      # the actor of that issuance's first event


@dataclass(frozen=True, slots=True)
class OpenSyncRefusal:
    id: int
    at: dt.datetime
    request: str
    http_status: int
    error_code: str
    first_seq: int | None
    last_seq: int | None


@dataclass(frozen=True, slots=True)
class PendingCertificate:
    issuance_id: str
    clerk_id: str | None
    card_number: str | None
    handed_over_at: dt.datetime
    handed_over_by: str         # the actor of the ``hand_over`` event


class ExceptionReviewRepository:
    def __init__(self, db: Database):
        self.db = db

    # --- the open items ------------------------------------------------------------------------------

    def unreviewed_spoiled_cards(self) -> list[UnreviewedSpoiledCard]:
        """Issuances set aside as spoiled without a ``spoiled_card`` review, by the time of the spoil."""
        rows = self.db.execute(
            "SELECT i.id, i.clerk, i.card_number, i.failure_reason, e.at, e.actor FROM issuances i "
            "JOIN issuance_events e ON e.issuance_id = i.id AND e.action = 'spoil' "
            "WHERE i.state = 'spoiled' AND NOT EXISTS (SELECT 1 FROM exception_reviews r "
            "WHERE r.kind = 'spoiled_card' AND r.subject_id = i.id) ORDER BY e.at").fetchall()
        return [UnreviewedSpoiledCard(r[0], r[1], r[2], r[3], from_db_time(r[4]), r[5]) for r in rows]

    def open_ledger_conflicts(self) -> list[OpenLedgerConflict]:
        """Conflicts not resolved yet, in the order received, with the issuance they are about."""
        rows = self.db.execute(
            "SELECT c.id, c.kind, c.seq, c.detail, c.received_at, o.issuance_id, i.clerk, "
            "(SELECT actor FROM issuance_events e WHERE e.issuance_id = o.issuance_id AND e.seq = 1) "
            "FROM ledger_conflicts c LEFT JOIN outbox o ON o.seq = c.seq "
            "LEFT JOIN issuances i ON i.id = o.issuance_id WHERE c.resolved_at IS NULL ORDER BY c.id").fetchall()
        out = []
        for cid, kind, seq, detail, received, issuance_id, clerk_id, actor in rows:
            card = json.loads(detail).get("card_number", "") if detail else ""
            out.append(OpenLedgerConflict(cid, kind, seq, card or "", from_db_time(received), issuance_id, clerk_id,
                                          actor))
        return out

    def open_sync_refusals(self) -> list[OpenSyncRefusal]:
        """Refusals of the ledger not resolved yet, in the order received."""
        rows = self.db.execute(
            "SELECT id, at, request, http_status, error_code, first_seq, last_seq FROM sync_refusals "
            "WHERE resolved_at IS NULL ORDER BY id").fetchall()
        return [OpenSyncRefusal(r[0], from_db_time(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def pending_certificates(self) -> list[PendingCertificate]:
        """Issued cards whose certificates wait, by the time of their hand-over."""
        rows = self.db.execute(
            "SELECT i.id, i.clerk, i.card_number, e.at, e.actor FROM issuances i "
            "JOIN issuance_events e ON e.issuance_id = i.id AND e.action = 'hand_over' "
            "WHERE i.state = 'issued' AND i.certificate_state = 'pending' ORDER BY e.at").fetchall()
        return [PendingCertificate(r[0], r[1], r[2], from_db_time(r[3]), r[4]) for r in rows]

    # --- the decisions -------------------------------------------------------------------------------

    def record_review(self, kind: str, subject_id: str, *, done_by: str | None, decision: str, reason: str,
                      decided_by: str, decided_by_name: str, at: dt.datetime) -> None:
        """One decision on an item (the table refuses a second one, and one by the person who did it)."""
        self.db.execute(
            "INSERT INTO exception_reviews (kind, subject_id, done_by, decision, reason, decided_by, "
            "decided_by_name, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, subject_id, done_by, decision, seal(reason.encode("utf-8"), review_sealed_at(kind, subject_id)),
             decided_by, decided_by_name, to_db_time(at)))

    def resolve_ledger_conflict(self, conflict_id: int, at: dt.datetime) -> None:
        self.db.execute("UPDATE ledger_conflicts SET resolved_at = ? WHERE id = ?", (to_db_time(at), conflict_id))

    def resolve_sync_refusal(self, refusal_id: int, at: dt.datetime) -> None:
        self.db.execute("UPDATE sync_refusals SET resolved_at = ? WHERE id = ?", (to_db_time(at), refusal_id))
