"""The sync worker: a plain thread that keeps the outbox flowing to the ledger (the GUI wraps it).

One pass (:func:`run_pass`) sends every pending event and then tops up the card numbers. Between
passes the worker waits:

- after a pass that reached the ledger: ``idle_seconds``;
- after a network error, a timeout or a 5xx: an exponential back-off with full jitter, 1 s doubling
  up to 5 minutes, at least the ledger's ``Retry-After`` (:class:`~counter_app.sync.backoff.Backoff`);
- after a refusal (4xx): the same back-off. The refusal is in ``sync_refusals`` for the supervisor
  (kept once however often it repeats), but what made the ledger refuse is often put right without
  a restart (the counter's clock, a supervisor's action at the ledger), so the worker keeps trying,
  at most every ``backoff_max_seconds``.

Every wait ends early at :meth:`SyncWorker.wake`: the clerk's "sync now", and — once
:meth:`SyncWorker.follow_outbox` is called, as the GUI does — every commit of this process that
queued an outbox event (a transition, a card status, a certificate, a day close), so new events
never wait out the idle interval and a refusal is retried at the next transition.

The store and the HTTP client are opened inside the worker's thread (a SQLite connection belongs to
the thread that opened it), from the factories given. ``on_pass`` is called in the worker's thread
after every pass with its :class:`~counter_app.sync.engine.PushReport`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counter_app.store import outbox
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.sync.backoff import Backoff
from counter_app.sync.card_blocks import CardNumberReplenisher
from counter_app.sync.client import LedgerClient
from counter_app.sync.engine import OutboxPusher, PushReport
from counter_app.sync.errors import LedgerRefused, LedgerUnavailable
from counter_app.sync.heartbeat import HeartbeatSender
from counter_app.sync.records import SyncRecords

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncConfig:
    batch_size: int = 500
    card_number_low_water: int = 200
    card_number_block_size: int = 500
    idle_seconds: float = 30.0
    heartbeat_seconds: float = 60.0
    backoff_initial_seconds: float = 1.0
    backoff_max_seconds: float = 300.0

    @classmethod
    def from_settings(cls, settings: Any) -> SyncConfig:
        return cls(
            batch_size=int(settings.get("sync.batch_size")),
            card_number_low_water=int(settings.get("sync.card_number_low_water")),
            card_number_block_size=int(settings.get("sync.card_number_block_size")),
            idle_seconds=float(settings.get("sync.idle_seconds")),
            heartbeat_seconds=float(settings.get("sync.heartbeat_seconds")),
            backoff_initial_seconds=float(settings.get("sync.backoff_initial_seconds")),
            backoff_max_seconds=float(settings.get("sync.backoff_max_seconds")),
        )


def run_pass(store: Store, client: LedgerClient, config: SyncConfig, *,
             clock: Callable[[], dt.datetime] = utc_now, heartbeat: HeartbeatSender | None = None) -> PushReport:
    """Send the outbox, then (if the ledger was reached and took it) top up the card numbers; then the
    heartbeat when one is due (whenever the ledger answered; its failure never fails the pass)."""
    report = OutboxPusher(store, client, batch_size=config.batch_size, clock=clock).push()
    if report.reached and heartbeat is not None:
        heartbeat.maybe_send(store, client)
    if not report.ok:
        return report
    try:
        report.card_numbers_added = CardNumberReplenisher(
            store, client, low_water=config.card_number_low_water, block_size=config.card_number_block_size,
            clock=clock).replenish()
    except LedgerUnavailable as exc:
        report.error, report.retry_after = exc, exc.retry_after
        with store.transaction() as tx:
            SyncRecords(tx).set_last_error(clock(), exc.problem.code, exc.message("zh"), exc.message("en"))
    except LedgerRefused as exc:
        report.error, report.refused = exc, True
        now = clock()
        with store.transaction() as tx:
            records = SyncRecords(tx)
            records.add_refusal(at=now, request="card_block", http_status=exc.status, error_code=exc.code,
                                message=exc.ledger_message, body=exc.body)
            records.set_last_error(now, exc.problem.code, exc.message("zh"), exc.message("en"))
    if report.ok:
        _relay_card_management_reports(store, client)
    return report


def _relay_card_management_reports(store: Store, client: LedgerClient) -> None:
    """The queued card-management reports go with each pass (the ledger's reference system), so they
    retry with sync; a failure stays on the queue and never fails the pass."""
    try:
        from counter_app.cardmgmt.ledger import LedgerCardManagement
        from counter_app.services.card_management import CardManagementService

        CardManagementService(store, LedgerCardManagement(lambda: client)).send_reports()
    except Exception:  # noqa: BLE001 - the relay must not stop the outbox; the queue keeps the report
        logging.getLogger(__name__).warning("card-management reports not sent this pass", exc_info=True)


class SyncWorker:
    def __init__(
        self,
        open_store: Callable[[], Store],
        open_client: Callable[[], LedgerClient],
        config: SyncConfig,
        *,
        on_pass: Callable[[PushReport], None] | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        heartbeat: HeartbeatSender | None = None,
    ):
        self._open_store = open_store
        self.heartbeat = heartbeat
        self._open_client = open_client
        self.config = config
        self._on_pass = on_pass
        self._clock = clock
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.backoff = Backoff(config.backoff_initial_seconds, config.backoff_max_seconds)
        self.last_report: PushReport | None = None
        self.passes = 0
        self._unfollow: Callable[[], None] | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the sync worker is already started")
        self._thread = threading.Thread(target=self.run, name="sync-worker", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Sync now: ends an idle wait or a back-off wait (after a failure or a refusal)."""
        self._wake.set()

    def follow_outbox(self) -> None:
        """Wake after every commit of this process that queues outbox events, until :meth:`stop`."""
        if self._unfollow is None:
            self._unfollow = outbox.add_listener(self.wake)

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the worker to finish (after the request in flight, bounded by the client's timeout)."""
        if self._unfollow is not None:
            self._unfollow()
            self._unfollow = None
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def run(self) -> None:
        """The worker's loop (runs in the calling thread when not started with :meth:`start`)."""
        store = self._open_store()
        client = self._open_client()
        try:
            while not self._stop.is_set():
                self._wake.clear()
                try:
                    report = run_pass(store, client, self.config, clock=self._clock, heartbeat=self.heartbeat)
                except Exception:  # a bug must not kill the queue silently: log, back off, go on
                    log.exception("sync pass failed")
                    report = PushReport(error=None)
                    delay: float | None = self.backoff.next_delay()
                else:
                    delay = self._next_wait(report)
                self.last_report = report
                self.passes += 1
                if self._on_pass is not None:
                    try:
                        self._on_pass(report)
                    except Exception:
                        log.exception("sync on_pass callback failed")
                if self._stop.is_set():
                    break
                self._wake.wait(delay)
        finally:
            client.close()
            store.close()

    def _next_wait(self, report: PushReport) -> float | None:
        if report.refused:
            delay = self.backoff.next_delay(report.retry_after)
            log.warning("the ledger refused (%s); next attempt in %.1f s or at the next event", report.error, delay)
            return delay
        if report.error is not None:
            delay = self.backoff.next_delay(report.retry_after)
            log.info("ledger unavailable (%s); next attempt in %.1f s", report.error, delay)
            return delay
        self.backoff.reset()
        return self.config.idle_seconds
