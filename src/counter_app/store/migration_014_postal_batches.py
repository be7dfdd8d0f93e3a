"""Schema version 14: the card centre's postal production batches (线上申办, production for post).

- ``postal_batches``: one batch of approved postal applications taken from the ledger at once, produced at this
  counter (``producing`` → ``produced`` → ``documents_printed`` → ``closed`` once every card made is posted).
- ``postal_batch_items``: one application of a batch, in order: its progress (``waiting``, ``writing``,
  ``printing``, ``retry`` after a spoiled card, ``done``, ``left`` for the next batch after a second spoiled
  card or a refusal, ``carried`` when a later batch took it over, ``posted``), the issuance making its card now
  (``issuance_id``) and the spoiled one before it, how many cards failed, the card number, the tracking number
  once recorded, and the application as the ledger sent it (applicant, photo, mobile, postal address: personal
  data, so the JSON is sealed, :mod:`counter_app.store.sealing`, place ``postal_batch_items/application/
  BATCH/APP``). A crash mid-batch resumes from these rows, with no need of the ledger.
"""

from __future__ import annotations

from sqlite_utils import Database

ITEM_STATES = ("waiting", "writing", "printing", "retry", "done", "left", "carried", "posted")
BATCH_STATES = ("producing", "produced", "documents_printed", "closed")

STATEMENTS: tuple[str, ...] = (
    f"""
    CREATE TABLE postal_batches (
        batch_id      TEXT PRIMARY KEY,
        counter_id    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        created_by    TEXT NOT NULL,
        requested     INTEGER NOT NULL CHECK (requested > 0),
        state         TEXT NOT NULL CHECK (state IN ({", ".join(f"'{s}'" for s in BATCH_STATES)})),
        printed_at    TEXT,
        closed_at     TEXT
    ) STRICT
    """,
    f"""
    CREATE TABLE postal_batch_items (
        batch_id             TEXT NOT NULL REFERENCES postal_batches (batch_id),
        app_id               TEXT NOT NULL,
        position             INTEGER NOT NULL,
        state                TEXT NOT NULL CHECK (state IN ({", ".join(f"'{s}'" for s in ITEM_STATES)})),
        issuance_id          TEXT,
        spoiled_issuance_id  TEXT,
        card_failures        INTEGER NOT NULL DEFAULT 0,
        card_number          TEXT,
        township             TEXT,
        reason               TEXT,
        tracking_number      TEXT,
        progress_sent        INTEGER NOT NULL DEFAULT 0,
        posted_at            TEXT,
        updated_at           TEXT NOT NULL,
        application          BLOB NOT NULL,
        PRIMARY KEY (batch_id, app_id)
    ) STRICT
    """,
    "CREATE INDEX postal_batch_items_app ON postal_batch_items (app_id, state)",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
