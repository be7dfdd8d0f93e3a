"""The heartbeat: the counter's health, sent to the ledger with the sync passes, for the district's counter board.

What goes (``POST /v1/counters/heartbeat``, docs/ledger-api.md): the software version, the device lights
(encoder, PSAM, printer, camera, ID-card reader), the outbox backlog and the age of its oldest event, and the
blank-card stock (received, used, spoiled, on hand, as the supervisor's stock page counts them). What comes back:
the district's townships, kept in ``settings_kv`` (:data:`counter_app.domain.townships.TOWNSHIPS_KEY`) so that each
issuance can carry its township's code.

The rules:

- at most one heartbeat per ``interval`` (60 s): the sync worker may pass far more often (every outbox commit
  wakes it), and a board that refreshes every 30 s needs no more;
- sent after a pass that reached the ledger and was not refused, also with an empty outbox: a quiet counter
  must not look dead;
- a failure (network, refusal, a bug) is logged and never fails the pass: the events matter, the heartbeat is
  advice. The next pass tries again.

The device lights come from the GUI (the status bar's probes, the ID-card watcher, the camera page) through a
:class:`DeviceLights`, which is safe to set from any thread; a counter without a GUI (``counter-app sync run``)
reports them ``unknown``. Nothing here probes a device: a probe from the sync thread could disturb a card being
written.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from counter_app.domain.townships import TOWNSHIPS_KEY, townships_from_list, townships_to_json
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.settings_kv import SettingsKv
from counter_app.store.sync_backlog import sync_backlog
from counter_app.sync.client import LedgerClient

log = logging.getLogger(__name__)

DEVICES = ("encoder", "psam", "printer", "camera", "id_reader")
STATES = ("ok", "warning", "error", "absent", "unknown")
DEFAULT_INTERVAL_SECONDS = 60.0

# The status bar's levels (counter_app.ui.backends.Indicator) as the ledger's device states.
_LEVEL_STATES = {"ok": "ok", "warn": "warning", "error": "error", "off": "absent"}


def state_of_level(level: str) -> str:
    """A status-bar light's level (ok | warn | error | off) as a heartbeat device state."""
    return _LEVEL_STATES.get(level, "unknown")


class DeviceLights:
    """The latest state of each device, set by whoever sees it (any thread), read by the heartbeat."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states = dict.fromkeys(DEVICES, "unknown")

    def set(self, device: str, state: str) -> None:
        if device not in self._states:
            raise ValueError(f"unknown device {device!r}")
        with self._lock:
            self._states[device] = state if state in STATES else "unknown"

    def snapshot(self) -> dict[str, str]:
        with self._lock:
            return dict(self._states)


def build_heartbeat(store: Store, devices: Mapping[str, str], *, clock: Callable[[], dt.datetime] = utc_now,
                    version: str | None = None) -> dict[str, Any]:
    """The heartbeat's fields for this counter now (read from its database; writes nothing)."""
    from counter_app import __version__
    from counter_app.services.stock import StockService

    backlog = sync_backlog(store.db)
    age = None
    if backlog.oldest_pending_at is not None:
        age = round(max(0.0, (clock() - backlog.oldest_pending_at).total_seconds()), 1)
    stock = StockService(store, clock=clock).compute_status()
    return {
        "software_version": (version or __version__)[:64],
        "devices": {d: (devices.get(d) if devices.get(d) in STATES else "unknown") for d in DEVICES},
        "outbox_backlog": backlog.pending,
        "oldest_event_age_seconds": age,
        "stock": {"received": stock.received, "used": stock.used, "spoiled": stock.spoiled,
                  "on_hand": stock.expected_on_hand},
    }


def keep_townships(store: Store, answer: Mapping[str, Any], now: dt.datetime) -> int:
    """Keep the heartbeat answer's townships (when the list differs); returns how many there are."""
    townships = townships_from_list(answer.get("townships"))
    text = townships_to_json(townships)
    with store.transaction() as db:
        kv = SettingsKv(db)
        if kv.get(TOWNSHIPS_KEY) != text:
            kv.put(TOWNSHIPS_KEY, text, now)
    return len(townships)


class HeartbeatSender:
    """Sends at most one heartbeat per ``interval`` seconds. Use from the sync worker's thread."""

    def __init__(self, devices: Callable[[], Mapping[str, str]] | None = None, *,
                 interval: float = DEFAULT_INTERVAL_SECONDS, clock: Callable[[], dt.datetime] = utc_now,
                 monotonic: Callable[[], float] | None = None):
        self._devices = devices or (lambda: {})
        self.interval = float(interval)
        self._clock = clock
        self._monotonic = monotonic or time.monotonic
        self._last_sent: float | None = None
        self.sent = 0
        self.last_error: str | None = None

    def due(self) -> bool:
        return self._last_sent is None or self._monotonic() - self._last_sent >= self.interval

    def maybe_send(self, store: Store, client: LedgerClient) -> bool:
        """Send now if due; True when the ledger took one. Never raises."""
        if not self.due():
            return False
        self._last_sent = self._monotonic()  # a failure waits the interval too: it is advice, not data
        try:
            answer = client.heartbeat(build_heartbeat(store, self._devices(), clock=self._clock))
            keep_townships(store, answer, self._clock())
        except Exception as exc:  # noqa: BLE001 - the heartbeat must never fail the sync pass
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("heartbeat not sent: %s", self.last_error)
            return False
        self.sent += 1
        self.last_error = None
        return True
