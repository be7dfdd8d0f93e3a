"""Rows of ``day_closes``: one per closed day, with its totals, stock figures and signature.

What a close records and why is :mod:`counter_app.services.dayclose`; this module reads and
writes the rows (the totals as JSON) inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class DayClose:
    day: dt.date
    closed_at: dt.datetime
    closed_by: str
    totals: dict[str, Any]
    counted: int
    expected: int
    difference: int
    audit_seq: int
    audit_hash: str
    outbox_seq: int

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "closed_at": to_db_time(self.closed_at), "closed_by": self.closed_by,
                "totals": self.totals, "counted": self.counted, "expected": self.expected,
                "difference": self.difference, "balanced": self.balanced, "audit_seq": self.audit_seq,
                "audit_hash": self.audit_hash, "outbox_seq": self.outbox_seq}


class DayCloseRepository:
    def __init__(self, db: Database):
        self.db = db

    def is_closed(self, day: dt.date) -> bool:
        return self.db.execute("SELECT 1 FROM day_closes WHERE day = ?", (day.isoformat(),)).fetchone() is not None

    def insert(self, day: dt.date, *, closed_at: dt.datetime, closed_by: str, totals: Mapping[str, Any],
               counted: int, expected: int, difference: int, audit_seq: int, audit_hash: str,
               outbox_seq: int) -> None:
        self.db.execute(
            "INSERT INTO day_closes (day, closed_at, closed_by, totals, counted, expected, difference, "
            "audit_seq, audit_hash, outbox_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (day.isoformat(), to_db_time(closed_at), closed_by, json.dumps(totals, sort_keys=True),
             counted, expected, difference, audit_seq, audit_hash, outbox_seq))

    def get(self, day: dt.date) -> DayClose | None:
        r = self.db.execute(
            "SELECT day, closed_at, closed_by, totals, counted, expected, difference, audit_seq, audit_hash, "
            "outbox_seq FROM day_closes WHERE day = ?", (day.isoformat(),)).fetchone()
        if r is None:
            return None
        return DayClose(dt.date.fromisoformat(r[0]), from_db_time(r[1]), r[2], json.loads(r[3]), r[4], r[5], r[6],
                        r[7], r[8], r[9])
