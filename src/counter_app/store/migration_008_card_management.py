"""Schema version 8: H2 card management: eligibility answers, bank pre-openings, the report queue.

- ``cardmgmt_answers``: each eligibility answer the card-management system gave (or ``skipped`` under the
  declared-outage policy), by blind person index; ``issuance_id`` once the application was opened.
- ``cardmgmt_preopenings``: the bank account pre-opened for an issuance before the chip write; the
  ``request_id`` is stable per issuance so a lost answer is asked again safely.
- ``cardmgmt_reports``: reports to send (completion, activation, status_change, fee), added in the
  transaction of the change that causes them and sent by the relay with sync; ``sent_at`` once recorded.
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE cardmgmt_answers (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        person_index  TEXT NOT NULL,
        issuance_id   TEXT,
        answer        TEXT NOT NULL,
        detail        TEXT,
        skipped       INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
        asked_at      TEXT NOT NULL
    ) STRICT
    """,
    "CREATE INDEX cardmgmt_answers_person ON cardmgmt_answers (person_index)",
    """
    CREATE TABLE cardmgmt_preopenings (
        issuance_id   TEXT PRIMARY KEY REFERENCES issuances(id),
        request_id    TEXT NOT NULL UNIQUE,
        preopen_id    TEXT NOT NULL,
        bank_code     TEXT NOT NULL,
        status        TEXT NOT NULL,
        created_at    TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE cardmgmt_reports (
        report_id     TEXT PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('completion', 'activation', 'status_change', 'fee')),
        payload       TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        attempts      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        sent_at       TEXT
    ) STRICT
    """,
    "CREATE INDEX cardmgmt_reports_pending ON cardmgmt_reports (sent_at, created_at)",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
