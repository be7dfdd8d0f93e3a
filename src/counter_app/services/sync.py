"""The sync use cases shared by the GUI and the CLI: enrollment with the ledger, one sync run, the
background worker, the person lookup, and the one status the status bar and dashboard show.

:meth:`SyncService.status` is the single source of the figures people see (pending events, the age
of the oldest, last success, last error, open refusals and conflicts, card numbers left): the status
bar, the supervisor's dashboard and ``counter-app sync`` all read it, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from counter_app.domain.problems import pick
from counter_app.paths import AppPaths
from counter_app.services.auth import Role, Session, requires
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.sync_backlog import sync_backlog
from counter_app.sync import keys
from counter_app.sync.client import LedgerClient, check_ledger_url
from counter_app.sync.engine import PushReport
from counter_app.sync.errors import AlreadyEnrolled, CounterIdMismatch, LedgerRefused, NotEnrolled, SyncError
from counter_app.sync.heartbeat import HeartbeatSender
from counter_app.sync.records import LastSyncError, SyncRecords
from counter_app.sync.worker import SyncConfig, SyncWorker, run_pass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    enrolled: bool
    counter_id: str
    ledger_url: str
    pending: int
    oldest_pending_at: dt.datetime | None
    oldest_pending_seconds: float | None
    last_success: dt.datetime | None
    last_error: LastSyncError | None
    open_refusals: int
    open_conflicts: int
    card_numbers_remaining: int

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "enrolled": self.enrolled, "counter_id": self.counter_id or None, "ledger_url": self.ledger_url,
            "pending": self.pending,
            "oldest_pending_at": to_db_time(self.oldest_pending_at) if self.oldest_pending_at else None,
            "oldest_pending_seconds": (round(self.oldest_pending_seconds, 3)
                                       if self.oldest_pending_seconds is not None else None),
            "last_success": to_db_time(self.last_success) if self.last_success else None,
            "last_error": ({"at": to_db_time(self.last_error.at), "code": self.last_error.code,
                            "message": pick(lang, self.last_error.message_zh, self.last_error.message_en)}
                           if self.last_error else None),
            "open_refusals": self.open_refusals, "open_conflicts": self.open_conflicts,
            "card_numbers_remaining": self.card_numbers_remaining,
        }


@dataclass(frozen=True, slots=True)
class PersonLookup:
    """Whether the person holds an active card: ``"active_card"``, ``"no_active_card"``, or
    ``"unknown"`` (offline, not enrolled, or the ledger refused) — then the clerk proceeds and the
    ledger reports a conflict later if there was one."""

    status: str
    active_cards: tuple[dict[str, Any], ...] = ()
    reason: str | None = None

    @property
    def known(self) -> bool:
        return self.status != "unknown"


class SyncService:
    """Sync for the counter whose store, settings and paths are given. Use from one thread."""

    def __init__(self, store: Store, settings: Any, paths: AppPaths, *,
                 clock: Callable[[], dt.datetime] = utc_now, transport: httpx.BaseTransport | None = None):
        self._store = store
        self._settings = settings
        self._paths = paths
        self._clock = clock
        self._transport = transport  # tests only

    # --- status --------------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        db = self._store.db
        backlog = sync_backlog(db)
        oldest_at = backlog.oldest_pending_at
        records = SyncRecords(db)
        counter_id = str(self._settings.get("counter.id") or "")
        return SyncStatus(
            enrolled=bool(counter_id) and keys.key_path(self._paths.keys_dir).exists(),
            counter_id=counter_id, ledger_url=str(self._settings.get("ledger.url")),
            pending=backlog.pending, oldest_pending_at=oldest_at,
            oldest_pending_seconds=max(0.0, (self._clock() - oldest_at).total_seconds()) if oldest_at else None,
            last_success=records.last_success(), last_error=records.last_error(),
            open_refusals=backlog.open_refusals, open_conflicts=backlog.open_conflicts,
            card_numbers_remaining=CardNumberBlocks(db).stock().remaining,
        )

    def refusals(self):
        return SyncRecords(self._store.db).open_refusals()

    def conflicts(self):
        return SyncRecords(self._store.db).open_conflicts()

    # --- enrollment ----------------------------------------------------------------------------

    def enroll(self, ledger_url: str, token: str, counter_id: str | None = None) -> dict[str, Any]:
        """Make the counter's key pair (once), register its public key with the one-time token, and
        keep the counter id and ledger URL in the settings. The private key never leaves the counter.

        The token belongs to one counter, so the counter id is taken from the ledger's answer;
        ``counter_id``, when given, is a check: a token of another counter is refused
        (:class:`CounterIdMismatch`) and nothing is registered.

        A key whose registration failed is kept and used again on the next attempt (the ledger does
        not spend the token on a failed attempt); a counter already registered is refused.
        """
        url = check_ledger_url(ledger_url, allow_plain_http=bool(self._settings.get("ledger.allow_plain_http")))
        registered = SyncRecords(self._store.db).registered_counter()
        key = keys.load_key(self._paths.keys_dir)
        if registered and key is not None:
            raise AlreadyEnrolled(registered)
        if key is None:
            key = keys.create_key(self._paths.keys_dir)
        with self._client(url=url, counter_id=counter_id or "", key=key) as client:
            try:
                answer = client.register(token)
            except LedgerRefused as exc:
                if exc.code == "counter_id_mismatch" and counter_id:
                    raise CounterIdMismatch(counter_id, str(exc.body.get("token_counter_id") or "?")) from exc
                raise
        counter_id = str(answer["counter_id"])
        now = self._clock()
        with self._store.transaction() as tx:
            SyncRecords(tx).set_registered(counter_id, now)
        self._settings.set("counter.id", counter_id)
        self._settings.set("ledger.url", url)
        self._settings.save()
        log.info("counter enrolled with the ledger %s as %s", url, counter_id)
        return answer

    # --- syncing -------------------------------------------------------------------------------

    def config(self) -> SyncConfig:
        return SyncConfig.from_settings(self._settings)

    def client(self, *, timeout: float | None = None) -> LedgerClient:
        """A client for this counter's ledger; raises :class:`NotEnrolled` before enrollment."""
        counter_id = str(self._settings.get("counter.id") or "")
        if not counter_id:
            raise NotEnrolled("counter.id")
        key = keys.load_key(self._paths.keys_dir)
        if key is None:
            raise NotEnrolled("key")
        return self._client(counter_id=counter_id, key=key, timeout=timeout)

    def _client(self, *, counter_id: str, key, url: str | None = None, timeout: float | None = None) -> LedgerClient:
        return LedgerClient(
            url or str(self._settings.get("ledger.url")), counter_id=counter_id, key=key,
            tls_ca_file=str(self._settings.get("ledger.tls_ca_file") or "") or None,
            allow_plain_http=bool(self._settings.get("ledger.allow_plain_http")),
            timeout=float(timeout if timeout is not None else self._settings.get("sync.timeout_seconds")),
            clock=self._clock, transport=self._transport,
        )

    def sync_once(self) -> PushReport:
        """Send everything pending and top up the card numbers, once (no waiting, no retry), with a heartbeat
        (device lights ``unknown``: this is not the GUI)."""
        with self.client() as client:
            return run_pass(self._store, client, self.config(), clock=self._clock,
                            heartbeat=HeartbeatSender(clock=self._clock))

    def replenish_card_numbers(self) -> int:
        from counter_app.sync.card_blocks import CardNumberReplenisher

        config = self.config()
        with self.client() as client:
            return CardNumberReplenisher(self._store, client, low_water=config.card_number_low_water,
                                         block_size=config.card_number_block_size, clock=self._clock).replenish()

    def worker(self, *, on_pass: Callable[[PushReport], None] | None = None,
               devices: Callable[[], Mapping[str, str]] | None = None) -> SyncWorker:
        """A background worker for this counter; it opens its own store and client in its thread. Its passes
        carry a heartbeat (at most every ``sync.heartbeat_seconds``) with the device lights ``devices`` gives
        (the GUI's :class:`~counter_app.sync.heartbeat.DeviceLights`; none: ``unknown``)."""
        self.client().close()  # fail now, in the caller's thread, when not enrolled
        path = self._store.path
        config = self.config()
        beat = HeartbeatSender(devices, interval=config.heartbeat_seconds, clock=self._clock)
        return SyncWorker(lambda: Store.open(path), self.client, config, on_pass=on_pass,
                          clock=self._clock, heartbeat=beat)

    # --- the hall's figures (issue 21) ---------------------------------------------------------

    @requires(Role.SUPERVISOR, zh="查看本厅数据", en="view the hall's figures")
    def hall_summary(self, session: Session, day: dt.date) -> dict[str, Any]:
        """The ledger's figures of ``day`` for the hall this counter belongs to (``POST /v1/counters/hall-summary``:
        the district console's day summary of that hall). Raises :class:`NotEnrolled`, :class:`LedgerUnavailable`
        (offline: the supervisor desk says so and shows this counter's own report) or :class:`LedgerRefused`
        (``no_hall``: the counter is in no hall on the ledger)."""
        with self.client(timeout=float(self._settings.get("sync.timeout_seconds"))) as client:
            return client.hall_summary(day)

    # --- person lookup -------------------------------------------------------------------------

    def lookup_person(self, person_index: str) -> PersonLookup:
        """Ask the ledger whether the person (by the counter's blind index) holds an active card.

        Never raises for the network: offline (or slower than ``sync.lookup_timeout_seconds``) the
        answer is ``unknown`` and the clerk proceeds.
        """
        timeout = float(self._settings.get("sync.lookup_timeout_seconds"))
        try:
            with self.client(timeout=timeout) as client:
                answer = client.lookup_person(person_index)
        except SyncError as exc:  # unreachable, refused, not enrolled, insecure URL
            return PersonLookup("unknown", reason=exc.problem.code)
        cards = tuple(c for c in answer.get("active_cards") or [] if isinstance(c, dict))
        return PersonLookup("active_card" if answer.get("has_active_card") else "no_active_card", cards)
