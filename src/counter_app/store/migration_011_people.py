"""Schema version 11: the card status ``not_activated`` and the scans of guardians' and agents' papers.

- ``card_statuses`` and ``card_status_changes``: their CHECK constraints gain ``not_activated`` (a card
  handed over to an agent, activated later by the holder in person). SQLite cannot alter a CHECK, so
  both tables are rebuilt the way migration 5 made them and their rows copied; the append-only
  triggers are created again.
- ``attachments``: the scans an issuance needs (household register, birth certificate, power of
  attorney; :class:`counter_app.domain.people.AttachmentKind`), the image sealed like other personal
  data, purged with the issuance's personal data by the retention purge.

Frozen once released: ``CARD_STATUSES`` spells the values of this version, a test keeps it equal to
:class:`counter_app.domain.card_status.CardStatus`.
"""

from __future__ import annotations

from sqlite_utils import Database

CARD_STATUSES = ("active", "temporary_loss", "loss", "cancelled", "locked", "replaced", "not_activated")
_CHECK = ", ".join(f"'{s}'" for s in CARD_STATUSES)

STATEMENTS: tuple[str, ...] = (
    "DROP TRIGGER card_status_changes_no_update",
    "DROP TRIGGER card_status_changes_no_delete",
    "ALTER TABLE card_statuses RENAME TO card_statuses_v5",
    "ALTER TABLE card_status_changes RENAME TO card_status_changes_v5",
    "DROP INDEX card_status_changes_card",
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
    "INSERT INTO card_statuses SELECT * FROM card_statuses_v5",
    "INSERT INTO card_status_changes SELECT * FROM card_status_changes_v5",
    "DROP TABLE card_statuses_v5",
    "DROP TABLE card_status_changes_v5",
    "CREATE INDEX card_status_changes_card ON card_status_changes (card_number, id)",
    """
    CREATE TRIGGER card_status_changes_no_update BEFORE UPDATE ON card_status_changes
    BEGIN SELECT RAISE(ABORT, 'card_status_changes is append-only'); END
    """,
    """
    CREATE TRIGGER card_status_changes_no_delete BEFORE DELETE ON card_status_changes
    BEGIN SELECT RAISE(ABORT, 'card_status_changes is append-only'); END
    """,
    """
    CREATE TABLE attachments (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        issuance_id      TEXT NOT NULL,
        kind             TEXT NOT NULL,
        sealed           BLOB,
        created_at       TEXT NOT NULL,
        created_by       TEXT NOT NULL
    ) STRICT
    """,
    "CREATE INDEX attachments_issuance ON attachments (issuance_id, id)",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
