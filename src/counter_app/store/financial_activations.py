"""Rows of ``card_financial_activations`` (schema version 13): the bank's report that a card's financial
account is activated. A repository only: call it inside a store transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class FinancialActivation:
    card_number: str
    activated_at: dt.datetime
    recorded_at: dt.datetime
    recorded_by: str


class FinancialActivationRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self, card_number: str) -> FinancialActivation | None:
        row = self.db.execute("SELECT card_number, activated_at, recorded_at, recorded_by FROM"
                              " card_financial_activations WHERE card_number = ?", (card_number,)).fetchone()
        if row is None:
            return None
        return FinancialActivation(row[0], from_db_time(row[1]), from_db_time(row[2]), row[3])

    def record(self, card_number: str, activated_at: dt.datetime, *, at: dt.datetime, actor: str) -> None:
        """Keep the bank's report (a later report of the same card replaces the time it gave)."""
        self.db.execute(
            "INSERT INTO card_financial_activations (card_number, activated_at, recorded_at, recorded_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (card_number) DO UPDATE SET activated_at = excluded.activated_at,"
            " recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
            (card_number, to_db_time(activated_at), to_db_time(at), actor))
