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

The rows and the counts by state are read and written by :mod:`counter_app.store.stock` (the
hourly summary of migration 4, so a year of issuances costs milliseconds).
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
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.stock import StockBatch, StockCount, StockRepository  # values re-exported

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
            batch_id = StockRepository(db).insert_batch(at=now, count=count, first_chip_id=first, last_chip_id=last,
                                                        note=(note or "").strip())
            # Chip ids and the note stay out of the audit row (long digit runs, free text).
            AuditLog.append(db, session.actor, AUDIT_STOCK_RECEIVED, {"batch_id": batch_id, "count": count},
                            counter_id=session.counter_id, at=now)
        return StockRepository(self._store.db).batch(batch_id)

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
        rows = StockRepository(db)
        count_id = rows.insert_count(at=now, counted=counted, expected=expected, counted_by=session.username, day=day)
        AuditLog.append(db, session.actor, AUDIT_STOCK_COUNTED,
                        {"count_id": count_id, "counted": counted, "expected": expected,
                         "difference": counted - expected, "day": day},
                        counter_id=session.counter_id, at=now)
        return rows.count(count_id)

    def compute_status(self) -> StockStatus:
        rows = StockRepository(self._store.db)
        received = rows.received()
        used = rows.issuances_in_states(_CARD_STATES_USED)
        spoiled = rows.spoiled_issuances() + rows.cancelled_with_card()
        batches = rows.batches()
        last = rows.last_count()
        return StockStatus(received, used, spoiled, received - used - spoiled, self._low_threshold(), batches, last)

    def _low_threshold(self) -> int:
        if self._settings is None:
            return DEFAULT_LOW_THRESHOLD
        try:
            return int(self._settings.get("stock.low_threshold"))
        except KeyError:
            return DEFAULT_LOW_THRESHOLD


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
