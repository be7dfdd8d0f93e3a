"""Apply the numbered migrations of :mod:`counter_app.store.schema`, recorded in the database.

A small runner rather than sqlite-utils' ``Migrations``, because the counter needs three things
that API does not give:

- integer versions, so "this database is newer than the code" is a comparison (refused with
  :class:`SchemaTooNew`) instead of a set of unknown names;
- a copy of the file taken *before* the first pending migration runs, only when there is
  something to lose (the database already holds tables);
- each migration applied under ``BEGIN IMMEDIATE`` with the version re-read under the write
  lock, so the GUI and a ``counter-app db migrate`` started at the same moment cannot both apply
  the same step (``Migrations.apply`` checks what is pending before taking any lock).

The record is the table ``schema_migrations (version, name, applied_at)``, written in the same
transaction as the migration itself: a migration that fails leaves neither its changes nor its
record. Running :func:`migrate` on an up-to-date database does nothing, not even a backup.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.connection import database_file, immediate_transaction
from counter_app.store.errors import MigrationFailed, NotACounterDatabase, SchemaTooNew
from counter_app.store.schema import MIGRATIONS, Migration, latest_version

log = logging.getLogger(__name__)

MIGRATIONS_TABLE = "schema_migrations"


@dataclass(frozen=True, slots=True)
class MigrationReport:
    """What :func:`migrate` did: versions before/after, the steps applied, the backup taken."""

    from_version: int
    to_version: int
    applied: tuple[Migration, ...]
    backup: Path | None


def schema_version(db: Database) -> int:
    """The highest migration recorded in the database; 0 for a database without any."""
    if not _has_migrations_table(db):
        return 0
    row = db.conn.execute(f"SELECT max(version) FROM {MIGRATIONS_TABLE}").fetchone()
    return int(row[0] or 0)


def pending_migrations(db: Database, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[Migration]:
    """The migrations newer than the database, in order (empty for a newer database too)."""
    current = schema_version(db)
    return [m for m in migrations if m.version > current]


def migrate(
    db: Database,
    *,
    backups_dir: Path | None = None,
    migrations: tuple[Migration, ...] = MIGRATIONS,
) -> MigrationReport:
    """Bring the database to the latest version this code knows.

    With ``backups_dir``, a database that already has tables is copied there first (SQLite's
    online backup API: a consistent copy even in WAL mode with other readers open). Raises
    :class:`SchemaTooNew` (nothing changed) for a database newer than ``migrations``,
    :class:`NotACounterDatabase` for another application's SQLite file, and
    :class:`MigrationFailed` when a step raises (that step rolled back, earlier ones kept).
    """
    _check_numbering(migrations)
    known = latest_version(migrations)
    current = schema_version(db)
    if current > known:
        raise SchemaTooNew(current, known)
    has_tables = _has_user_tables(db)
    if current == 0 and has_tables and not _has_migrations_table(db):
        raise NotACounterDatabase(database_file(db) or Path("?"))
    pending = [m for m in migrations if m.version > current]
    if not pending:
        return MigrationReport(current, current, (), None)
    backup = backup_database(db, backups_dir, current, known) if backups_dir and has_tables else None
    applied: list[Migration] = []
    for migration in pending:
        try:
            with immediate_transaction(db):
                _ensure_migrations_table(db)
                # Re-read under the write lock: another process may have applied it meanwhile.
                if schema_version(db) >= migration.version:
                    continue
                migration.apply(db)
                db.conn.execute(
                    f"INSERT INTO {MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, to_db_time(utc_now())),
                )
        except Exception as exc:  # a bug in a data migration is reported the same way
            raise MigrationFailed(migration.version, migration.name, str(exc), backup) from exc
        log.info("database migrated to version %d (%s)", migration.version, migration.name)
        applied.append(migration)
    return MigrationReport(current, schema_version(db), tuple(applied), backup)


def backup_database(db: Database, backups_dir: Path, from_version: int, to_version: int) -> Path:
    """Copy the whole database into ``backups_dir`` and return the copy's path.

    The name says which versions it lies between and when it was taken, e.g.
    ``counter-v1-before-v2-20250307T081500123456Z.sqlite3``. The directory is private to the
    app's user: the copy holds the same personal data as the database.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    try:
        backups_dir.chmod(0o700)
    except OSError:
        pass
    source = database_file(db)
    stem = source.stem if source else "counter"
    stamp = to_db_time(utc_now()).replace("-", "").replace(":", "").replace(".", "")
    target = backups_dir / f"{stem}-v{from_version}-before-v{to_version}-{stamp}.sqlite3"
    n = 1
    while target.exists():  # two backups in the same microsecond: never overwrite one
        target = target.with_name(f"{target.stem}-{n}.sqlite3")
        n += 1
    copy = sqlite3.connect(target)
    try:
        db.conn.backup(copy)
    finally:
        copy.close()
    try:
        target.chmod(0o600)
    except OSError:
        pass
    log.info("database copied to %s before migrating from v%d", target, from_version)
    return target


def _check_numbering(migrations: tuple[Migration, ...]) -> None:
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3, ... without gaps; got {versions}")


def _has_migrations_table(db: Database) -> bool:
    row = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    return row is not None


def _has_user_tables(db: Database) -> bool:
    row = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1"
    ).fetchone()
    return row is not None


def _ensure_migrations_table(db: Database) -> None:
    db.conn.execute(
        f"""
        CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (
            version     INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_at  TEXT NOT NULL
        ) STRICT
        """
    )
