"""Schema version 2: what the sync worker keeps beside the outbox.

- ``sync_refusals``: every 4xx answer of the ledger (a request it will not take as sent), for the
  supervisor's exception list. A refusal is not retried by itself; ``resolved_at`` is set by the
  supervisor (or by the next accepted request of the same kind).
- ``ledger_conflicts``: business conflicts the ledger found in this counter's events (a second
  active card, a reused card number, ...). The events are stored on the ledger all the same; the
  conflicts are for a supervisor to resolve. A repeated batch reports the same conflict again: the
  unique key keeps it once.
- ``card_block_requests``: a card-number block request is written here *before* it is sent, so
  that after a lost answer or a crash it is retried with the same ``request_id`` and the ledger
  hands out the same block again (no numbers lost).

Small values of the sync (last success, last error) live in ``settings_kv`` under ``sync.*``.
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS = (
    """
    CREATE TABLE sync_refusals (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        at              TEXT NOT NULL,
        request         TEXT NOT NULL,                   -- batch / card_block / lookup / register
        http_status     INTEGER NOT NULL,
        error_code      TEXT NOT NULL,                   -- the ledger's stable code, e.g. bad_signature
        message         TEXT NOT NULL,
        first_seq       INTEGER,                         -- the batch's events, when it was a batch
        last_seq        INTEGER,
        body            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(body)),
        resolved_at     TEXT
    ) STRICT
    """,
    "CREATE INDEX sync_refusals_open ON sync_refusals (at) WHERE resolved_at IS NULL",
    """
    CREATE TABLE ledger_conflicts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        kind            TEXT NOT NULL,
        seq             INTEGER,
        event_id        TEXT,
        detail          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
        ledger_recorded_at TEXT,
        received_at     TEXT NOT NULL,
        resolved_at     TEXT,
        UNIQUE (kind, seq, event_id)
    ) STRICT
    """,
    """
    CREATE TABLE card_block_requests (
        request_id      TEXT PRIMARY KEY,                -- uuid4, reused on every retry
        count           INTEGER NOT NULL CHECK (count BETWEEN 1 AND 1000),
        requested_at    TEXT NOT NULL,
        completed_at    TEXT,
        ledger_block_id TEXT
    ) STRICT
    """,
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
