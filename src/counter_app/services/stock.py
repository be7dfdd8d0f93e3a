"""Blank card stock: batches received, cards used and spoiled, what should be on hand, counts.

**What the records say.** A blank card leaves the stock when an issuance starts writing it: that
is the moment the card is in the encoder and the issuance takes a card number
(``start_encoding``), so *an issuance holding a card number holds a card*. Of those cards:

- *spoiled*: the issuance ended ``spoiled``, or was ``cancelled`` after its card was taken (the
  chip may be written; the number is reported void) — the card is not in anybody's hand;
- *used*: every other one (issued, or still on its way: encoding, printing, a failed print).

``expected on hand = received − used − spoiled``. A supervisor counts the blank cards in the
drawer and the hopper and types the number in (:meth:`StockService.count`, also part of the day
close); any difference is recorded and flagged, never corrected silently: the next expected
figure still comes from the records, and the difference stays in ``stock_counts`` and the audit
trail for the investigation.

The chip-identity range of a batch (``first_chip_id``..``last_chip_id``, 卡识别码, 32 hex) is
what the supplier's delivery note says; it lets a spoiled card be traced to its batch.

Counting by state reads the hourly summary of migration 4, so a year of issuances costs
milliseconds; cancelled issuances (few) are counted from ``issuances`` itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.store.audit import AuditLog
from counter_app.store.clock import from_db_time, to_db_time, utc_now
from counter_app.store.database import Store

# States whose issuance always holds a card (it took a number at start_encoding).
_CARD_STATES_USED = ("encoding", "encoded", "printing", "printed", "issued", "encode_failed", "print_failed")
_CHIP_ID = re.compile(r"^[0-9A-Fa-f]{16,32}$")
AUDIT_STOCK_RECEIVED = "stock.received"
AUDIT_STOCK_COUNTED = "stock.counted"
DEFAULT_LOW_THRESHOLD = 100


class StockProblem(DomainError):
    def __init__(self, code: str, zh: str, en: str, field: str | None = None):
        super().__init__(Problem(code, zh, en, field=field))


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


@dataclass(frozen=True, slots=True)
class StockStatus:
    received: int
    used: int
    spoiled: int
    expected_on_hand: int
    low_threshold: int
    batches: list[StockBatch]
    last_count: StockCount | None

    @property
    def low(self) -> bool:
        return self.expected_on_hand < self.low_threshold

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["low"] = self.low
        for b in out["batches"]:
            b["received_at"] = to_db_time(b["received_at"])
        if self.last_count is not None:
            out["last_count"]["at"] = to_db_time(self.last_count.at)
            out["last_count"]["balanced"] = self.last_count.balanced
        return out


class StockService:
    def __init__(self, store: Store, settings: Any = None, *, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._settings = settings
        self._clock = clock

    @requires(Role.SUPERVISOR, zh="登记空白卡入库", en="receive blank cards")
    def receive(self, session: Session, count: int, first_chip_id: str | None = None,
                last_chip_id: str | None = None, note: str = "") -> StockBatch:
        """Record a delivery of ``count`` blank cards (with the chip-identity range, when known)."""
        now = self._clock()
        if not isinstance(count, int) or count <= 0:
            raise StockProblem("stock.bad_count", "入库数量必须是正整数。", "The count must be a positive whole number.",
                               "count")
        first, last = _chip_range(first_chip_id, last_chip_id)
        with self._store.transaction() as db:
            cursor = db.execute(
                "INSERT INTO card_stock (received_at, count, first_chip_id, last_chip_id, note) VALUES (?, ?, ?, ?, ?)",
                (to_db_time(now), count, first, last, (note or "").strip()))
            batch_id = int(cursor.lastrowid)
            # Chip ids and the note stay out of the audit row (long digit runs, free text).
            AuditLog.append(db, session.actor, AUDIT_STOCK_RECEIVED, {"batch_id": batch_id, "count": count},
                            counter_id=session.counter_id, at=now)
        return self._batch(batch_id)

    @requires(Role.SUPERVISOR, zh="盘点空白卡", en="count the blank cards")
    def count(self, session: Session, counted: int) -> StockCount:
        """Record a physical count against what the records expect; the difference is flagged."""
        with self._store.transaction() as db:
            return self.record_count(db, session, counted, day=None)

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="查看空白卡库存", en="view the blank card stock")
    def status(self, session: Session) -> StockStatus:
        return self.compute_status()

    # --- unchecked parts, for the day close (which checks its own permission) ------------------

    def record_count(self, db, session: Session, counted: int, *, day: str | None) -> StockCount:
        """Insert a count in the caller's transaction, with its audit row."""
        if not isinstance(counted, int) or counted < 0:
            raise StockProblem("stock.bad_count", "盘点数量必须是非负整数。", "The counted number must be 0 or more.",
                               "counted")
        now = self._clock()
        expected = self.compute_status().expected_on_hand
        cursor = db.execute(
            "INSERT INTO stock_counts (at, counted, expected, difference, counted_by, day) VALUES (?, ?, ?, ?, ?, ?)",
            (to_db_time(now), counted, expected, counted - expected, session.username, day))
        count_id = int(cursor.lastrowid)
        AuditLog.append(db, session.actor, AUDIT_STOCK_COUNTED,
                        {"count_id": count_id, "counted": counted, "expected": expected,
                         "difference": counted - expected, "day": day},
                        counter_id=session.counter_id, at=now)
        return self._count_row(count_id, db)

    def compute_status(self) -> StockStatus:
        db = self._store.db
        (received,) = db.execute("SELECT coalesce(sum(count), 0) FROM card_stock").fetchone()
        marks = ", ".join("?" for _ in _CARD_STATES_USED)
        (used,) = db.execute(f"SELECT coalesce(sum(n), 0) FROM issuance_hourly WHERE state IN ({marks})",
                             _CARD_STATES_USED).fetchone()
        (spoiled_states,) = db.execute(
            "SELECT coalesce(sum(n), 0) FROM issuance_hourly WHERE state = 'spoiled'").fetchone()
        (cancelled_with_card,) = db.execute(
            "SELECT count(*) FROM issuances WHERE state = 'cancelled' AND card_number IS NOT NULL").fetchone()
        spoiled = int(spoiled_states) + int(cancelled_with_card)
        batches = [_batch(r) for r in db.execute(f"SELECT {_BATCH_COLUMNS} FROM card_stock ORDER BY id")]
        last = db.execute("SELECT id FROM stock_counts ORDER BY id DESC LIMIT 1").fetchone()
        return StockStatus(int(received), int(used), spoiled, int(received) - int(used) - spoiled,
                           self._low_threshold(), batches, self._count_row(last[0]) if last else None)

    def _low_threshold(self) -> int:
        if self._settings is None:
            return DEFAULT_LOW_THRESHOLD
        try:
            return int(self._settings.get("stock.low_threshold"))
        except KeyError:
            return DEFAULT_LOW_THRESHOLD

    def _batch(self, batch_id: int) -> StockBatch:
        return _batch(self._store.db.execute(f"SELECT {_BATCH_COLUMNS} FROM card_stock WHERE id = ?",
                                             (batch_id,)).fetchone())

    def _count_row(self, count_id: int, db=None) -> StockCount:
        r = (db or self._store.db).execute(
            "SELECT id, at, counted, expected, difference, counted_by, day FROM stock_counts WHERE id = ?",
            (count_id,)).fetchone()
        return StockCount(r[0], from_db_time(r[1]), r[2], r[3], r[4], r[5], r[6])


_BATCH_COLUMNS = "id, received_at, count, first_chip_id, last_chip_id, note"


def _batch(r: tuple) -> StockBatch:
    return StockBatch(r[0], from_db_time(r[1]), r[2], r[3], r[4], r[5])


def _chip_range(first: str | None, last: str | None) -> tuple[str | None, str | None]:
    first = (first or "").strip().upper() or None
    last = (last or "").strip().upper() or None
    for value, name in ((first, "first_chip_id"), (last, "last_chip_id")):
        if value is not None and not _CHIP_ID.match(value):
            raise StockProblem("stock.bad_chip_id", f"卡识别码格式不对：{value}（16–32 位十六进制）。",
                               f"Not a chip identity: {value} (16-32 hex digits).", name)
    if first and last and (len(first) != len(last) or first > last):
        raise StockProblem("stock.bad_chip_range", "卡识别码范围不对：起始号应不大于结束号，且位数相同。",
                           "The chip identity range is wrong: the first must not be above the last, same length.",
                           "last_chip_id")
    return first, last
