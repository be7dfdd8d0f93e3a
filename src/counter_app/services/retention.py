"""Retention: personal data is kept only as long as the counter needs it.

An issuance's personal data (name, document number, phone, address, …) and photo are purged
when it has reached a final state (issued, spoiled, cancelled) and *every* outbox event about it
was acknowledged by the ledger more than ``retention.days`` days ago (default 30): by then the
ledger holds what it needs, and nothing at this counter will send it again. What stays is what
the reports count: state, application type and reason, card number, 卡识别码, dates, events.

A purged row keeps a stub in ``personal_data`` (the document type, application type and reason;
every personal field empty, the birth date ``0001-01-01``) so that reading it still gives an
``Applicant``; its person index is emptied and ``personal_data_purged_at`` is set. Free-text
reasons of approvals about the issuance are emptied too (they may quote a name). An issuance with
an unacknowledged event, or with none at all, is never purged.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.services.auth import Role, Session, requires
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.sealing import approval_sealed_at, seal, unseal
from counter_app.store.sealing import issuance_sealed_at as sealed_at

FINAL_STATES = ("issued", "spoiled", "cancelled")
PURGED_BIRTH_DATE = "0001-01-01"


@dataclass(frozen=True, slots=True)
class PurgeReport:
    cutoff: dt.datetime
    purged_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.purged_ids)


class RetentionService:
    def __init__(self, store: Store, *, days: int = 30, clock: Callable[[], dt.datetime] = utc_now):
        if days < 0:
            raise ValueError("retention days cannot be negative")
        self._store = store
        self._days = days
        self._clock = clock

    def _due(self, now: dt.datetime | None = None) -> list[str]:
        """Ids of the issuances whose personal data is due for purging (nothing changes)."""
        cutoff = (now or self._clock()) - dt.timedelta(days=self._days)
        marks = ", ".join("?" for _ in FINAL_STATES)
        rows = self._store.db.execute(
            f"""
            SELECT i.id FROM issuances i
            WHERE i.state IN ({marks}) AND i.personal_data_purged_at IS NULL
              AND EXISTS (SELECT 1 FROM outbox o WHERE o.issuance_id = i.id)
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.issuance_id = i.id
                              AND (o.acknowledged_at IS NULL OR o.acknowledged_at >= ?))
            ORDER BY i.created_at, i.id
            """,
            (*FINAL_STATES, to_db_time(cutoff)),
        ).fetchall()
        return [r[0] for r in rows]

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="清除过期个人信息", en="purge expired personal data")
    def purge(self, session: Session) -> PurgeReport:
        now = self._clock()
        cutoff = now - dt.timedelta(days=self._days)
        with self._store.transaction() as db:
            db.conn.execute("PRAGMA secure_delete = ON")
            ids = self._due(now)
            for issuance_id in ids:
                (personal,) = db.execute("SELECT personal_data FROM issuances WHERE id = ?", (issuance_id,)).fetchone()
                db.execute(
                    "UPDATE issuances SET personal_data = ?, photo = NULL, person_index = '', "
                    "personal_data_purged_at = ? WHERE id = ?",
                    (seal(_stub(unseal(personal, sealed_at(issuance_id, "personal_data"))),
                          sealed_at(issuance_id, "personal_data")), to_db_time(now), issuance_id),
                )
                for (approval_id,) in db.execute("SELECT id FROM approvals WHERE subject_id = ?",
                                                 (issuance_id,)).fetchall():
                    db.execute(
                        "UPDATE approvals SET reason = ?, decision_reason = CASE WHEN decision_reason IS NULL "
                        "THEN NULL ELSE ? END WHERE id = ?",
                        (seal(b"", approval_sealed_at(approval_id, "reason")),
                         seal(b"", approval_sealed_at(approval_id, "decision_reason")), approval_id),
                    )
            if ids:
                AuditLog.append(db, session.actor, AuditAction.DATA_PURGED,
                                {"issuances": len(ids), "days": self._days, "cutoff": to_db_time(cutoff)},
                                counter_id=session.counter_id, at=now)
        return PurgeReport(cutoff, tuple(ids))


def _stub(personal_json: bytes) -> bytes:
    """The non-personal remainder of an applicant's JSON (see the module docstring)."""
    old = json.loads(personal_json.decode("utf-8"))
    stub = {
        "document_type": old.get("document_type", "99"), "document_number": "", "name": "", "sex": "9",
        "ethnicity": "", "birth_date": PURGED_BIRTH_DATE, "birthplace": "", "nationality": "", "phone": "",
        "address": "", "application_type": old.get("application_type", "new"), "reason": old.get("reason"),
        "chip_name": None,
    }
    return json.dumps(stub, ensure_ascii=False, sort_keys=True).encode("utf-8")
