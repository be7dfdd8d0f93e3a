"""The storage layer: one schema and one behaviour on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from central_ledger.schema import SCHEMA_VERSION, migrate
from central_ledger.storage import DatabaseUrl, Storage, StorageError


def test_opening_again_keeps_the_data_and_the_schema(db_url, ledger):
    ledger.add_counter("C001", "一号窗口")
    again = Storage.open(db_url)
    try:
        assert migrate(again) == SCHEMA_VERSION
        with again.transaction() as tx:
            assert tx.one("SELECT name FROM counters WHERE counter_id = ?", ("C001",))["name"] == "一号窗口"
    finally:
        again.close()


def test_a_failed_transaction_leaves_nothing_behind(storage, ledger):
    ledger.add_counter("C001", "一号窗口")
    rows = [("C001", s, f"e-{s}", "t", "2024-05-01T00:00:00Z", None, "{}", "h", "now") for s in range(1, 501)]
    with pytest.raises(RuntimeError), storage.transaction(write=True) as tx:
        tx.executemany("INSERT INTO events (counter_id, seq, event_id, type, occurred_at, issuance_id, payload,"
                       " content_hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        raise RuntimeError("power cut")
    with storage.transaction() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM events")["n"] == 0


def test_the_same_seq_cannot_be_stored_twice(storage, ledger):
    ledger.add_counter("C001", "一号窗口")
    row = ("C001", 1, "e-1", "t", "2024-05-01T00:00:00Z", None, "{}", "h", "now")
    sql = ("INSERT INTO events (counter_id, seq, event_id, type, occurred_at, issuance_id, payload, content_hash,"
           " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    with storage.transaction(write=True) as tx:
        tx.execute(sql, row)
    with pytest.raises(Exception), storage.transaction(write=True) as tx:  # noqa: B017 - sqlite3/psycopg types
        tx.execute(sql, row[:2] + ("e-2",) + row[3:])


@pytest.mark.parametrize(("url", "dialect", "target"), [
    ("sqlite:///var/lib/ledger.sqlite3", "sqlite", "/var/lib/ledger.sqlite3"),
    ("ledger.sqlite3", "sqlite", "ledger.sqlite3"),
    ("postgresql://ledger@127.0.0.1:5432/ledger", "postgresql", "postgresql://ledger@127.0.0.1:5432/ledger"),
])
def test_database_urls(url, dialect, target):
    assert DatabaseUrl.parse(url) == DatabaseUrl(dialect, target)


@pytest.mark.parametrize("url", ["", "sqlite://", "sqlite:///:memory:", "mysql://x/y"])
def test_unusable_database_urls_are_refused(url):
    with pytest.raises(StorageError):
        DatabaseUrl.parse(url)
