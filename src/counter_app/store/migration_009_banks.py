"""Schema version 9: co-issuing banks: card stock per bank and batch, the bank account read from each chip.

- ``card_bank_accounts``: the financial application's account number (PAN) read from the chip after the
  write, one per issuance, sealed like other personal data (``account_sealed``); the masked form
  (``621226******1234``) is kept clear for lists and totals.
- ``card_stock`` gains the bank the blank cards were personalised for (``bank_code``), the card system's
  batch number, the chip type and the vendor; rows received before have none (NULL: bank unknown).
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE card_bank_accounts (
        issuance_id     TEXT PRIMARY KEY REFERENCES issuances(id),
        bank_code       TEXT NOT NULL,
        account_sealed  BLOB NOT NULL,
        account_masked  TEXT NOT NULL,
        read_at         TEXT NOT NULL
    ) STRICT
    """,
    "ALTER TABLE card_stock ADD COLUMN bank_code TEXT",
    "ALTER TABLE card_stock ADD COLUMN batch_number TEXT",
    "ALTER TABLE card_stock ADD COLUMN chip_type TEXT",
    "ALTER TABLE card_stock ADD COLUMN vendor TEXT",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
