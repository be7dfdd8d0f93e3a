"""What the supervisor's reports read, as values: a range's issuances and their events, the
hourly summary, the outbox backlog and, for a spoiled card, the holder's document number.

How these become figures is :mod:`counter_app.services.reports`. The reads are the ones the
speed of a report rests on: a range's issuances and events through the creation-time index and
the events' (issuance, seq) key; a year through ``issuance_hourly`` (migration 4: a summary by
UTC hour kept by triggers), never the issuances themselves. Personal data is unsealed here and
only the document number leaves.

The row values are plain ``slots`` dataclasses, not frozen ones: a week's report builds tens of
thousands of them, and a frozen dataclass costs four times as much to build.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time
from counter_app.store.sealing import SealedDataUnreadable, unseal
from counter_app.store.sealing import issuance_sealed_at as sealed_at


@dataclass(slots=True)
class ReportIssuance:
    id: str
    state: str
    application_type: str
    reason: str | None
    card_number: str | None
    card_id: str | None
    failure_reason: str | None


@dataclass(slots=True)
class ReportEvent:
    seq: int
    action: str
    at: dt.datetime
    actor: str


@dataclass(slots=True)
class HourlyCount:
    hour: str              # UTC, 'YYYY-MM-DDTHH'
    state: str
    application_type: str
    n: int


@dataclass(frozen=True, slots=True)
class OutboxBacklog:
    pending: int
    oldest_at: dt.datetime | None   # of the oldest unacknowledged event


class ReportRepository:
    def __init__(self, db: Database):
        self.db = db

    def issuances_created(self, lo: str, hi: str) -> list[ReportIssuance]:
        """Issuances created in [lo, hi) (the store's time texts)."""
        rows = self.db.execute(
            "SELECT id, state, application_type, reason, card_number, card_id, failure_reason "
            "FROM issuances WHERE created_at >= ? AND created_at < ?", (lo, hi)).fetchall()
        return [ReportIssuance(*r) for r in rows]

    def events_of_issuances_created(self, lo: str, hi: str) -> dict[str, list[ReportEvent]]:
        """The events of the issuances created in [lo, hi), by issuance, in their order."""
        events: dict[str, list[ReportEvent]] = defaultdict(list)
        for issuance_id, seq, action, at, actor in self.db.execute(
                "SELECT e.issuance_id, e.seq, e.action, e.at, e.actor FROM issuances i "
                "JOIN issuance_events e ON e.issuance_id = i.id "
                "WHERE i.created_at >= ? AND i.created_at < ? ORDER BY e.issuance_id, e.seq", (lo, hi)):
            events[issuance_id].append(ReportEvent(seq, action, from_db_time(at), actor))
        return events

    def hourly(self, lo_hour: str, hi_hour: str, state: str | None = None) -> Iterator[HourlyCount]:
        """The summary's non-zero counts of the UTC hours in [lo_hour, hi_hour), of one ``state`` if given."""
        sql = ("SELECT hour, state, application_type, n FROM issuance_hourly WHERE hour >= ? AND hour < ? AND n != 0"
               + (" AND state = ?" if state else ""))
        params = (lo_hour, hi_hour, *((state,) if state else ()))
        for hour, st, app_type, n in self.db.execute(sql, params):
            yield HourlyCount(hour, st, app_type, n)

    def outbox_backlog(self) -> OutboxBacklog:
        """How many events wait for the ledger's acknowledgement, and since when."""
        (pending,) = self.db.execute("SELECT count(*) FROM outbox WHERE acknowledged_at IS NULL").fetchone()
        row = self.db.execute("SELECT at FROM outbox WHERE acknowledged_at IS NULL ORDER BY seq LIMIT 1").fetchone()
        return OutboxBacklog(int(pending), from_db_time(row[0]) if row else None)

    def document_number(self, issuance_id: str) -> str:
        """The holder's document number, or "" when it is gone (purged by retention) or unreadable:
        a report still stands without it."""
        row = self.db.execute("SELECT personal_data FROM issuances WHERE id = ?", (issuance_id,)).fetchone()
        try:
            return json.loads(unseal(row[0], sealed_at(issuance_id, "personal_data")).decode("utf-8")).get(
                "document_number", "") or ""
        except (SealedDataUnreadable, ValueError, TypeError, AttributeError):
            return ""
