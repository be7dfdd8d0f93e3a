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
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from counter_app.domain.problems import Problem
from counter_app.paths import AppPaths
from counter_app.store.errors import DatabaseBusy, DatabaseMissing, DatabaseUnreadable, StoreError

if TYPE_CHECKING:
    from counter_app.store.migrations import MigrationReport

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def connect(path: str | Path, *, readonly: bool = False) -> Database:
    """Open the database file with the counter's settings, without migrating it.

    ``readonly`` opens an existing file for inspection (``db check``): nothing is created and
    the journal mode is left as found. Raises :class:`DatabaseUnreadable` for a file that is not
    an SQLite database and :class:`DatabaseMissing` for a read-only open of a missing file.
    """
    path = Path(path)
    try:
        if readonly:
            if not path.is_file():
                raise DatabaseMissing(path)
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
            )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise DatabaseUnreadable(path, str(exc)) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the schema forces SQLite to read the file header: a file that is not a
        # database fails here with a clear error instead of at the first query.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(
                    Problem(
                        "store.no_wal",
                        f"数据库 {path} 无法切换到 WAL 模式（当前为 {mode}）。",
                        f"The database {path} cannot be switched to WAL mode (it is in {mode} mode).",
                    )
                )
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusy(path) from exc
        raise DatabaseUnreadable(path, str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseUnreadable(path, str(exc)) from exc
    except BaseException:
        conn.close()
        raise
    # Plugins are not loaded: what runs on this connection is what this project wrote.
    return Database(conn, execute_plugins=False)


# Callbacks waiting for the open transaction of a connection (by id: sqlite3 connections take no
# attributes and no weak references) to commit. An entry lives only while its transaction is open.
_after_commit: dict[int, dict[Callable[[], None], None]] = {}
_after_commit_lock = threading.Lock()


def after_commit(db: Database, callback: Callable[[], None]) -> None:
    """Call ``callback`` once what ``db``'s open transaction wrote is on disk: after its outermost
    ``COMMIT`` (at once when no transaction is open), never after a rollback. The same callback
    registered twice in one transaction runs once. For telling others (the sync worker) that there
    is something new to read — a callback that raises is logged, never breaks the commit."""
    if not db.conn.in_transaction:
        _run_callbacks([callback])
        return
    with _after_commit_lock:
        _after_commit.setdefault(id(db.conn), {})[callback] = None


def _take_callbacks(conn: sqlite3.Connection) -> list[Callable[[], None]]:
    with _after_commit_lock:
        return list(_after_commit.pop(id(conn), {}))


def _run_callbacks(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:
            log.exception("an after-commit callback failed")


@contextlib.contextmanager
def immediate_transaction(db: Database) -> Iterator[Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` if the block raises.

    Inside an open transaction it nests as a savepoint (sqlite-utils' ``atomic()``), so a
    helper that needs a transaction can be called both alone and from a larger one. After the
    outermost ``COMMIT`` the :func:`after_commit` callbacks run (a rolled-back savepoint's too: at
    worst a needless notification).
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise DatabaseBusy(database_file(db)) from exc
    try:
        yield db
    except BaseException:
        _take_callbacks(conn)
        # Some errors (e.g. a disk I/O error) end the transaction themselves.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        _take_callbacks(conn)
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    _run_callbacks(_take_callbacks(conn))


def database_file(db: Database) -> Path | None:
    """The path of the connection's main database file (None for an in-memory one)."""
    for row in db.conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


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
        from counter_app.store import sealing
        from counter_app.store.migrations import migrate

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


def keys_dir_for(database: Path) -> Path:
    """Where the data keys of ``database`` live: ``keys/`` beside it, as :class:`AppPaths` lays
    out a counter (``data_dir/counter.sqlite3`` and ``data_dir/keys``)."""
    return Path(database).parent / "keys"


def open_store(paths: AppPaths) -> Store:
    """The counter's store at its usual place, with its backups directory."""
    paths.ensure()
    return Store.open(paths.database, backups_dir=paths.backups_dir)
