"""The transactional outbox: events waiting to be sent to the ledger, in local sequence order.

Rows are appended in the same transaction as the change they report (the issuance service does
this), so nothing reaches the ledger that is not on disk, and nothing on disk is missed. ``seq``
is the counter's local sequence: the ledger keys events by (counter, seq) and answers with the
highest seq it holds; :meth:`OutboxRepository.acknowledge_through` records that answer.

Every event is queued here, so this is where the rest of the process learns that there is
something new to send: :func:`add_listener` registers a plain callback (the GUI registers its sync
worker's ``wake``) that runs after the commit of each transaction that queued an event. The store
knows nothing of who listens (no Qt, no sync); another process's events are found at the next pass.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time
from counter_app.store.connection import after_commit

log = logging.getLogger(__name__)

_listeners: list[Callable[[], None]] = []
_listeners_lock = threading.Lock()


def add_listener(callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback`` (in the committing thread: keep it short, e.g. set an event) after every
    commit that queued outbox events in this process; returns the function that unregisters it."""
    with _listeners_lock:
        _listeners.append(callback)
    return lambda: remove_listener(callback)


def remove_listener(callback: Callable[[], None]) -> None:
    with _listeners_lock:
        if callback in _listeners:
            _listeners.remove(callback)


def _notify_listeners() -> None:
    with _listeners_lock:
        listeners = tuple(_listeners)
    for callback in listeners:
        try:
            callback()
        except Exception:  # one listener's failure must not keep the news from the others
            log.exception("an outbox listener failed")


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    seq: int
    event_uuid: str
    type: str
    at: dt.datetime
    issuance_id: str | None
    payload: dict[str, Any]
    acknowledged_at: dt.datetime | None
    attempts: int
    last_error: str | None


class OutboxRepository:
    def __init__(self, db: Database):
        self.db = db

    def append(self, event_type: str, *, at: dt.datetime, payload: Mapping[str, Any],
               issuance_id: str | None = None, event_uuid: str | None = None) -> int:
        """Queue one event; returns its local sequence number."""
        cursor = self.db.execute(
            "INSERT INTO outbox (event_uuid, type, at, issuance_id, payload) VALUES (?, ?, ?, ?, ?)",
            (event_uuid or str(uuid.uuid4()), event_type, to_db_time(at), issuance_id,
             json.dumps(dict(payload), ensure_ascii=False, sort_keys=True, separators=(",", ":"))),
        )
        after_commit(self.db, _notify_listeners)
        return int(cursor.lastrowid)

    def pending(self, limit: int = 100) -> list[OutboxEvent]:
        """Unacknowledged events, lowest sequence first."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE acknowledged_at IS NULL ORDER BY seq LIMIT ?", (limit,)
        ).fetchall()
        return [_event(r) for r in rows]

    def count_pending(self) -> int:
        (n,) = self.db.execute("SELECT count(*) FROM outbox WHERE acknowledged_at IS NULL").fetchone()
        return int(n)

    def count_all(self) -> int:
        """Every event queued so far, acknowledged or not."""
        (n,) = self.db.execute("SELECT count(*) FROM outbox").fetchone()
        return int(n)

    def for_issuance(self, issuance_id: str) -> list[OutboxEvent]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE issuance_id = ? ORDER BY seq", (issuance_id,)
        ).fetchall()
        return [_event(r) for r in rows]

    def acknowledge_through(self, seq: int, at: dt.datetime) -> int:
        """Mark every pending event up to and including ``seq`` acknowledged; returns how many."""
        cursor = self.db.execute(
            "UPDATE outbox SET acknowledged_at = ? WHERE seq <= ? AND acknowledged_at IS NULL",
            (to_db_time(at), seq),
        )
        return cursor.rowcount

    def record_attempt_failed(self, seqs: list[int], error: str) -> None:
        """Count a failed send of these events and keep the error for the supervisor's view."""
        self.db.conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
            [(error, s) for s in seqs],
        )


_COLUMNS = "seq, event_uuid, type, at, issuance_id, payload, acknowledged_at, attempts, last_error"


def _event(row: tuple) -> OutboxEvent:
    seq, event_uuid, type_, at, issuance_id, payload, acked, attempts, last_error = row
    return OutboxEvent(
        seq=seq, event_uuid=event_uuid, type=type_, at=from_db_time(at), issuance_id=issuance_id,
        payload=json.loads(payload), acknowledged_at=from_db_time(acked) if acked else None,
        attempts=attempts, last_error=last_error,
    )
