"""Schema version 13: the financial account's activation, as the co-issuing bank reported it.

- ``card_financial_activations``: one row per card whose financial application (the bank account on the
  chip) the bank reported activated — activation is done at the bank, never at the counter; the counter
  keeps when, and who recorded the report, and shows it in the card query. No personal data: the card
  number is all it names.
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE card_financial_activations (
        card_number   TEXT PRIMARY KEY,
        activated_at  TEXT NOT NULL,
        recorded_at   TEXT NOT NULL,
        recorded_by   TEXT NOT NULL
    ) STRICT
    """,
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
