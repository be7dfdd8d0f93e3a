"""Closing the day: the day's totals and the blank-card count, recorded once, signed, sent on.

One transaction writes, together:

- a ``stock_counts`` row with the number the supervisor typed in, what the records expected and
  the difference (:meth:`StockService.record_count`, with its own audit row);
- a ``day_closes`` row (the day, the totals of :meth:`ReportService.compute_daily`, the stock
  figures, who closed it) — a day is closed once: a second close is refused;
- the ``day.closed`` audit row: its SM3 chain hash is the signature of the close (the totals are
  in its detail, so changing the recorded figures breaks the chain);
- a ``counter.day_closed`` outbox event carrying the totals, the stock figures and the audit
  row's seq and hash: the ledger stores it (it keeps every event type) and holds the anchor.

No names, no personal data: totals by state, type and reason; clerks are left out. The rows
are read and written by :mod:`counter_app.store.day_closes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.services.reports import ReportService
from counter_app.services.stock import StockCount, StockService
from counter_app.store.audit import AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.day_closes import DayClose, DayCloseRepository  # DayClose re-exported
from counter_app.store.outbox import OutboxRepository

AUDIT_DAY_CLOSED = "day.closed"
OUTBOX_DAY_CLOSED = "counter.day_closed"


class DayCloseProblem(DomainError):
    def __init__(self, code: str, zh: str, en: str):
        super().__init__(Problem(code, zh, en))


class DayCloseService:
    def __init__(self, store: Store, settings: Any = None, *, tz: dt.tzinfo | None = None,
                 clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._reports = ReportService(store, settings, tz=tz, clock=clock)
        self._stock = StockService(store, settings, clock=clock)
        self._clock = clock

    @requires(Role.SUPERVISOR, zh="日结", en="close the day")
    def close(self, session: Session, counted_stock: int, day: dt.date | None = None) -> DayClose:
        """Close ``day`` (today by default) with the blank cards counted on hand."""
        day = day or self._reports.today()
        if day > self._reports.today():
            raise DayCloseProblem("dayclose.future", "不能日结尚未到来的日期。", "A day in the future cannot be closed.")
        report = self._reports.compute_daily(day)
        totals = report.totals()
        now = self._clock()
        with self._store.transaction() as db:
            closes = DayCloseRepository(db)
            if closes.is_closed(day):
                raise DayCloseProblem("dayclose.already_closed", f"{day.isoformat()} 已经日结。",
                                      f"{day.isoformat()} is already closed.")
            count: StockCount = self._stock.record_count(db, session, counted_stock, day=day.isoformat())
            entry = AuditLog.append(
                db, session.actor, AUDIT_DAY_CLOSED,
                {"day": day.isoformat(), "totals": totals, "stock_count_id": count.id, "counted": count.counted,
                 "expected": count.expected, "difference": count.difference},
                counter_id=session.counter_id, at=now, outbox=False)
            outbox_seq = OutboxRepository(db).append(
                OUTBOX_DAY_CLOSED, at=now,
                payload={"day": day.isoformat(), "totals": totals, "stock": {
                    "counted": count.counted, "expected": count.expected, "difference": count.difference},
                    "audit_seq": entry.seq, "audit_hash": entry.hash})
            closes.insert(day, closed_at=now, closed_by=session.username, totals=totals, counted=count.counted,
                          expected=count.expected, difference=count.difference, audit_seq=entry.seq,
                          audit_hash=entry.hash, outbox_seq=outbox_seq)
        found = self.get(day)
        assert found is not None
        return found

    @requires(Role.SUPERVISOR, zh="查看日结记录", en="view day closes")
    def closed(self, session: Session, day: dt.date) -> DayClose | None:
        return self.get(day)

    def get(self, day: dt.date) -> DayClose | None:
        return DayCloseRepository(self._store.db).get(day)
