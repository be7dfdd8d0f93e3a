"""Schema version 5: the status of issued cards as this counter recorded it (card services).

- ``card_statuses``: one row per card number whose status the counter changed: the current status
  (``active``, ``temporary_loss``, ``loss``, ``cancelled``, ``locked``, ``replaced``), the reason
  code, who changed it and when, whether it is final (a formal loss, a cancellation or a
  replacement can never be undone), and the replacement application a formal loss opened.
- ``card_status_changes``: every change, append-only (triggers refuse UPDATE and DELETE), with the
  outbox seq of the ``card.status_changed`` event that took it to the ledger. The ledger keeps the
  authoritative status per card; these rows are the counter's own record of what it sent.

Reasons are codes (``[a-z_]``), never free text: the rows go into the audit trail as well.
"""

from __future__ import annotations

from sqlite_utils import Database

CARD_STATUSES = ("active", "temporary_loss", "loss", "cancelled", "locked", "replaced")
_CHECK = ", ".join(f"'{s}'" for s in CARD_STATUSES)

STATEMENTS = (
    f"""
    CREATE TABLE card_statuses (
        card_number      TEXT PRIMARY KEY,
        status           TEXT NOT NULL CHECK (status IN ({_CHECK})),
        reason           TEXT NOT NULL,
        final            INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
        replacement_issuance_id TEXT,
        changed_at       TEXT NOT NULL,
        changed_by       TEXT NOT NULL
    ) STRICT
    """,
    f"""
    CREATE TABLE card_status_changes (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        card_number      TEXT NOT NULL,
        from_status      TEXT,
        to_status        TEXT NOT NULL CHECK (to_status IN ({_CHECK})),
        reason           TEXT NOT NULL,
        at               TEXT NOT NULL,
        actor            TEXT NOT NULL,
        outbox_seq       INTEGER
    ) STRICT
    """,
    "CREATE INDEX card_status_changes_card ON card_status_changes (card_number, id)",
    """
    CREATE TRIGGER card_status_changes_no_update BEFORE UPDATE ON card_status_changes
    BEGIN SELECT RAISE(ABORT, 'card_status_changes is append-only'); END
    """,
    """
    CREATE TRIGGER card_status_changes_no_delete BEFORE DELETE ON card_status_changes
    BEGIN SELECT RAISE(ABORT, 'card_status_changes is append-only'); END
    """,
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
