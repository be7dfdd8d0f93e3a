"""The ``fees`` table (migration 10): one fee per issuance. No transactions opened here."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class StoredFee:
    issuance_id: str
    amount_fen: int
    status: str                       # quoted|pending|paid|waived|refunded|carried_over
    quoted_at: dt.datetime
    method: str | None = None         # qr|cash|waived|free
    waiver_code: str | None = None
    waiver_reason: str | None = None
    order_id: str | None = None
    attempt: int = 0
    received_fen: int | None = None
    receipt_number: str | None = None
    carried_from: str | None = None
    carried_to: str | None = None
    refund_reason: str | None = None
    settled_at: dt.datetime | None = None
    refunded_at: dt.datetime | None = None
    settled_by: str | None = None


_FIELDS = [f.name for f in dataclasses.fields(StoredFee)]
_TIMES = {"quoted_at", "settled_at", "refunded_at"}


class FeeRepository:
    def __init__(self, db: Database):
        self.db = db

    def put(self, fee: StoredFee) -> None:
        """Insert or replace the fee of ``fee.issuance_id``."""
        values = [to_db_time(getattr(fee, f)) if f in _TIMES and getattr(fee, f) else getattr(fee, f)
                  for f in _FIELDS]
        self.db.execute(f"INSERT OR REPLACE INTO fees ({', '.join(_FIELDS)}) VALUES "
                        f"({', '.join('?' * len(_FIELDS))})", values)

    def get(self, issuance_id: str) -> StoredFee | None:
        row = self.db.execute(f"SELECT {', '.join(_FIELDS)} FROM fees WHERE issuance_id = ?",
                              (issuance_id,)).fetchone()
        return _fee(row) if row else None

    def settled_between(self, lo: str, hi: str) -> list[StoredFee]:
        """Fees settled or refunded at ``lo`` <= time < ``hi`` (store time texts)."""
        rows = self.db.execute(
            f"SELECT {', '.join(_FIELDS)} FROM fees WHERE (settled_at >= ? AND settled_at < ?)"
            " OR (refunded_at >= ? AND refunded_at < ?) ORDER BY settled_at", (lo, hi, lo, hi)).fetchall()
        return [_fee(r) for r in rows]


def _fee(row) -> StoredFee:
    values = {f: (from_db_time(v) if f in _TIMES and v else v) for f, v in zip(_FIELDS, row, strict=True)}
    return StoredFee(**values)
