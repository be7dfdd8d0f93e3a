"""The counter's one SQLite file: how it is opened and how a transaction is written.

Settings every connection gets, and why:

- ``journal_mode=WAL``: readers (the GUI's lists, the sync worker) never block the writer and
  the writer never blocks them; a crash leaves the last committed transaction intact.
- ``synchronous=FULL``: a transaction the clerk saw committed survives a power cut. In WAL mode
  NORMAL could lose the last transactions, and an issuance step (a written chip, a used card
  number) must never be forgotten.
- ``foreign_keys=ON``: SQLite leaves it off per connection by default.
- ``busy_timeout``: the GUI and the sync worker write to the same file; a writer waits for the
  other's transaction instead of failing at once.

Threads: a connection belongs to the thread that opened it (sqlite3's ``check_same_thread``
stays on and raises ``ProgrammingError`` otherwise). Each thread that writes — the GUI's
database worker, the sync worker — opens its own :class:`Store`. Never share one.

Transactions: the connection runs in autocommit mode (``isolation_level=None``) so Python's
sqlite3 module never opens transactions behind our back; :meth:`Store.transaction` opens them
explicitly with ``BEGIN IMMEDIATE``, which takes the write lock at the start. A transition then
reads the current state and writes the next one under the same lock: no other writer can slip
in between, and lock waits happen at ``BEGIN`` (where ``busy_timeout`` applies) instead of as a
deadlock-like ``SQLITE_BUSY`` half-way through.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from counter_app.paths import AppPaths
from counter_app.store import sealing
from counter_app.store.connection import (  # noqa: F401 - re-exported: the store's public names
    BUSY_TIMEOUT_MS,
    after_commit,
    connect,
    database_file,
    immediate_transaction,
    keys_dir_for,
)
from counter_app.store.migrations import MigrationReport, migrate


class Store:
    """One open connection to the counter's database, migrated to the schema this code knows.

    Use :meth:`open` (or :func:`open_store` with the counter's paths); write through
    :meth:`transaction`; read through :attr:`db` (a sqlite-utils ``Database``). Belongs to the
    thread that opened it.
    """

    def __init__(self, db: Database, path: Path, migration: MigrationReport | None = None):
        self.db = db
        self.path = path
        self.migration = migration  # what open() migrated, for the start-up log

    @classmethod
    def open(cls, path: str | Path, *, backups_dir: str | Path | None = None) -> Store:
        """Open (creating if needed) and apply pending migrations.

        Before migrating a database that already holds data, a copy is written to
        ``backups_dir`` (when given). Raises :class:`SchemaTooNew` for a database newer than
        this code, leaving it untouched.
        """
        path = Path(path)
        # The data keys sit beside the database (AppPaths: data_dir/keys): loaded before the
        # migrations, because migration 3 re-seals rows written before encryption existed.
        sealing.configure_for(keys_dir_for(path))
        db = connect(path)
        try:
            # Freed cells (a purged photo, a re-sealed row) are overwritten with zeros instead of
            # lingering in free pages of the file.
            db.conn.execute("PRAGMA secure_delete = ON")
            report = migrate(db, backups_dir=Path(backups_dir) if backups_dir else None)
        except BaseException:
            db.close()
            raise
        return cls(db, path, report)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction: ``with store.transaction() as db: ...`` commits on success,
        rolls back everything on any exception. Nested use becomes a savepoint."""
        with immediate_transaction(self.db) as db:
            yield db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_store(paths: AppPaths) -> Store:
    """The counter's store at its usual place, with its backups directory."""
    paths.ensure()
    return Store.open(paths.database, backups_dir=paths.backups_dir)
