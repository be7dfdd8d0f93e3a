"""The ``ratings`` table (migration 12): one service rating per issuance. No transactions opened here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class StoredRating:
    issuance_id: str
    case_number: str
    level: int
    reason: str | None
    clerk_id: str | None
    clerk_name: str
    rated_at: dt.datetime


_COLUMNS = "issuance_id, case_number, level, reason, clerk_id, clerk_name, rated_at"


class RatingRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, rating: StoredRating) -> None:
        self.db.execute(
            f"INSERT INTO ratings ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rating.issuance_id, rating.case_number, rating.level, rating.reason, rating.clerk_id,
             rating.clerk_name, to_db_time(rating.rated_at)))

    def get(self, issuance_id: str) -> StoredRating | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM ratings WHERE issuance_id = ?", (issuance_id,)).fetchone()
        return _rating(row) if row else None

    def between(self, lo: str, hi: str) -> list[StoredRating]:
        """Ratings given at ``lo`` <= rated_at < ``hi`` (store time texts), oldest first."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM ratings WHERE rated_at >= ? AND rated_at < ?"
                               " ORDER BY rated_at, issuance_id", (lo, hi)).fetchall()
        return [_rating(r) for r in rows]


def _rating(row) -> StoredRating:
    return StoredRating(row[0], row[1], int(row[2]), row[3], row[4], row[5], from_db_time(row[6]))
