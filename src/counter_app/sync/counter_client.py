"""This counter's ledger client, made from its settings and its key directory alone.

What :meth:`counter_app.services.sync.SyncService.client` does, without a store: the technician's
ledger checks (``diagnostics.ledger_checks``) must reach the ledger even when the database cannot be
opened, and the diagnostics may import nothing from the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from counter_app.store.clock import utc_now
from counter_app.sync import keys
from counter_app.sync.client import LedgerClient
from counter_app.sync.errors import NotEnrolled


def counter_ledger_client(settings: Any, keys_dir: Path, *, timeout: float | None = None,
                          clock: Callable[[], dt.datetime] = utc_now,
                          transport: httpx.BaseTransport | None = None) -> LedgerClient:
    """A signed client for the counter of ``settings`` (``counter.id``, ``ledger.*``, ``sync.timeout_seconds``)
    with its key from ``keys_dir``; raises :class:`NotEnrolled` before enrollment."""
    counter_id = str(settings.get("counter.id") or "")
    if not counter_id:
        raise NotEnrolled("counter.id")
    key = keys.load_key(keys_dir)
    if key is None:
        raise NotEnrolled("key")
    return LedgerClient(
        str(settings.get("ledger.url")), counter_id=counter_id, key=key,
        tls_ca_file=str(settings.get("ledger.tls_ca_file") or "") or None,
        allow_plain_http=bool(settings.get("ledger.allow_plain_http")),
        timeout=float(timeout if timeout is not None else settings.get("sync.timeout_seconds")),
        clock=clock, transport=transport,
    )


class CounterLedger:
    """The ``client(timeout=...)`` of a sync service, for a counter known by its settings and key directory."""

    def __init__(self, settings: Any, keys_dir: Path):
        self.settings = settings
        self.keys_dir = keys_dir

    def client(self, *, timeout: float | None = None) -> LedgerClient:
        return counter_ledger_client(self.settings, self.keys_dir, timeout=timeout)
