"""One sync pass: send the outbox to the ledger in batches, acknowledge from its answers, keep what it
refused or reported.

The rules, from ``docs/ledger-api.md`` and ``ARCHITECTURE.md``:

- Events go in local sequence order, in batches of consecutive ``seq`` (at most ``batch_size``). A
  batch is built from the rows on disk each time, so after a crash, a lost answer or a retry the same
  events go again with the same content: the ledger keeps each ``(counter, seq)`` once and answers
  ``duplicates`` for what it already holds.
- Events are marked acknowledged only from the ledger's answer, up to its ``acknowledged_seq`` (the
  highest seq such that it holds every event before it), never because a request was sent.
- ``409 sequence_gap``: the ledger holds fewer events than this counter thought (for example its
  database was restored from a backup). The events from ``expected_seq`` on are marked pending again
  and sent from there.
- Network errors, timeouts and 5xx end the pass with :class:`LedgerUnavailable` (the worker backs off
  and retries); any other 4xx is recorded in ``sync_refusals`` and in ``outbox.last_error`` and ends
  the pass as refused: sending it again would give the same answer.
- Conflicts the ledger reports back (in a 200 answer or a 409 ``sequence_conflict``) are kept in
  ``ledger_conflicts`` for the supervisor's exception list.
- With nothing pending, a pass sends an empty batch: it tells whether the ledger is reachable and
  whether it still holds everything this counter has marked acknowledged.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.sync.client import LedgerClient
from counter_app.sync.errors import LedgerRefused, LedgerUnavailable, SyncError
from counter_app.sync.records import SyncRecords

log = logging.getLogger(__name__)

MAX_BATCH = 1000  # the ledger's limit per batch
_MAX_GAP_RESENDS = 3  # per pass: a ledger that keeps asking for other events is not followed forever


@dataclass
class PushReport:
    """What one pass did: events sent (posted), newly acknowledged, the ledger's acknowledged seq."""

    reached: bool = False            # the ledger answered (200 or a refusal)
    sent: int = 0
    acknowledged: int = 0
    batches: int = 0
    acknowledged_seq: int | None = None
    new_conflicts: int = 0
    error: SyncError | None = None
    refused: bool = False
    retry_after: float | None = None
    card_numbers_added: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.reached and self.error is None


def outbox_events(db, from_seq: int, limit: int) -> list[dict[str, Any]]:
    """Outbox rows from ``from_seq`` on, as the ledger's event objects, stopping at a hole in ``seq``.

    The stored text is used as it is (time and payload), so a resent event is identical to the first
    sending and the ledger sees a duplicate, never a conflict.
    """
    rows = db.execute(
        "SELECT seq, event_uuid, type, at, issuance_id, payload FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?",
        (from_seq, limit),
    ).fetchall()
    events: list[dict[str, Any]] = []
    for seq, event_uuid, type_, at, issuance_id, payload in rows:
        if events and seq != events[-1]["seq"] + 1:
            break
        events.append({"seq": seq, "event_id": event_uuid, "type": type_, "occurred_at": at,
                       "issuance_id": issuance_id, "payload": json.loads(payload)})
    return events


def first_pending_seq(db) -> int | None:
    row = db.execute("SELECT min(seq) FROM outbox WHERE acknowledged_at IS NULL").fetchone()
    return int(row[0]) if row and row[0] is not None else None


class OutboxPusher:
    """Sends the outbox of one store through one client. Use from the thread that opened the store."""

    def __init__(self, store: Store, client: LedgerClient, *, batch_size: int = 500,
                 clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._client = client
        self._batch_size = max(1, min(int(batch_size), MAX_BATCH))
        self._clock = clock

    def push(self, report: PushReport | None = None) -> PushReport:
        """Send every pending event (batch after batch) until none is left or the ledger fails."""
        report = report or PushReport()
        db = self._store.db
        cursor = first_pending_seq(db)
        gap_resends = 0
        while True:
            events = outbox_events(db, cursor, self._batch_size) if cursor is not None else []
            try:
                report.sent += len(events)
                answer = self._client.post_batch(events)
            except LedgerUnavailable as exc:
                self._failed(report, exc, events)
                return report
            except LedgerRefused as exc:
                report.reached = True
                if exc.code == "sequence_gap" and isinstance(exc.body.get("expected_seq"), int) \
                        and gap_resends < _MAX_GAP_RESENDS:
                    gap_resends += 1
                    cursor = self._resend_from(exc.body["expected_seq"], exc.body.get("acknowledged_seq"), report)
                    if cursor is not None:
                        continue
                self._refused(report, exc, events)
                return report
            report.reached = True
            report.batches += 1 if events else 0
            ack = int(answer["acknowledged_seq"])
            report.acknowledged_seq = ack
            now = self._clock()
            with self._store.transaction() as tx:
                report.acknowledged += self._acknowledge(tx, ack, now)
                records = SyncRecords(tx)
                report.new_conflicts += records.add_conflicts(answer.get("conflicts") or [], now)
                records.set_last_success(now)
                records.resolve_refusals("batch", now)
            if not events:
                local_ack = db.execute("SELECT max(seq) FROM outbox WHERE acknowledged_at IS NOT NULL").fetchone()[0]
                if local_ack is not None and ack < local_ack and gap_resends < _MAX_GAP_RESENDS:
                    # The ledger holds less than we had marked acknowledged: send it again.
                    gap_resends += 1
                    cursor = self._resend_from(ack + 1, ack, report)
                    if cursor is not None:
                        continue
                return report
            if ack < events[-1]["seq"]:
                # A 200 that does not hold the batch it answers: a contract breach (or a proxy); retry later.
                self._failed(report, LedgerUnavailable(f"acknowledged_seq {ack} behind the batch"), events)
                return report
            cursor = first_pending_seq(db)
            if cursor is None:
                return report

    # --- the outcomes ---------------------------------------------------------------------------

    @staticmethod
    def _acknowledge(tx, ack: int, now: dt.datetime) -> int:
        cur = tx.execute("UPDATE outbox SET acknowledged_at = ?, last_error = NULL "
                         "WHERE seq <= ? AND acknowledged_at IS NULL", (to_db_time(now), ack))
        return cur.rowcount

    def _resend_from(self, expected_seq: int, ledger_ack: int | None, report: PushReport) -> int | None:
        """Mark events from ``expected_seq`` pending again (the ledger does not hold them)."""
        db = self._store.db
        have = db.execute("SELECT 1 FROM outbox WHERE seq = ?", (expected_seq,)).fetchone()
        if have is None:
            return None  # not on this counter any more (or never was): a refusal for the supervisor
        with self._store.transaction() as tx:
            n = tx.execute("UPDATE outbox SET acknowledged_at = NULL WHERE seq >= ? AND acknowledged_at IS NOT NULL",
                           (expected_seq,)).rowcount
        if n:
            log.warning("the ledger holds events only up to %s: %d acknowledged events are sent again",
                        ledger_ack, n)
            report.notes.append(f"resent {n} events the ledger no longer held (from seq {expected_seq})")
        return expected_seq

    def _failed(self, report: PushReport, exc: LedgerUnavailable, events: list[dict[str, Any]]) -> None:
        report.error = exc
        report.retry_after = exc.retry_after
        now = self._clock()
        with self._store.transaction() as tx:
            if events:
                tx.conn.executemany("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                                    [(exc.detail, e["seq"]) for e in events])
            SyncRecords(tx).set_last_error(now, exc.problem.code, exc.message("zh"), exc.message("en"))

    def _refused(self, report: PushReport, exc: LedgerRefused, events: list[dict[str, Any]]) -> None:
        report.error = exc
        report.refused = True
        now = self._clock()
        log.error("the ledger refused a batch: %s %s %s", exc.status, exc.code, exc.ledger_message)
        with self._store.transaction() as tx:
            records = SyncRecords(tx)
            records.add_refusal(at=now, request="batch", http_status=exc.status, error_code=exc.code,
                                message=exc.ledger_message, body=exc.body,
                                first_seq=events[0]["seq"] if events else None,
                                last_seq=events[-1]["seq"] if events else None)
            conflicts = exc.body.get("conflicts")
            if isinstance(conflicts, list):
                report.new_conflicts += records.add_conflicts([c for c in conflicts if isinstance(c, dict)], now)
            if events:
                text = f"{exc.status} {exc.code}: {exc.ledger_message}"
                tx.conn.executemany("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                                    [(text, e["seq"]) for e in events])
            records.set_last_error(now, exc.problem.code, exc.message("zh"), exc.message("en"))
