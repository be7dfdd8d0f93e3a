"""What the sync still has to do or show, counted for the status bar and ``counter-app sync --status``:
events not acknowledged by the ledger (and the oldest one's time), refusals and conflicts nobody
resolved yet. Reads only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time


@dataclass(frozen=True, slots=True)
class SyncBacklog:
    pending: int                      # outbox events the ledger has not acknowledged
    oldest_pending_at: dt.datetime | None
    open_refusals: int                # sync_refusals not resolved
    open_conflicts: int               # ledger_conflicts not resolved


def sync_backlog(db: Database) -> SyncBacklog:
    pending, oldest = db.execute(
        "SELECT count(*), min(at) FROM outbox WHERE acknowledged_at IS NULL").fetchone()
    (refusals,) = db.execute("SELECT count(*) FROM sync_refusals WHERE resolved_at IS NULL").fetchone()
    (conflicts,) = db.execute("SELECT count(*) FROM ledger_conflicts WHERE resolved_at IS NULL").fetchone()
    return SyncBacklog(int(pending), from_db_time(oldest) if oldest else None, int(refusals), int(conflicts))
