"""The issuances whose personal data is due for purging, and the purge of one row.

When an issuance is due and what its stub keeps is :mod:`counter_app.services.retention`; this
module finds the rows and rewrites them, unsealing and sealing ``personal_data`` here so that the
service sees plain values (the applicant's fields as a dict). Call the writes inside the
caller's transaction, after :meth:`RetentionRepository.secure_delete`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from counter_app.store.clock import to_db_time
from counter_app.store.issuances import IssuanceRepository
from counter_app.store.sealing import issuance_sealed_at as sealed_at
from counter_app.store.sealing import unseal


class RetentionRepository:
    def __init__(self, db: Database):
        self.db = db

    def secure_delete(self) -> None:
        """Have SQLite overwrite the freed cells (the old blobs) with zeros on this connection."""
        self.db.conn.execute("PRAGMA secure_delete = ON")

    def due(self, states: Sequence[str], acknowledged_before: dt.datetime) -> list[str]:
        """Ids of the issuances in ``states``, not purged yet, with at least one outbox event and
        every one of them acknowledged before ``acknowledged_before``; oldest first."""
        marks = ", ".join("?" for _ in states)
        rows = self.db.execute(
            f"""
            SELECT i.id FROM issuances i
            WHERE i.state IN ({marks}) AND i.personal_data_purged_at IS NULL
              AND EXISTS (SELECT 1 FROM outbox o WHERE o.issuance_id = i.id)
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.issuance_id = i.id
                              AND (o.acknowledged_at IS NULL OR o.acknowledged_at >= ?))
            ORDER BY i.created_at, i.id
            """,
            (*states, to_db_time(acknowledged_before)),
        ).fetchall()
        return [r[0] for r in rows]

    def personal_data(self, issuance_id: str) -> dict[str, Any]:
        """The applicant's fields as stored (unsealed, parsed)."""
        (personal,) = self.db.execute("SELECT personal_data FROM issuances WHERE id = ?", (issuance_id,)).fetchone()
        return json.loads(unseal(personal, sealed_at(issuance_id, "personal_data")).decode("utf-8"))

    def replace_personal_data(self, issuance_id: str, stub: Mapping[str, Any], at: dt.datetime) -> None:
        """Put ``stub`` in place of the personal data, drop the photo and the person index, mark it purged
        (through the issuances repository's versioned change, as every write to an issuance)."""
        IssuanceRepository(self.db).purge_personal_data(issuance_id, stub, at)
        from counter_app.store.attachments import AttachmentRepository  # the scans go with the personal data
        AttachmentRepository(self.db).purge(issuance_id)
