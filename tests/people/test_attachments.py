"""Scans are sealed at rest and go with the personal data."""

from __future__ import annotations

import datetime as dt
import sqlite3

from sqlite_utils import Database

from counter_app.domain.people import AttachmentKind
from counter_app.store import sealing
from counter_app.store.attachments import AttachmentRepository
from counter_app.store.schema import MIGRATIONS

JPEG = b"\xff\xd8\xff\xe0" + b"scan" * 10


def test_scans_are_sealed_and_purged(tmp_path, monkeypatch):
    monkeypatch.setattr(sealing, "_active", sealing._active)
    sealing.configure_for(tmp_path / "keys")
    db = Database(sqlite3.connect(":memory:"))
    for migration in MIGRATIONS:
        migration.apply(db)
    repo = AttachmentRepository(db)
    at = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    repo.add("I1", AttachmentKind.HOUSEHOLD_REGISTER, JPEG, at, "clerk1")
    (raw,) = db.execute("SELECT sealed FROM attachments").fetchone()
    assert b"scan" not in raw
    assert [a.data for a in repo.for_issuance("I1")] == [JPEG]
    assert repo.kinds("I1") == {AttachmentKind.HOUSEHOLD_REGISTER}
    assert repo.purge("I1") == 1 and repo.for_issuance("I1") == []
