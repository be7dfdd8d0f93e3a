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

_BATCH_COLUMNS = "id, received_at, count, first_chip_id, last_chip_id, note, bank_code, batch_number, chip_type, vendor"
_COUNT_COLUMNS = "id, at, counted, expected, difference, counted_by, day"
# The note of the 0-card batch :meth:`StockRepository.take_card` records for a bank none of whose deliveries was
# entered: its cards were taken all the same, so its expected stock goes below zero.
UNRECORDED_NOTE = "未登记入库即已领用 cards taken before any delivery of this bank was entered"


@dataclass(frozen=True, slots=True)
class StockBatch:
    id: int
    received_at: dt.datetime
    count: int
    first_chip_id: str | None
    last_chip_id: str | None
    note: str
    bank_code: str | None = None      # the co-issuing bank the cards were personalised for (None: before banks)
    batch_number: str | None = None   # the card system's batch number (批次号)
    chip_type: str | None = None
    vendor: str | None = None


@dataclass(frozen=True, slots=True)
class BankCardCounts:
    """Cards of one bank's stock that left it: ``used`` (on their way or issued) and ``spoiled``."""

    used: int
    spoiled: int


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
                     last_chip_id: str | None, note: str, bank_code: str | None = None,
                     batch_number: str | None = None, chip_type: str | None = None,
                     vendor: str | None = None) -> int:
        """Record a delivery (of one bank's cards, when given); returns the batch id."""
        cursor = self.db.execute(
            "INSERT INTO card_stock (received_at, count, first_chip_id, last_chip_id, note, bank_code, batch_number,"
            " chip_type, vendor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (to_db_time(at), count, first_chip_id, last_chip_id, note, bank_code, batch_number, chip_type, vendor))
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

    def received_by_bank(self) -> dict[str | None, int]:
        """Blank cards received per bank (None: batches received without a bank)."""
        return {bank: int(n) for bank, n in self.db.execute(
            "SELECT bank_code, coalesce(sum(count), 0) FROM card_stock GROUP BY bank_code")}

    # --- cards taken from a bank's stock ------------------------------------------------------------

    def take_card(self, issuance_id: str, bank_code: str, at: dt.datetime) -> int:
        """Record that ``issuance_id``'s blank card comes from ``bank_code``'s stock (a ``used`` move, once per
        issuance: a later attempt of the same issuance keeps its first move). The batch is the oldest of the
        bank's with cards left, else its latest (the bank's stock is then overdrawn and shows it). With no batch
        of the bank received at all, a batch of 0 cards is recorded for it first, its note saying so: the card
        still counts against the bank, whose expected stock goes below zero until the delivery is entered.
        Returns the batch id."""
        row = self.db.execute("SELECT batch_id FROM card_stock_moves WHERE issuance_id = ? AND kind = 'used'",
                              (issuance_id,)).fetchone()
        if row is not None:
            return int(row[0])
        batches = self.db.execute("SELECT id, count FROM card_stock WHERE bank_code = ? ORDER BY id",
                                  (bank_code,)).fetchall()
        if not batches:
            batch_id = self.insert_batch(at=at, count=0, first_chip_id=None, last_chip_id=None, note=UNRECORDED_NOTE,
                                         bank_code=bank_code)
        else:
            marks = ", ".join("?" for _ in batches)
            taken = dict(self.db.execute(
                f"SELECT batch_id, count(*) FROM card_stock_moves WHERE batch_id IN ({marks}) GROUP BY batch_id",
                tuple(b for b, _ in batches)).fetchall())
            batch_id = next((b for b, n in batches if n > taken.get(b, 0)), batches[-1][0])
        self.db.execute("INSERT INTO card_stock_moves (batch_id, kind, at, issuance_id) VALUES (?, 'used', ?, ?)",
                        (batch_id, to_db_time(at), issuance_id))
        return int(batch_id)

    def cards_by_bank(self, used_states: Sequence[str], other_states: Sequence[str]) -> dict[str, BankCardCounts]:
        """Per bank, the cards taken from its stock (:meth:`take_card`) whose issuance holds them (now in one of
        ``used_states``) and those spoiled (``spoiled``, or ``cancelled`` after taking a card). ``other_states``:
        every other state (few issuances are in them at any time: they are read through the state index, the
        moves once, so a year of issuances stays fast). Issuances without a move (from before banks) are not
        here: the caller counts them as of an unknown bank."""
        taken = dict(self.db.execute(
            "SELECT s.bank_code, count(*) FROM card_stock_moves m JOIN card_stock s ON s.id = m.batch_id"
            " WHERE m.kind = 'used' AND s.bank_code IS NOT NULL GROUP BY s.bank_code").fetchall())
        marks = ", ".join("?" for _ in other_states)
        not_held: dict[str, int] = {}
        spoiled: dict[str, int] = {}
        for bank, state, has_number, n in self.db.execute(
                "SELECT s.bank_code, i.state, i.card_number IS NOT NULL, count(*) FROM issuances i"
                " JOIN card_stock_moves m ON m.issuance_id = i.id AND m.kind = 'used'"
                " JOIN card_stock s ON s.id = m.batch_id"
                f" WHERE i.state IN ({marks}) AND s.bank_code IS NOT NULL GROUP BY 1, 2, 3", tuple(other_states)):
            not_held[bank] = not_held.get(bank, 0) + n
            if state == "spoiled" or (state == "cancelled" and has_number):
                spoiled[bank] = spoiled.get(bank, 0) + n
        return {bank: BankCardCounts(n - not_held.get(bank, 0), spoiled.get(bank, 0)) for bank, n in taken.items()}

    def banks_of_issuances_created(self, lo: str, hi: str) -> dict[str, str]:
        """The bank of each issuance created in [lo, hi) whose bank is known (as :meth:`cards_by_bank`)."""
        rows = self.db.execute(
            "SELECT i.id, coalesce(s.bank_code, a.bank_code) FROM issuances i"
            " LEFT JOIN card_stock_moves m ON m.issuance_id = i.id AND m.kind = 'used'"
            " LEFT JOIN card_stock s ON s.id = m.batch_id"
            " LEFT JOIN card_bank_accounts a ON a.issuance_id = i.id"
            " WHERE i.created_at >= ? AND i.created_at < ?"
            " AND (m.id IS NOT NULL OR a.issuance_id IS NOT NULL)", (lo, hi)).fetchall()
        return {issuance_id: bank for issuance_id, bank in rows if bank is not None}

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
    return StockBatch(r[0], from_db_time(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9])


def _count(r: tuple) -> StockCount:
    return StockCount(r[0], from_db_time(r[1]), r[2], r[3], r[4], r[5], r[6])
