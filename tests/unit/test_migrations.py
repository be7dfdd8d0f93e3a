"""Schema migrations: numbered, recorded in the database, applied at open, with a copy first."""

from __future__ import annotations

import sqlite3

import pytest

from counter_app.store.database import Store, connect
from counter_app.store.errors import MigrationFailed, NotACounterDatabase, SchemaTooNew
from counter_app.store.migrations import migrate, pending_migrations, schema_version
from counter_app.store.schema import MIGRATIONS, Migration, latest_version

TABLES = {"users", "issuances", "issuance_events", "outbox", "card_stock", "card_stock_moves",
          "card_number_blocks", "audit_log", "settings_kv", "schema_migrations"}


def add_supplier_column(db):
    db.conn.execute("ALTER TABLE card_stock ADD COLUMN supplier TEXT")


WITH_A_SECOND = (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "card_stock_supplier", add_supplier_column))


def tables(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_an_empty_file_gets_the_whole_schema(tmp_path):
    with Store.open(tmp_path / "counter.sqlite3", backups_dir=tmp_path / "backups") as store:
        assert schema_version(store.db) == latest_version()
        assert pending_migrations(store.db) == []
        assert [m.version for m in store.migration.applied] == [m.version for m in MIGRATIONS]
    assert TABLES <= tables(tmp_path / "counter.sqlite3")
    assert not (tmp_path / "backups").exists()  # nothing to lose, nothing copied


def test_running_again_is_a_no_op(fresh_store):
    recorded = fresh_store.db.execute("SELECT * FROM schema_migrations").fetchall()
    report = migrate(fresh_store.db, backups_dir=fresh_store.path.parent / "backups")
    assert report.applied == () and report.backup is None
    assert fresh_store.db.execute("SELECT * FROM schema_migrations").fetchall() == recorded


def test_an_existing_database_is_copied_before_it_is_migrated(tmp_path):
    path, backups = tmp_path / "counter.sqlite3", tmp_path / "backups"
    with Store.open(path) as store, store.transaction() as db:
        db.execute("INSERT INTO settings_kv VALUES ('counter_id', 'C-0001', '2025-03-07T00:00:00.000000Z')")
    db = connect(path)
    assert [m.name for m in pending_migrations(db, WITH_A_SECOND)] == ["card_stock_supplier"]
    report = migrate(db, backups_dir=backups, migrations=WITH_A_SECOND)
    assert schema_version(db) == len(WITH_A_SECOND)
    db.close()
    [copy] = backups.iterdir()
    assert copy == report.backup and f"-v{len(MIGRATIONS)}-before-v{len(WITH_A_SECOND)}-" in copy.name
    with sqlite3.connect(copy) as old:
        assert old.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
        assert old.execute("SELECT value FROM settings_kv").fetchone()[0] == "C-0001"
        assert "supplier" not in {r[1] for r in old.execute("PRAGMA table_info(card_stock)")}


def test_a_failing_migration_is_rolled_back_and_names_the_backup(tmp_path):
    path = tmp_path / "counter.sqlite3"
    Store.open(path).close()

    def half_done(db):
        db.conn.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("bug in migration")

    broken = (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "broken", half_done))
    db = connect(path)
    with pytest.raises(MigrationFailed) as caught:
        migrate(db, backups_dir=tmp_path / "backups", migrations=broken)
    assert schema_version(db) == len(MIGRATIONS)
    db.close()
    assert "half_done" not in tables(path)
    assert str(caught.value.backup) in caught.value.message("en")


def test_a_database_newer_than_the_code_is_refused_untouched(tmp_path):
    path = tmp_path / "counter.sqlite3"
    Store.open(path).close()
    newer = latest_version() + 1
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01T00:00:00.000000Z')",
                     (newer,))
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew) as caught:
        Store.open(path, backups_dir=tmp_path / "backups")
    assert (caught.value.found, caught.value.known) == (newer, latest_version())
    assert str(newer) in caught.value.message("zh") and str(newer) in caught.value.message("en")
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_another_applications_database_is_left_alone(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(NotACounterDatabase):
        Store.open(path)
    assert tables(path) == {"recipes"}
