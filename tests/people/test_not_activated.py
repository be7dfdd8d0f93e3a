"""The card status not_activated (未启用): its allowed changes, and migration 11's CHECK and rebuild."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from counter_app.domain.card_status import (
    CardStatus,
    StatusChangeRefused,
    check_activation,
    may_change,
)
from counter_app.store import migration_011_people, sealing
from counter_app.store.schema import MIGRATIONS


def test_not_activated_is_left_only_by_activation_loss_or_cancellation():
    assert CardStatus.NOT_ACTIVATED.national_code == "0" and CardStatus.NOT_ACTIVATED.zh == "未启用"
    assert may_change(CardStatus.NOT_ACTIVATED, CardStatus.LOSS)
    assert may_change(CardStatus.NOT_ACTIVATED, CardStatus.CANCELLED)
    # A clerk cannot make it active: only the holder's activation can.
    assert not may_change(CardStatus.NOT_ACTIVATED, CardStatus.ACTIVE)
    assert not may_change(CardStatus.NOT_ACTIVATED, CardStatus.TEMPORARY_LOSS)
    assert not CardStatus.NOT_ACTIVATED.final
    check_activation("A1", CardStatus.NOT_ACTIVATED)
    with pytest.raises(StatusChangeRefused):
        check_activation("A1", CardStatus.ACTIVE)


def test_migration_check_spells_exactly_the_domain_statuses():
    assert set(migration_011_people.CARD_STATUSES) == {s.value for s in CardStatus}


def _migrate(up_to: int) -> Database:
    db = Database(sqlite3.connect(":memory:"))
    for migration in MIGRATIONS:
        if migration.version > up_to:
            break
        if callable(migration.apply):
            migration.apply(db)
        else:
            for statement in migration.apply:
                db.conn.execute(statement)
    return db


def test_migration_11_keeps_rows_and_accepts_not_activated(tmp_path, monkeypatch):
    monkeypatch.setattr(sealing, "_active", sealing._active)  # restored after the test
    sealing.configure_for(tmp_path / "keys")  # migration 7 needs the data keys
    db = _migrate(10)
    db.conn.execute("INSERT INTO card_statuses VALUES ('C1', 'loss', 'lost', 1, NULL, 't', 'u')")
    db.conn.execute("INSERT INTO card_status_changes (card_number, from_status, to_status, reason, at, actor)"
                    " VALUES ('C1', 'active', 'loss', 'lost', 't', 'u')")
    migration_011_people.apply(db)
    assert db.conn.execute("SELECT status FROM card_statuses").fetchall() == [("loss",)]
    db.conn.execute("INSERT INTO card_statuses VALUES ('C2', 'not_activated', 'agent', 0, NULL, 't', 'u')")
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute("INSERT INTO card_statuses VALUES ('C3', 'bogus', 'x', 0, NULL, 't', 'u')")
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute("DELETE FROM card_status_changes")
    assert "attachments" in db.table_names()
