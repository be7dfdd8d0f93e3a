"""Rows of ``card_stock`` (blank-card batches received) and ``stock_counts`` (physical counts),
and the counts of issuances that hold a blank card, as values.

What the figures mean and how a count is judged is :mod:`counter_app.services.stock`; this
module only reads and writes. Counting issuances by state reads ``issuance_hourly`` (the
summary of migration 4), so a year of issuances costs milliseconds; cancelled issuances (few)
are counted from ``issuances`` itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time

_BATCH_COLUMNS = "id, received_at, count, first_chip_id, last_chip_id, note"
_COUNT_COLUMNS = "id, at, counted, expected, difference, counted_by, day"


@dataclass(frozen=True, slots=True)
class StockBatch:
    id: int
    received_at: dt.datetime
    count: int
    first_chip_id: str | None
    last_chip_id: str | None
    note: str


@dataclass(frozen=True, slots=True)
class StockCount:
    id: int
    at: dt.datetime
    counted: int
    expected: int
    difference: int            # counted - expected: negative = cards missing
    counted_by: str
    day: str | None

    @property
    def balanced(self) -> bool:
        return self.difference == 0


class StockRepository:
    def __init__(self, db: Database):
        self.db = db

    # --- batches ----------------------------------------------------------------------------------

    def insert_batch(self, *, at: dt.datetime, count: int, first_chip_id: str | None,
                     last_chip_id: str | None, note: str) -> int:
        """Record a delivery; returns the batch id."""
        cursor = self.db.execute(
            "INSERT INTO card_stock (received_at, count, first_chip_id, last_chip_id, note) VALUES (?, ?, ?, ?, ?)",
            (to_db_time(at), count, first_chip_id, last_chip_id, note))
        return int(cursor.lastrowid)

    def batch(self, batch_id: int) -> StockBatch:
        return _batch(self.db.execute(f"SELECT {_BATCH_COLUMNS} FROM card_stock WHERE id = ?",
                                      (batch_id,)).fetchone())

    def batches(self) -> list[StockBatch]:
        """Every batch, in the order received."""
        return [_batch(r) for r in self.db.execute(f"SELECT {_BATCH_COLUMNS} FROM card_stock ORDER BY id")]

    def received(self) -> int:
        """Blank cards received over all batches."""
        (received,) = self.db.execute("SELECT coalesce(sum(count), 0) FROM card_stock").fetchone()
        return int(received)

    # --- counts -----------------------------------------------------------------------------------

    def insert_count(self, *, at: dt.datetime, counted: int, expected: int, counted_by: str,
                     day: str | None) -> int:
        """Record a physical count against the expected figure; returns the count id."""
        cursor = self.db.execute(
            "INSERT INTO stock_counts (at, counted, expected, difference, counted_by, day) VALUES (?, ?, ?, ?, ?, ?)",
            (to_db_time(at), counted, expected, counted - expected, counted_by, day))
        return int(cursor.lastrowid)

    def count(self, count_id: int) -> StockCount:
        r = self.db.execute(f"SELECT {_COUNT_COLUMNS} FROM stock_counts WHERE id = ?", (count_id,)).fetchone()
        return _count(r)

    def last_count(self) -> StockCount | None:
        """The latest count, if any."""
        last = self.db.execute("SELECT id FROM stock_counts ORDER BY id DESC LIMIT 1").fetchone()
        return self.count(last[0]) if last else None

    # --- issuances holding a card -------------------------------------------------------------------

    def issuances_in_states(self, states: Sequence[str]) -> int:
        """Issuances now in any of ``states``, from the hourly summary."""
        marks = ", ".join("?" for _ in states)
        (n,) = self.db.execute(f"SELECT coalesce(sum(n), 0) FROM issuance_hourly WHERE state IN ({marks})",
                               tuple(states)).fetchone()
        return int(n)

    def spoiled_issuances(self) -> int:
        """Issuances now ``spoiled``, from the hourly summary."""
        (n,) = self.db.execute("SELECT coalesce(sum(n), 0) FROM issuance_hourly WHERE state = 'spoiled'").fetchone()
        return int(n)

    def cancelled_with_card(self) -> int:
        """Cancelled issuances that had taken a card number (their blank card was used)."""
        (n,) = self.db.execute(
            "SELECT count(*) FROM issuances WHERE state = 'cancelled' AND card_number IS NOT NULL").fetchone()
        return int(n)


def _batch(r: tuple) -> StockBatch:
    return StockBatch(r[0], from_db_time(r[1]), r[2], r[3], r[4], r[5])


def _count(r: tuple) -> StockCount:
    return StockCount(r[0], from_db_time(r[1]), r[2], r[3], r[4], r[5], r[6])
