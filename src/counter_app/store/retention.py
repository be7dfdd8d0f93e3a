"""The issuances whose personal data is due for purging, and the purge of one row; likewise the online
applications the counter keeps (``online_applications``) and the postal batches' items (their sealed
``application``).

When a row is due and what its stub keeps is :mod:`counter_app.services.retention`; this module finds the
rows and rewrites them, unsealing and sealing here so that the service sees plain values (the applicant's
fields, an item's application, as dicts). Call the writes inside the caller's transaction, after
:meth:`RetentionRepository.secure_delete`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from counter_app.store.clock import to_db_time
from counter_app.store.issuances import IssuanceRepository
from counter_app.store.postal_batches import item_sealed_at
from counter_app.store.sealing import issuance_sealed_at as sealed_at
from counter_app.store.sealing import seal, unseal


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

    # --- the online applications kept for the hall, and the postal batches' items ------------------

    def online_applications_due(self, collect_day_before: dt.date, fetched_before: dt.datetime) -> list[str]:
        """Kept online applications to drop: those whose every linked issuance's personal data is purged,
        and those no issuance took whose collection day is before ``collect_day_before`` (without a day: a
        postal one found by a scan, fetched before ``fetched_before``)."""
        rows = self.db.execute(
            """
            SELECT a.app_id FROM online_applications a
            WHERE (EXISTS (SELECT 1 FROM online_application_issuances l WHERE l.app_id = a.app_id)
                   AND NOT EXISTS (SELECT 1 FROM online_application_issuances l
                                   LEFT JOIN issuances i ON i.id = l.issuance_id
                                   WHERE l.app_id = a.app_id AND i.personal_data_purged_at IS NULL))
               OR (NOT EXISTS (SELECT 1 FROM online_application_issuances l WHERE l.app_id = a.app_id)
                   AND ((a.collect_day IS NOT NULL AND a.collect_day < ?)
                        OR (a.collect_day IS NULL AND a.fetched_at < ?)))
            ORDER BY a.app_id
            """,
            (collect_day_before.isoformat(), to_db_time(fetched_before)),
        ).fetchall()
        return [r[0] for r in rows]

    def delete_online_application(self, app_id: str) -> None:
        """Drop the kept copy (the ledger holds the application; its links to issuances stay: no personal data)."""
        self.db.execute("DELETE FROM online_applications WHERE app_id = ?", (app_id,))

    def postal_items_due(self) -> list[tuple[str, str]]:
        """(batch, application) of every item of a postal application posted by this counter whose issuances
        (the posted card's, and every one an item of it names, spoiled ones too) all had their personal data
        purged; the items already purged are among them (see :meth:`postal_item_application`)."""
        rows = self.db.execute(
            """
            SELECT p.batch_id, p.app_id FROM postal_batch_items p
            WHERE EXISTS (SELECT 1 FROM postal_batch_items d JOIN issuances s ON s.id = d.issuance_id
                          WHERE d.app_id = p.app_id AND d.state = 'posted' AND s.personal_data_purged_at IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM postal_batch_items o JOIN issuances s
                                ON s.id = o.issuance_id OR s.id = o.spoiled_issuance_id
                              WHERE o.app_id = p.app_id AND s.personal_data_purged_at IS NULL)
            ORDER BY p.batch_id, p.position
            """
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def postal_item_application(self, batch_id: str, app_id: str) -> dict[str, Any]:
        (blob,) = self.db.execute("SELECT application FROM postal_batch_items WHERE batch_id = ? AND app_id = ?",
                                  (batch_id, app_id)).fetchone()
        return json.loads(unseal(blob, item_sealed_at(batch_id, app_id)).decode("utf-8"))

    def replace_postal_item_application(self, batch_id: str, app_id: str, stub: Mapping[str, Any]) -> None:
        """Put ``stub`` (sealed, as every item's application) in place of the item's application."""
        blob = seal(json.dumps(dict(stub), ensure_ascii=False, sort_keys=True).encode("utf-8"),
                    item_sealed_at(batch_id, app_id))
        self.db.execute("UPDATE postal_batch_items SET application = ? WHERE batch_id = ? AND app_id = ?",
                        (blob, batch_id, app_id))
