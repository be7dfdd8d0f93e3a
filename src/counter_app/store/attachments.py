"""The scans an issuance carries (household register, birth certificate, power of attorney).

Each scan is sealed like other personal data (bound to ``attachments/sealed/<issuance_id>``) and is
deleted by the retention purge with the rest of the issuance's personal data (:meth:`purge`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.domain.people import AttachmentKind
from counter_app.store.clock import to_db_time
from counter_app.store.sealed_blob import SealContext
from counter_app.store.sealing import seal, unseal


def sealed_at(issuance_id: str) -> SealContext:
    return SealContext("attachments", "sealed", str(issuance_id))


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    issuance_id: str
    kind: AttachmentKind
    data: bytes
    created_at: str
    created_by: str


class AttachmentRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, issuance_id: str, kind: AttachmentKind, data: bytes, at: dt.datetime, by: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO attachments (issuance_id, kind, sealed, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
            (issuance_id, AttachmentKind(kind).value, seal(data, sealed_at(issuance_id)), to_db_time(at), by))
        return int(cursor.lastrowid)

    def for_issuance(self, issuance_id: str) -> list[Attachment]:
        rows = self.db.execute(
            "SELECT id, kind, sealed, created_at, created_by FROM attachments WHERE issuance_id = ? ORDER BY id",
            (issuance_id,)).fetchall()
        return [Attachment(row[0], issuance_id, AttachmentKind(row[1]), unseal(row[2], sealed_at(issuance_id)),
                           row[3], row[4]) for row in rows]

    def kinds(self, issuance_id: str) -> set[AttachmentKind]:
        rows = self.db.execute("SELECT DISTINCT kind FROM attachments WHERE issuance_id = ?", (issuance_id,))
        return {AttachmentKind(row[0]) for row in rows}

    def purge(self, issuance_id: str) -> int:
        """Delete the issuance's scans (the retention purge); how many were deleted."""
        return self.db.execute("DELETE FROM attachments WHERE issuance_id = ?", (issuance_id,)).rowcount
