"""What the sync keeps for the supervisor and the status bar: last success and error, refusals, the
conflicts the ledger reported, and card-block requests in flight (tables of schema version 2).

Repositories only: they neither open transactions nor decide; call them inside a store transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time

LAST_SUCCESS_KEY = "sync.last_success"
LAST_ERROR_KEY = "sync.last_error"
REGISTERED_KEY = "sync.registered"


@dataclass(frozen=True, slots=True)
class LastSyncError:
    """The last error of the sync, as the status bar shows it."""

    at: dt.datetime
    code: str
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, str]:
        return {"at": to_db_time(self.at), "code": self.code, "zh": self.message_zh, "en": self.message_en}


@dataclass(frozen=True, slots=True)
class Refusal:
    id: int
    at: dt.datetime
    request: str
    http_status: int
    error_code: str
    message: str
    first_seq: int | None
    last_seq: int | None
    body: dict[str, Any]
    resolved_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class LedgerConflict:
    id: int
    kind: str
    seq: int | None
    event_id: str | None
    detail: dict[str, Any]
    ledger_recorded_at: str | None
    received_at: dt.datetime


class SyncRecords:
    def __init__(self, db: Database):
        self.db = db

    # --- small values in settings_kv ----------------------------------------------------------

    def _put(self, key: str, value: str, at: dt.datetime) -> None:
        self.db.execute(
            "INSERT INTO settings_kv (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, value, to_db_time(at)),
        )

    def _get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings_kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_last_success(self, at: dt.datetime) -> None:
        self._put(LAST_SUCCESS_KEY, to_db_time(at), at)

    def last_success(self) -> dt.datetime | None:
        value = self._get(LAST_SUCCESS_KEY)
        return from_db_time(value) if value else None

    def set_last_error(self, at: dt.datetime, code: str, zh: str, en: str) -> None:
        self._put(LAST_ERROR_KEY, json.dumps({"at": to_db_time(at), "code": code, "zh": zh, "en": en},
                                             ensure_ascii=False), at)

    def last_error(self) -> LastSyncError | None:
        value = self._get(LAST_ERROR_KEY)
        if not value:
            return None
        d = json.loads(value)
        return LastSyncError(from_db_time(d["at"]), d["code"], d["zh"], d["en"])

    def set_registered(self, counter_id: str, at: dt.datetime) -> None:
        self._put(REGISTERED_KEY, counter_id, at)

    def registered_counter(self) -> str | None:
        return self._get(REGISTERED_KEY)

    # --- refusals -----------------------------------------------------------------------------

    def add_refusal(self, *, at: dt.datetime, request: str, http_status: int, error_code: str, message: str,
                    body: Mapping[str, Any], first_seq: int | None = None, last_seq: int | None = None) -> int:
        """Keep a refusal for the supervisor. The worker retries after a refusal, so the same refusal
        (same request, status and code, still open) updates its row — the events it covers and the
        ledger's latest answer — instead of adding one per attempt; ``at`` stays the first time."""
        open_row = self.db.execute(
            "SELECT id FROM sync_refusals WHERE request = ? AND http_status = ? AND error_code = ?"
            " AND resolved_at IS NULL ORDER BY id LIMIT 1", (request, http_status, error_code)).fetchone()
        if open_row is not None:
            self.db.execute("UPDATE sync_refusals SET message = ?, first_seq = ?, last_seq = ?, body = ? WHERE id = ?",
                            (message, first_seq, last_seq, json.dumps(dict(body), ensure_ascii=False), open_row[0]))
            return int(open_row[0])
        cur = self.db.execute(
            "INSERT INTO sync_refusals (at, request, http_status, error_code, message, first_seq, last_seq, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (to_db_time(at), request, http_status, error_code, message, first_seq, last_seq,
             json.dumps(dict(body), ensure_ascii=False)),
        )
        return int(cur.lastrowid)

    def resolve_refusals(self, request: str, at: dt.datetime) -> int:
        """An accepted request of this kind closes the open refusals of the same kind."""
        cur = self.db.execute("UPDATE sync_refusals SET resolved_at = ? WHERE request = ? AND resolved_at IS NULL",
                              (to_db_time(at), request))
        return cur.rowcount

    def open_refusals(self) -> list[Refusal]:
        rows = self.db.execute(
            "SELECT id, at, request, http_status, error_code, message, first_seq, last_seq, body, resolved_at "
            "FROM sync_refusals WHERE resolved_at IS NULL ORDER BY id").fetchall()
        return [Refusal(r[0], from_db_time(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]),
                        from_db_time(r[9]) if r[9] else None) for r in rows]

    # --- conflicts the ledger reported ----------------------------------------------------------

    def add_conflicts(self, conflicts: Iterable[Mapping[str, Any]], at: dt.datetime) -> int:
        """Keep each conflict once (a repeated batch reports it again); returns how many were new."""
        added = 0
        for c in conflicts:
            cur = self.db.execute(
                "INSERT INTO ledger_conflicts (kind, seq, event_id, detail, ledger_recorded_at, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, seq, event_id) DO NOTHING",
                (str(c.get("kind") or "unknown"), c.get("seq") if isinstance(c.get("seq"), int) else None,
                 c.get("event_id") if isinstance(c.get("event_id"), str) else None,
                 json.dumps(c.get("detail") if isinstance(c.get("detail"), dict) else {}, ensure_ascii=False),
                 c.get("recorded_at") if isinstance(c.get("recorded_at"), str) else None, to_db_time(at)),
            )
            added += cur.rowcount
        return added

    def open_conflicts(self) -> list[LedgerConflict]:
        rows = self.db.execute(
            "SELECT id, kind, seq, event_id, detail, ledger_recorded_at, received_at FROM ledger_conflicts "
            "WHERE resolved_at IS NULL ORDER BY id").fetchall()
        return [LedgerConflict(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], from_db_time(r[6])) for r in rows]

    # --- card-number block requests -------------------------------------------------------------

    def pending_block_request(self) -> tuple[str, int] | None:
        row = self.db.execute("SELECT request_id, count FROM card_block_requests WHERE completed_at IS NULL "
                              "ORDER BY requested_at, request_id LIMIT 1").fetchone()
        return (row[0], int(row[1])) if row else None

    def add_block_request(self, request_id: str, count: int, at: dt.datetime) -> None:
        self.db.execute("INSERT INTO card_block_requests (request_id, count, requested_at) VALUES (?, ?, ?)",
                        (request_id, count, to_db_time(at)))

    def complete_block_request(self, request_id: str, ledger_block_id: str, at: dt.datetime) -> None:
        self.db.execute("UPDATE card_block_requests SET completed_at = ?, ledger_block_id = ? WHERE request_id = ?",
                        (to_db_time(at), ledger_block_id, request_id))
