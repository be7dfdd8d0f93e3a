"""Schema version 10: fees: quotes, payments, receipts, refunds and carry-overs.

- ``fees``: one row per issuance (the case): the amount quoted in fen, how it was settled (qr, cash, waived,
  free), the waiver code, the payment order id of a QR attempt, the status (quoted → pending → paid, or
  waived; refunded after a card that could not be made; carried_over to the new issuance after a spoiled
  card), the cash received and the receipt number, the times and who acted.
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE fees (
        issuance_id     TEXT PRIMARY KEY REFERENCES issuances(id),
        amount_fen      INTEGER NOT NULL CHECK (amount_fen >= 0),
        method          TEXT CHECK (method IN ('qr', 'cash', 'waived', 'free')),
        waiver_code     TEXT,
        waiver_reason   TEXT,
        order_id        TEXT,
        attempt         INTEGER NOT NULL DEFAULT 0,
        status          TEXT NOT NULL CHECK (status IN
                            ('quoted', 'pending', 'paid', 'waived', 'refunded', 'carried_over')),
        received_fen    INTEGER,
        receipt_number  TEXT,
        carried_from    TEXT,
        carried_to      TEXT,
        refund_reason   TEXT,
        quoted_at       TEXT NOT NULL,
        settled_at      TEXT,
        refunded_at     TEXT,
        settled_by      TEXT
    ) STRICT
    """,
    "CREATE INDEX fees_by_settled ON fees (settled_at)",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
