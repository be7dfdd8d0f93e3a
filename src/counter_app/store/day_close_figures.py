"""Reads the close of day needs beyond the day's report and the fee totals: the fees carried over to a new
issuance during the day (their own settled time is the day they were paid, so
:meth:`~counter_app.store.fees.FeeRepository.settled_between` does not find them) and the figures split
by co-issuing bank when the stock store has none of its own.

What the figures mean is :mod:`counter_app.services.dayclose`; this module only reads.
"""

from __future__ import annotations

from sqlite_utils import Database

from counter_app.store.fees import _FIELDS, StoredFee, _fee


class DayCloseFigureRepository:
    def __init__(self, db: Database):
        self.db = db

    def fees_carried_between(self, lo: str, hi: str) -> list[StoredFee]:
        """The fees moved to a new issuance at ``lo`` <= time < ``hi`` (store time texts): the new issuance's
        row, which keeps the old one in ``carried_from`` and the moment of the move in ``quoted_at``."""
        rows = self.db.execute(
            f"SELECT {', '.join(_FIELDS)} FROM fees WHERE carried_from IS NOT NULL AND quoted_at >= ?"
            " AND quoted_at < ? ORDER BY quoted_at", (lo, hi)).fetchall()
        return [_fee(r) for r in rows]
