"""The card-management tables of migration 8: the report queue, the answers and the pre-openings.
No transactions opened here: callers add reports inside the transaction of the change that causes them."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import to_db_time

KINDS = ("completion", "activation", "status_change", "fee")


def _now() -> str:
    return to_db_time(dt.datetime.now(dt.UTC))


@dataclass(frozen=True, slots=True)
class QueuedReport:
    report_id: str
    kind: str
    payload: dict
    attempts: int


class ReportQueue:
    def __init__(self, db: Database):
        self.db = db

    def add(self, kind: str, payload: dict) -> str:
        """Queue one report; its ``report_id`` (uuid4 hex, the system's idempotency key) is added to it."""
        if kind not in KINDS:
            raise ValueError(f"unknown report kind {kind!r}")
        report_id = uuid.uuid4().hex
        body = {**payload, "report_id": report_id}
        self.db.execute("INSERT INTO cardmgmt_reports (report_id, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                        (report_id, kind, json.dumps(body, ensure_ascii=False, sort_keys=True), _now()))
        return report_id

    def pending(self, limit: int = 100) -> list[QueuedReport]:
        rows = self.db.execute("SELECT report_id, kind, payload, attempts FROM cardmgmt_reports WHERE sent_at IS NULL"
                               " ORDER BY created_at, rowid LIMIT ?", (limit,)).fetchall()
        return [QueuedReport(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]

    def has(self, kind: str, issuance_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM cardmgmt_reports WHERE kind = ? AND "
                              "json_extract(payload, '$.issuance_id') = ?", (kind, issuance_id)).fetchone()
        return row is not None

    def mark_sent(self, report_id: str) -> None:
        self.db.execute("UPDATE cardmgmt_reports SET sent_at = ?, last_error = NULL WHERE report_id = ?",
                        (_now(), report_id))

    def mark_failed(self, report_id: str, error: str) -> None:
        self.db.execute("UPDATE cardmgmt_reports SET attempts = attempts + 1, last_error = ? WHERE report_id = ?",
                        (error[:500], report_id))


@dataclass(frozen=True, slots=True)
class Preopening:
    issuance_id: str
    request_id: str
    preopen_id: str
    bank_code: str
    status: str


class CardManagementRecords:
    """The answers and pre-openings."""

    def __init__(self, db: Database):
        self.db = db

    def record_answer(self, person_index: str, answer: str, detail: str | None, *, skipped: bool = False,
                      issuance_id: str | None = None) -> None:
        self.db.execute("INSERT INTO cardmgmt_answers (person_index, issuance_id, answer, detail, skipped, asked_at)"
                        " VALUES (?, ?, ?, ?, ?, ?)", (person_index, issuance_id, answer, detail, int(skipped), _now()))

    def attach_answers(self, person_index: str, issuance_id: str) -> None:
        """Tie the answers given for the person to the issuance just opened for them."""
        self.db.execute("UPDATE cardmgmt_answers SET issuance_id = ? WHERE person_index = ? AND issuance_id IS NULL",
                        (issuance_id, person_index))

    def preopening(self, issuance_id: str) -> Preopening | None:
        row = self.db.execute("SELECT issuance_id, request_id, preopen_id, bank_code, status FROM cardmgmt_preopenings"
                              " WHERE issuance_id = ?", (issuance_id,)).fetchone()
        return Preopening(*row) if row else None

    def record_preopening(self, p: Preopening) -> None:
        self.db.execute("INSERT OR REPLACE INTO cardmgmt_preopenings (issuance_id, request_id, preopen_id, bank_code,"
                        " status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (p.issuance_id, p.request_id, p.preopen_id, p.bank_code, p.status, _now()))
