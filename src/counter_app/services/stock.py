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

**Per co-issuing bank** (issue 20). Cards come personalised for one bank (settings ``banks.list``), so
they are received per bank and batch (:meth:`StockService.receive` with ``bank_code``, the card system's
``batch_number``, ``chip_type`` and ``vendor``; the bank is required when banks are configured). A card
taken for an issuance is taken from the applicant's bank's stock (:meth:`StockService.take_card`, asked by
the bank's write check before the card number is taken: a ``used`` move in ``card_stock_moves`` on the
bank's oldest batch with cards left; a bank none of whose deliveries was entered gets a batch of 0
cards noted so, and its expected stock goes below zero). :meth:`StockService.reconcile_by_bank` splits
received, used, spoiled and expected on hand by bank, an issuance's bank being the bank of the batch
its card was taken from; what is left (cards received or taken before banks were configured) is one
line of bank ``None``, so the lines always add up to :meth:`status`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from counter_app.domain.banks import Bank, bank_by_code, banks_from_settings
from counter_app.domain.issuance import IssuanceState
from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.store.audit import AuditLog
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.stock import StockBatch, StockCount, StockRepository  # values re-exported

# States whose issuance always holds a card (it took a number at start_encoding).
_CARD_STATES_USED = ("encoding", "encoded", "printing", "printed", "issued", "encode_failed", "print_failed")
_OTHER_STATES = tuple(s.value for s in IssuanceState if s.value not in _CARD_STATES_USED)
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


@dataclass(frozen=True, slots=True)
class BankStockStatus:
    """One bank's line of the stock reconciliation (:meth:`StockService.reconcile_by_bank`)."""

    bank_code: str | None      # None: cards whose bank is not known (received or taken before banks)
    bank_name: str             # from banks.list; "" for None or a bank no longer listed
    received: int
    used: int
    spoiled: int
    expected_on_hand: int      # received - used - spoiled (negative: more taken than received)
    batches: list[StockBatch]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for b in out["batches"]:
            b["received_at"] = to_db_time(b["received_at"])
        return out


class StockService:
    def __init__(self, store: Store, settings: Any = None, *, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._settings = settings
        self._clock = clock

    @requires(Role.SUPERVISOR, zh="登记空白卡入库", en="receive blank cards")
    def receive(self, session: Session, count: int, first_chip_id: str | None = None,
                last_chip_id: str | None = None, note: str = "", *, bank_code: str | None = None,
                batch_number: str | None = None, chip_type: str | None = None,
                vendor: str | None = None) -> StockBatch:
        """Record a delivery of ``count`` blank cards (with the chip-identity range, when known) of the bank
        ``bank_code`` (required when ``banks.list`` names banks; one of them), with the card system's batch
        number, the chip type and the vendor of the delivery note."""
        now = self._clock()
        if not isinstance(count, int) or count <= 0:
            raise StockProblem("stock.bad_count", "入库数量必须是正整数。", "The count must be a positive whole number.",
                               "count")
        first, last = _chip_range(first_chip_id, last_chip_id)
        bank = self._bank_of_delivery(bank_code)
        with self._store.transaction() as db:
            batch_id = StockRepository(db).insert_batch(
                at=now, count=count, first_chip_id=first, last_chip_id=last, note=(note or "").strip(),
                bank_code=bank, batch_number=_text(batch_number), chip_type=_text(chip_type), vendor=_text(vendor))
            # Chip ids and the note stay out of the audit row (long digit runs, free text).
            AuditLog.append(db, session.actor, AUDIT_STOCK_RECEIVED,
                            {"batch_id": batch_id, "count": count, "bank_code": bank,
                             "batch_number": _text(batch_number)},
                            counter_id=session.counter_id, at=now)
        return StockRepository(self._store.db).batch(batch_id)

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="查看空白卡库存", en="view the blank card stock")
    def reconcile_by_bank(self, session: Session) -> list[BankStockStatus]:
        """The stock reconciliation split by co-issuing bank: :meth:`compute_by_bank`."""
        return self.compute_by_bank()

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

    def compute_by_bank(self) -> list[BankStockStatus]:
        """One :class:`BankStockStatus` per bank of ``banks.list`` (in its order), then any other bank met in the
        records, then bank ``None`` for what has no bank (only when it holds something); the lines add up to
        :meth:`compute_status`."""
        total = self.compute_status()
        rows = StockRepository(self._store.db)
        received = rows.received_by_bank()
        cards = rows.cards_by_bank(_CARD_STATES_USED, _OTHER_STATES)
        batches: dict[str | None, list[StockBatch]] = {}
        for b in total.batches:
            batches.setdefault(b.bank_code, []).append(b)
        banks = self._banks()
        codes: list[str] = [b.code for b in banks]
        codes += sorted({c for c in (*received, *cards) if c is not None and c not in codes})
        out = []
        for code in codes:
            bank = bank_by_code(code, banks)
            got, taken = received.get(code, 0), cards.get(code)
            used, spoiled = (taken.used, taken.spoiled) if taken else (0, 0)
            out.append(BankStockStatus(code, bank.name if bank else "", got, used, spoiled, got - used - spoiled,
                                       batches.get(code, [])))
        got = total.received - sum(s.received for s in out)
        used = total.used - sum(s.used for s in out)
        spoiled = total.spoiled - sum(s.spoiled for s in out)
        rest = BankStockStatus(None, "", got, used, spoiled, got - used - spoiled, batches.get(None, []))
        if got or used or spoiled or rest.batches:
            out.append(rest)
        return out

    def take_card(self, issuance_id: str, bank_code: str) -> int:
        """The blank card of ``issuance_id`` leaves ``bank_code``'s stock (once per issuance; see
        :meth:`StockRepository.take_card`). Unchecked: the chip write's bank check calls it for the clerk."""
        with self._store.transaction() as db:
            return StockRepository(db).take_card(issuance_id, bank_code, self._clock())

    def _banks(self) -> tuple[Bank, ...]:
        if self._settings is None:
            return ()
        try:
            return banks_from_settings(self._settings)
        except KeyError:
            return ()

    def _bank_of_delivery(self, bank_code: str | None) -> str | None:
        code = (bank_code or "").strip()
        banks = self._banks()
        if not code:
            if banks:
                names = "、".join(f"{b.code} {b.name}" for b in banks)
                raise StockProblem("stock.bank_required", f"请填写这批空白卡所属的合作银行（{names}）。",
                                   "Say which co-issuing bank these blank cards are for ("
                                   + ", ".join(b.code for b in banks) + ").", "bank_code")
            return None
        if banks and bank_by_code(code, banks) is None:
            names = "、".join(f"{b.code} {b.name}" for b in banks)
            raise StockProblem("stock.unknown_bank", f"合作银行代码 {code} 不在本地区的合作银行中（{names}）。",
                               f"Bank {code} is not one of the district's co-issuing banks ("
                               + ", ".join(b.code for b in banks) + ").", "bank_code")
        return code

    def _low_threshold(self) -> int:
        if self._settings is None:
            return DEFAULT_LOW_THRESHOLD
        try:
            return int(self._settings.get("stock.low_threshold"))
        except KeyError:
            return DEFAULT_LOW_THRESHOLD


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


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
