"""How the store opens its file and writes: WAL, FULL sync, foreign keys, BEGIN IMMEDIATE."""

from __future__ import annotations

import sqlite3
import threading

import pytest


def pragma(store, name):
    return store.db.execute(f"PRAGMA {name}").fetchone()[0]


def test_the_file_is_opened_with_the_counters_settings(fresh_store):
    assert pragma(fresh_store, "journal_mode") == "wal"
    assert pragma(fresh_store, "synchronous") == 2  # FULL
    assert pragma(fresh_store, "foreign_keys") == 1
    assert pragma(fresh_store, "busy_timeout") > 0


def test_a_transaction_commits_everything_or_nothing(fresh_store):
    insert = "INSERT INTO settings_kv VALUES (?, 'v', '2025-03-07T00:00:00.000000Z')"
    with pytest.raises(RuntimeError), fresh_store.transaction() as db:
        db.execute(insert, ("a",))
        raise RuntimeError("interrupted")
    with fresh_store.transaction() as db:
        db.execute(insert, ("b",))
    assert [r[0] for r in fresh_store.db.execute("SELECT key FROM settings_kv")] == ["b"]


def test_a_transaction_holds_the_write_lock_from_its_start(fresh_store):
    other = sqlite3.connect(fresh_store.path, timeout=0, isolation_level=None)
    try:
        with fresh_store.transaction():
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_foreign_keys_are_enforced(fresh_store):
    with pytest.raises(sqlite3.IntegrityError), fresh_store.transaction() as db:
        db.execute("INSERT INTO outbox (event_uuid, type, at, issuance_id, payload) "
                   "VALUES ('u', 't', 'x', 'no-such-issuance', '{}')")


def test_the_history_tables_are_append_only(fresh_store, applicant):
    from counter_app.services.issuance import IssuanceService

    IssuanceService(fresh_store).start(applicant, "clerk-1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), fresh_store.transaction() as db:
        db.execute("DELETE FROM issuance_events")


def test_a_connection_belongs_to_the_thread_that_opened_it(fresh_store):
    errors = []

    def use_from_another_thread():
        try:
            fresh_store.db.execute("SELECT 1")
        except sqlite3.ProgrammingError as exc:
            errors.append(exc)

    worker = threading.Thread(target=use_from_another_thread)
    worker.start()
    worker.join()
    assert len(errors) == 1


def test_a_nested_transaction_is_a_savepoint_of_the_outer_one(fresh_store):
    insert = "INSERT INTO settings_kv VALUES (?, 'v', '2025-03-07T00:00:00.000000Z')"
    with fresh_store.transaction() as db:
        db.execute(insert, ("outer",))
        with pytest.raises(RuntimeError), fresh_store.transaction():
            db.execute(insert, ("inner",))
            raise RuntimeError("inner step failed")
    assert [r[0] for r in fresh_store.db.execute("SELECT key FROM settings_kv")] == ["outer"]
