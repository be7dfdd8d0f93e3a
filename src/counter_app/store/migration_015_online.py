"""Schema version 15: the online applications (线上申办) this counter fetched from the ledger, kept for offline work.

- ``online_applications``: one row per application the counter received (the hall's due list of a day, or one
  found by a scan). In clear only what is no personal data: the application number, its status as last known,
  the collection (hall or post), the hall, the collection day, when it was fetched; the person is found through
  the blind index ``person_index`` (:func:`counter_app.store.sealing.person_index`, as the issuances) and the
  QR code through ``qr_hash`` (SM3 of the token: it opens the citizen's status page). The ledger's
  ``Application`` JSON (applicant, mobile, photo, postal address) is sealed (:mod:`counter_app.store.sealing`,
  place ``online_applications/application/APP``).
- ``online_application_issuances``: which issuance makes the card of which application (a spoiled card's
  restart links the new issuance too), when the applicant's ID card matched the application, and the last
  progress reported to the ledger (``in_production``, ``collected``) through the outbox.
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE online_applications (
        app_id        TEXT PRIMARY KEY,
        status        TEXT NOT NULL,
        collection    TEXT NOT NULL CHECK (collection IN ('hall', 'post')),
        hall_id       TEXT,
        collect_day   TEXT,
        person_index  TEXT NOT NULL,
        qr_hash       TEXT NOT NULL,
        application   BLOB NOT NULL,
        fetched_at    TEXT NOT NULL
    ) STRICT
    """,
    "CREATE INDEX online_applications_day ON online_applications (collect_day, status)",
    "CREATE INDEX online_applications_person ON online_applications (person_index)",
    "CREATE INDEX online_applications_qr ON online_applications (qr_hash)",
    """
    CREATE TABLE online_application_issuances (
        issuance_id          TEXT PRIMARY KEY,
        app_id               TEXT NOT NULL,
        linked_at            TEXT NOT NULL,
        identity_checked_at  TEXT,
        reported             TEXT
    ) STRICT
    """,
    "CREATE INDEX online_application_issuances_app ON online_application_issuances (app_id)",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
