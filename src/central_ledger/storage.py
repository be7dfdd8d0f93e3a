"""One storage layer for the ledger over SQLite (the default, a file) and PostgreSQL (psycopg 3).

Plain DB-API with a tiny dialect shim, so that every query is written once:

- SQL is written with ``?`` placeholders; for PostgreSQL they become ``%s`` (so no SQL here may contain a
  literal ``?`` or ``%``);
- DDL uses ``{serial_pk}`` and ``{bigint}``, filled in per dialect;
- rows come back as dicts on both.

Write transactions are serialised where they must be: SQLite opens them with ``BEGIN IMMEDIATE`` (WAL mode and a
busy timeout let a second writer wait instead of failing), PostgreSQL takes a transaction-scoped advisory lock
(:meth:`Tx.lock_intake`) before the few steps that read-then-write shared rows. Connections are kept in a small
pool; each is used by one thread at a time.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE_BUSY_TIMEOUT_MS = 30_000
INTAKE_LOCK_KEY = 874_001  # the PostgreSQL advisory lock that serialises intake and derivation
POOL_IDLE_MAX = 8


class StorageError(RuntimeError):
    """The database URL is unusable or the database cannot be opened."""


@dataclass(frozen=True)
class DatabaseUrl:
    dialect: str  # "sqlite" | "postgresql"
    target: str  # a file path for SQLite, the libpq URL for PostgreSQL

    @classmethod
    def parse(cls, url: str) -> DatabaseUrl:
        """``sqlite:///abs/path.sqlite3`` (= /abs/path.sqlite3), a plain path, or ``postgresql://...``."""
        url = url.strip()
        if not url:
            raise StorageError("数据库地址为空 / empty database URL")
        if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            return cls("postgresql", url.replace("postgresql+psycopg://", "postgresql://", 1))
        if url.startswith("sqlite://"):
            path = url[len("sqlite://"):]
            if not path or path in ("/", "/:memory:", ":memory:"):
                raise StorageError("SQLite 账本需要一个文件路径 / the SQLite ledger needs a file path")
            return cls("sqlite", path)
        if "://" in url:
            raise StorageError(f"不支持的数据库地址 / unsupported database URL: {url.split('://')[0]}://")
        return cls("sqlite", url)


class Tx:
    """One open transaction: ``execute``, ``executemany``, ``one`` and ``all`` with ``?`` placeholders."""

    def __init__(self, conn: Any, dialect: str):
        self._conn = conn
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the row count."""
        cur = self._conn.execute(self._sql(sql), tuple(params))
        return cur.rowcount

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        if self.dialect == "postgresql":
            with self._conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)
        else:
            self._conn.executemany(sql, rows)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._conn.execute(self._sql(sql), tuple(params))
        return [dict(r) for r in cur.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        cur = self._conn.execute(self._sql(sql), tuple(params))
        row = cur.fetchone()
        return dict(row) if row is not None else None

    def lock_intake(self) -> None:
        """Serialise with every other intake until this transaction ends (SQLite's BEGIN IMMEDIATE already does)."""
        if self.dialect == "postgresql":
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (INTAKE_LOCK_KEY,))


def _create_private(path: Path) -> None:
    """Create the SQLite file empty with mode 0600 unless it exists: it holds every event and certificate of the
    district. SQLite gives its -wal and -shm files the mode of the database file, so they are 0600 too."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageError(f"无法创建账本数据库 / cannot create the ledger database {path}: {exc}") from exc
    os.close(fd)


def _dict_row_factory(cursor: sqlite3.Cursor, row: tuple) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


class Storage:
    """A pool of connections to one ledger database, with transactions and the schema applied at open."""

    def __init__(self, url: str):
        self.url = DatabaseUrl.parse(url)
        self.dialect = self.url.dialect
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()
        self._closed = False
        self._lock = threading.Lock()
        if self.dialect == "sqlite":
            path = Path(self.url.target).expanduser()
            path.parent.mkdir(parents=True, exist_ok=True)
            _create_private(path)

    @classmethod
    def open(cls, url: str) -> Storage:
        """Open (creating if needed) the ledger database and bring its schema up to date."""
        from central_ledger.schema import migrate

        storage = cls(url)
        migrate(storage)
        return storage

    # -- connections --------------------------------------------------------------------------------------

    def _connect(self) -> Any:
        if self.dialect == "sqlite":
            try:
                conn = sqlite3.connect(self.url.target, isolation_level=None, check_same_thread=False,
                                       timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
            except sqlite3.Error as exc:
                raise StorageError(f"无法打开账本数据库 / cannot open the ledger database: {exc}") from exc
            conn.row_factory = _dict_row_factory
            conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")  # an acknowledged event must survive a power loss
            conn.execute("PRAGMA foreign_keys = ON")
            return conn
        import psycopg
        from psycopg.rows import dict_row

        try:
            return psycopg.connect(self.url.target, row_factory=dict_row, autocommit=False)
        except psycopg.Error as exc:
            raise StorageError(f"无法连接账本数据库 / cannot connect to the ledger database: {exc}") from exc

    def _acquire(self) -> Any:
        while True:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                return self._connect()
            if self.dialect == "postgresql" and conn.closed:
                continue
            return conn

    def _release(self, conn: Any, healthy: bool) -> None:
        if healthy and not self._closed and self._idle.qsize() < POOL_IDLE_MAX:
            self._idle.put(conn)
        else:
            try:
                conn.close()
            except Exception:  # closing a broken connection: nothing more to do
                pass

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Tx]:
        """One transaction, committed when the block ends normally and rolled back otherwise.

        ``write=True`` on SQLite takes the write lock at the start (``BEGIN IMMEDIATE``) so that two writers
        queue on the busy timeout instead of one failing on a lock upgrade.
        """
        conn = self._acquire()
        healthy = True
        try:
            if self.dialect == "sqlite":
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield Tx(conn, self.dialect)
            except BaseException:
                conn.rollback() if self.dialect == "postgresql" else conn.execute("ROLLBACK")
                raise
            if self.dialect == "postgresql":
                conn.commit()
            else:
                conn.execute("COMMIT")
        except BaseException:
            healthy = self._is_healthy(conn)
            raise
        finally:
            self._release(conn, healthy)

    def _is_healthy(self, conn: Any) -> bool:
        if self.dialect == "sqlite":
            return not conn.in_transaction
        import psycopg

        return not conn.closed and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
