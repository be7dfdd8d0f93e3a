"""Opening the counter's SQLite file and writing one transaction on it: the connection-level
pieces below :class:`~counter_app.store.database.Store`.

They sit in their own module so that the migrations (which need a transaction and the file's path)
and the repositories (which need :func:`after_commit`) import them without importing
:mod:`~counter_app.store.database`, which imports the migrations to open a store: no import cycle.
Why each connection setting is what it is, and how threads and transactions are used, is said in
:mod:`counter_app.store.database`; everything here is re-exported there.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlite_utils import Database

from counter_app.domain.problems import Problem
from counter_app.store.errors import DatabaseBusy, DatabaseMissing, DatabaseUnreadable, StoreError

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


def keys_dir_for(database: Path) -> Path:
    """Where the data keys of ``database`` live: ``keys/`` beside it, as :class:`AppPaths` lays
    out a counter (``data_dir/counter.sqlite3`` and ``data_dir/keys``)."""
    return Path(database).parent / "keys"
