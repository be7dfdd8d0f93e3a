"""Schema version 12: the applicants' service ratings (好差评) and the papers printed for signature.

- ``ratings``: one per issuance (the case), given after hand-over on the screen facing the applicant: the
  level (1–5), an optional reason code (never free text: it goes to the ledger), the clerk who served and
  when. No personal data: the case number and the clerk's id are all it names.
- ``papers_printed``: each application form and collection receipt printed (and reprinted) for an issuance,
  with the CUPS job: the history a reprint starts from.
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE ratings (
        issuance_id   TEXT PRIMARY KEY REFERENCES issuances(id),
        case_number   TEXT NOT NULL,
        level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        reason        TEXT,
        clerk_id      TEXT,
        clerk_name    TEXT NOT NULL,
        rated_at      TEXT NOT NULL
    ) STRICT
    """,
    "CREATE INDEX ratings_by_time ON ratings (rated_at)",
    """
    CREATE TABLE papers_printed (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        issuance_id   TEXT NOT NULL REFERENCES issuances(id),
        kind          TEXT NOT NULL CHECK (kind IN ('application_form', 'collection_receipt')),
        reprint       INTEGER NOT NULL CHECK (reprint IN (0, 1)),
        printer       TEXT NOT NULL,
        job_id        INTEGER,
        printed_at    TEXT NOT NULL,
        printed_by    TEXT NOT NULL
    ) STRICT
    """,
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
