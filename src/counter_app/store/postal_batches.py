"""The ``postal_batches`` and ``postal_batch_items`` tables (migration 14): the card centre's postal production.

No transactions here (the service opens them); the application JSON of an item is sealed and unsealed here, at
its place ``postal_batch_items/application/BATCH/APP``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time
from counter_app.store.sealing import SealContext, seal, unseal

OPEN_BATCH_STATES = ("producing", "produced", "documents_printed")
#: an item in one of these states holds its application at this counter (no other batch may take it)
HELD_ITEM_STATES = ("waiting", "writing", "printing", "retry", "done", "left", "posted")


def item_sealed_at(batch_id: str, app_id: str) -> SealContext:
    return SealContext("postal_batch_items", "application", f"{batch_id}/{app_id}")


@dataclass(frozen=True, slots=True)
class BatchRow:
    batch_id: str
    counter_id: str
    created_at: dt.datetime
    created_by: str
    requested: int
    state: str
    printed_at: dt.datetime | None
    closed_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ItemRow:
    batch_id: str
    app_id: str
    position: int
    state: str
    issuance_id: str | None
    spoiled_issuance_id: str | None
    card_failures: int
    card_number: str | None
    township: str | None
    reason: str | None
    tracking_number: str | None
    progress_sent: int
    posted_at: dt.datetime | None
    updated_at: dt.datetime


_BATCH_COLUMNS = "batch_id, counter_id, created_at, created_by, requested, state, printed_at, closed_at"
_ITEM_COLUMNS = ("batch_id, app_id, position, state, issuance_id, spoiled_issuance_id, card_failures, card_number,"
                 " township, reason, tracking_number, progress_sent, posted_at, updated_at")
_ITEM_FIELDS = frozenset({"state", "issuance_id", "spoiled_issuance_id", "card_failures", "card_number", "township",
                          "reason", "tracking_number", "progress_sent", "posted_at"})


def _time(text: str | None) -> dt.datetime | None:
    return from_db_time(text) if text else None


def _batch(r) -> BatchRow:
    return BatchRow(r[0], r[1], from_db_time(r[2]), r[3], r[4], r[5], _time(r[6]), _time(r[7]))


def _item(r) -> ItemRow:
    return ItemRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], _time(r[12]),
                   from_db_time(r[13]))


class PostalBatchRepository:
    def __init__(self, db: Database):
        self.db = db

    # --- batches ------------------------------------------------------------------------------------

    def add_batch(self, batch_id: str, *, counter_id: str, at: dt.datetime, by: str, requested: int) -> None:
        self.db.execute(f"INSERT INTO postal_batches ({_BATCH_COLUMNS}) VALUES (?, ?, ?, ?, ?, 'producing', NULL, NULL)",
                        (batch_id, counter_id, to_db_time(at), by, requested))

    def batch(self, batch_id: str) -> BatchRow | None:
        row = self.db.execute(f"SELECT {_BATCH_COLUMNS} FROM postal_batches WHERE batch_id = ?",
                              (batch_id,)).fetchone()
        return _batch(row) if row else None

    def open_batch(self) -> BatchRow | None:
        """The batch not closed yet (at most one), else None."""
        marks = ", ".join("?" for _ in OPEN_BATCH_STATES)
        row = self.db.execute(f"SELECT {_BATCH_COLUMNS} FROM postal_batches WHERE state IN ({marks})"
                              " ORDER BY created_at DESC LIMIT 1", OPEN_BATCH_STATES).fetchone()
        return _batch(row) if row else None

    def recent_batches(self, limit: int = 20) -> list[BatchRow]:
        rows = self.db.execute(f"SELECT {_BATCH_COLUMNS} FROM postal_batches ORDER BY created_at DESC LIMIT ?",
                               (limit,)).fetchall()
        return [_batch(r) for r in rows]

    def set_batch_state(self, batch_id: str, state: str, *, at: dt.datetime) -> None:
        column = {"documents_printed": "printed_at", "closed": "closed_at"}.get(state)
        if column:
            self.db.execute(f"UPDATE postal_batches SET state = ?, {column} = ? WHERE batch_id = ?",
                            (state, to_db_time(at), batch_id))
        else:
            self.db.execute("UPDATE postal_batches SET state = ? WHERE batch_id = ?", (state, batch_id))

    # --- items --------------------------------------------------------------------------------------

    def add_item(self, batch_id: str, app_id: str, position: int, application: dict[str, Any], *,
                 at: dt.datetime, state: str = "waiting", **fields: Any) -> None:
        blob = seal(json.dumps(application, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                    item_sealed_at(batch_id, app_id))
        self.db.execute(
            "INSERT INTO postal_batch_items (batch_id, app_id, position, state, issuance_id, spoiled_issuance_id,"
            " card_failures, card_number, township, reason, tracking_number, progress_sent, posted_at, updated_at,"
            " application) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, NULL, ?, NULL, ?, ?)",
            (batch_id, app_id, position, state, fields.get("issuance_id"), fields.get("spoiled_issuance_id"),
             int(fields.get("card_failures", 0)), fields.get("township"), int(fields.get("progress_sent", 0)),
             to_db_time(at), blob))

    def items(self, batch_id: str) -> list[ItemRow]:
        rows = self.db.execute(f"SELECT {_ITEM_COLUMNS} FROM postal_batch_items WHERE batch_id = ?"
                               " ORDER BY position", (batch_id,)).fetchall()
        return [_item(r) for r in rows]

    def item(self, batch_id: str, app_id: str) -> ItemRow | None:
        row = self.db.execute(f"SELECT {_ITEM_COLUMNS} FROM postal_batch_items WHERE batch_id = ? AND app_id = ?",
                              (batch_id, app_id)).fetchone()
        return _item(row) if row else None

    def latest_item_of(self, app_id: str) -> ItemRow | None:
        """The application's item in its latest batch (None: never taken here)."""
        row = self.db.execute(
            f"SELECT {', '.join('i.' + c.strip() for c in _ITEM_COLUMNS.split(','))} FROM postal_batch_items i"
            " JOIN postal_batches b ON b.batch_id = i.batch_id WHERE i.app_id = ?"
            " ORDER BY b.created_at DESC LIMIT 1", (app_id,)).fetchone()
        return _item(row) if row else None

    def held_app_ids(self) -> set[str]:
        """Applications this counter holds (in a batch, made, posted or left for the next batch)."""
        marks = ", ".join("?" for _ in HELD_ITEM_STATES)
        rows = self.db.execute(f"SELECT DISTINCT app_id FROM postal_batch_items WHERE state IN ({marks})",
                               HELD_ITEM_STATES).fetchall()
        return {r[0] for r in rows}

    def left_items(self) -> list[ItemRow]:
        """Items left for the next batch, oldest first."""
        rows = self.db.execute(
            f"SELECT {', '.join('i.' + c.strip() for c in _ITEM_COLUMNS.split(','))} FROM postal_batch_items i"
            " JOIN postal_batches b ON b.batch_id = i.batch_id WHERE i.state = 'left'"
            " ORDER BY b.created_at, i.position").fetchall()
        return [_item(r) for r in rows]

    def application(self, batch_id: str, app_id: str) -> dict[str, Any]:
        row = self.db.execute("SELECT application FROM postal_batch_items WHERE batch_id = ? AND app_id = ?",
                              (batch_id, app_id)).fetchone()
        if row is None:
            raise KeyError(app_id)
        return json.loads(unseal(row[0], item_sealed_at(batch_id, app_id)).decode("utf-8"))

    def update_item(self, batch_id: str, app_id: str, *, at: dt.datetime, **fields: Any) -> None:
        unknown = set(fields) - _ITEM_FIELDS
        if unknown:
            raise ValueError(f"not item fields: {sorted(unknown)}")
        values = {k: (to_db_time(v) if isinstance(v, dt.datetime) else v) for k, v in fields.items()}
        sets = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE postal_batch_items SET {sets}, updated_at = ? WHERE batch_id = ? AND app_id = ?",
                        (*values.values(), to_db_time(at), batch_id, app_id))
