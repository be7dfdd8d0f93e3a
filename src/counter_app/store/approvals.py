"""Rows of ``approvals``: requests for a second person's decision, read and written as values.

The free-text reasons (the request's and the decision's) may quote a name: they are sealed in
the table, and sealed and unsealed here, nowhere else — callers pass and get plain text. The
rules (who may decide, a decision is taken once) are the approval service's; the repository
neither opens transactions nor decides anything. Kinds and decisions are the table's codes
(``reprint``, ``approved``, ...): the service turns them into its enums.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time
from counter_app.store.sealing import approval_sealed_at as sealed_at
from counter_app.store.sealing import seal, unseal

_COLUMNS = ("id, kind, subject_id, reason, counter_id, requested_by, requested_by_name, requested_at, "
            "decision, decided_by_name, decided_at, decision_reason")


@dataclass(frozen=True, slots=True)
class ApprovalRecord:
    """One row, reasons unsealed; ``kind`` and ``decision`` as the table's codes."""

    id: str
    kind: str
    subject_id: str
    reason: str
    counter_id: str
    requested_by: str
    requested_by_name: str
    requested_at: dt.datetime
    decision: str | None
    decided_by_name: str | None
    decided_at: dt.datetime | None
    decision_reason: str | None


class ApprovalRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, approval_id: str, *, kind: str, subject_id: str, reason: str, counter_id: str,
               requested_by: str, requested_by_name: str, at: dt.datetime) -> None:
        self.db.execute(
            "INSERT INTO approvals (id, kind, subject_id, reason, counter_id, requested_by, requested_by_name, "
            "requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (approval_id, kind, subject_id, seal(reason.encode("utf-8"), sealed_at(approval_id, "reason")),
             counter_id, requested_by, requested_by_name, to_db_time(at)),
        )

    def record_decision(self, approval_id: str, *, decision: str, decided_by: str, decided_by_name: str,
                        at: dt.datetime, reason: str) -> bool:
        """Set the decision of a request still undecided; False if it was decided meanwhile."""
        cursor = self.db.execute(
            "UPDATE approvals SET decision = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, "
            "decision_reason = ? WHERE id = ? AND decision IS NULL",
            (decision, decided_by, decided_by_name, to_db_time(at),
             seal(reason.encode("utf-8"), sealed_at(approval_id, "decision_reason")), approval_id),
        )
        return cursor.rowcount == 1

    def get(self, approval_id: str) -> ApprovalRecord | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM approvals WHERE id = ?", (approval_id,)).fetchone()
        return _record(row) if row else None

    def pending(self) -> list[ApprovalRecord]:
        """Undecided requests, oldest first."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM approvals WHERE decision IS NULL ORDER BY requested_at, id"
        ).fetchall()
        return [_record(r) for r in rows]

    def latest_approved(self, kind: str, subject_id: str) -> ApprovalRecord | None:
        """The most recently approved request of ``kind`` about ``subject_id``, if any."""
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM approvals WHERE kind = ? AND subject_id = ? AND decision = 'approved' "
            "ORDER BY decided_at DESC LIMIT 1",
            (kind, subject_id),
        ).fetchone()
        return _record(row) if row else None

    def clear_reasons_about(self, subject_id: str) -> None:
        """Empty the reasons of every request about ``subject_id`` (retention: they may quote a name).
        An undecided request keeps no decision reason."""
        for (approval_id,) in self.db.execute("SELECT id FROM approvals WHERE subject_id = ?",
                                              (subject_id,)).fetchall():
            self.db.execute(
                "UPDATE approvals SET reason = ?, decision_reason = CASE WHEN decision_reason IS NULL "
                "THEN NULL ELSE ? END WHERE id = ?",
                (seal(b"", sealed_at(approval_id, "reason")),
                 seal(b"", sealed_at(approval_id, "decision_reason")), approval_id),
            )


def _record(row: tuple) -> ApprovalRecord:
    (id_, kind, subject, reason, counter, by, by_name, at, decision, dec_name, dec_at, dec_reason) = row
    return ApprovalRecord(
        id_, kind, subject, unseal(reason, sealed_at(id_, "reason")).decode("utf-8"), counter, by, by_name,
        from_db_time(at), decision, dec_name, from_db_time(dec_at) if dec_at else None,
        unseal(dec_reason, sealed_at(id_, "decision_reason")).decode("utf-8") if dec_reason is not None else None,
    )
