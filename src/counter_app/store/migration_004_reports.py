"""Schema version 4: what the supervisor's desk reads and writes (reports, stock, day close).

- ``issuance_hourly``: a small summary of ``issuances`` — how many issuances were created in
  each UTC hour, by current state and application type — kept exact by triggers on
  ``issuances`` (insert, state change, delete) and filled from the existing rows here. A year of
  a busy counter is a few thousand rows instead of 180,000 issuances, so the year view and the
  daily series of a range read it in milliseconds. Buckets are UTC *hours* (not days) so that
  the report can group them into days of the counter's own time zone (any whole-hour offset).
- Indexes for the day report: events by action and time (reprints, spoils of a day) and
  issuances by clerk.
- ``stock_counts``: physical counts of blank cards typed in by a supervisor, with what the
  records expected at that moment and the difference.
- ``day_closes``: one row per closed day: the totals, the stock count and difference, who
  closed it, and the audit row that signs it (the outbox event sends it to the ledger).
- ``exception_reviews``: a supervisor's decision on an exception that is not an approval
  request (a spoiled card, a ledger conflict, a refused event). The reason is sealed (free
  text); a CHECK refuses a decision by the person whose act is reviewed, and a decision is
  taken once (unique per kind and subject; no update or delete).
"""

from __future__ import annotations

from sqlite_utils import Database

REVIEW_KINDS = ("spoiled_card", "ledger_conflict", "sync_refusal")

_HOUR = "substr({row}.created_at, 1, 13)"


def _bump(row: str, delta: str) -> str:
    return (
        "INSERT INTO issuance_hourly (hour, state, application_type, n) "
        f"VALUES ({_HOUR.format(row=row)}, {row}.state, {row}.application_type, {delta}) "
        f"ON CONFLICT (hour, state, application_type) DO UPDATE SET n = n + ({delta});"
    )


STATEMENTS = (
    """
    CREATE TABLE issuance_hourly (
        hour              TEXT NOT NULL,             -- UTC 'YYYY-MM-DDTHH' of created_at
        state             TEXT NOT NULL,
        application_type  TEXT NOT NULL,
        n                 INTEGER NOT NULL,
        PRIMARY KEY (hour, state, application_type)
    ) STRICT, WITHOUT ROWID
    """,
    f"""
    CREATE TRIGGER issuance_hourly_insert AFTER INSERT ON issuances
    BEGIN {_bump("NEW", "1")} END
    """,
    f"""
    CREATE TRIGGER issuance_hourly_update AFTER UPDATE OF state, application_type, created_at ON issuances
    WHEN OLD.state IS NOT NEW.state OR OLD.application_type IS NOT NEW.application_type
         OR OLD.created_at IS NOT NEW.created_at
    BEGIN {_bump("OLD", "-1")} {_bump("NEW", "1")} END
    """,
    f"""
    CREATE TRIGGER issuance_hourly_delete AFTER DELETE ON issuances
    BEGIN {_bump("OLD", "-1")} END
    """,
    """
    INSERT INTO issuance_hourly (hour, state, application_type, n)
    SELECT substr(created_at, 1, 13), state, application_type, count(*) FROM issuances
    GROUP BY 1, 2, 3
    """,
    "CREATE INDEX issuance_events_action_at ON issuance_events (action, at)",
    "CREATE INDEX issuances_clerk_created ON issuances (clerk, created_at)",
    """
    CREATE TABLE stock_counts (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        at           TEXT NOT NULL,
        counted      INTEGER NOT NULL CHECK (counted >= 0),
        expected     INTEGER NOT NULL,
        difference   INTEGER NOT NULL,                -- counted - expected
        counted_by   TEXT NOT NULL,                   -- username (or os:<login>)
        day          TEXT                             -- the closed day, when counted at day close
    ) STRICT
    """,
    """
    CREATE TABLE day_closes (
        day          TEXT PRIMARY KEY,                -- YYYY-MM-DD in the counter's time zone
        closed_at    TEXT NOT NULL,
        closed_by    TEXT NOT NULL,
        totals       TEXT NOT NULL CHECK (json_valid(totals)),
        counted      INTEGER NOT NULL,
        expected     INTEGER NOT NULL,
        difference   INTEGER NOT NULL,
        audit_seq    INTEGER NOT NULL,
        audit_hash   TEXT NOT NULL,
        outbox_seq   INTEGER NOT NULL
    ) STRICT
    """,
    """
    CREATE TRIGGER day_closes_no_change BEFORE UPDATE ON day_closes
    BEGIN SELECT RAISE(ABORT, 'a closed day is not changed'); END
    """,
    """
    CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes
    BEGIN SELECT RAISE(ABORT, 'a closed day is not changed'); END
    """,
    f"""
    CREATE TABLE exception_reviews (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        kind           TEXT NOT NULL CHECK (kind IN ({", ".join(f"'{k}'" for k in REVIEW_KINDS)})),
        subject_id     TEXT NOT NULL,                 -- issuance id, conflict id or refusal id
        done_by        TEXT,                          -- who did what is reviewed (NULL: the ledger/system)
        decision       TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
        reason         BLOB NOT NULL,                 -- seal(UTF-8 text)
        decided_by     TEXT NOT NULL,
        decided_by_name TEXT NOT NULL,
        decided_at     TEXT NOT NULL,
        UNIQUE (kind, subject_id),
        CHECK (done_by IS NULL OR done_by != decided_by)
    ) STRICT
    """,
    """
    CREATE TRIGGER exception_reviews_no_update BEFORE UPDATE ON exception_reviews
    BEGIN SELECT RAISE(ABORT, 'a review is decided once'); END
    """,
    """
    CREATE TRIGGER exception_reviews_no_delete BEFORE DELETE ON exception_reviews
    BEGIN SELECT RAISE(ABORT, 'a review is decided once'); END
    """,
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
