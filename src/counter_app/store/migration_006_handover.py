"""Schema version 6: what hand-over needs besides the state: the holder's own PIN and the certificates.

- ``issuances.holder_pin_set_at``: when the holder replaced the stock's initial PIN with their own on
  this issuance's card (NULL until then). Hand-over (``printed`` → ``issued``) is refused while it is
  NULL: a third-generation card never leaves the counter with the initial PIN. The PIN itself is never
  stored anywhere; only the fact and the time.
- ``issuances.certificate_state``: the third-generation certificate step, a substate of ``issued``:
  NULL (not reached), ``pending`` (the card was handed over while the ledger's CA could not be
  reached: any counter finishes it when the holder brings the card), ``issued`` (certificates on the
  card, read back, possession proved).
- ``card_certificates``: the certificates this counter wrote to a card, one row per card and kind,
  including cards issued elsewhere and finished here (``issuance_id`` NULL then). Certificates are
  public; the rows carry the card number, never personal data.
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS = (
    "ALTER TABLE issuances ADD COLUMN holder_pin_set_at TEXT",
    "ALTER TABLE issuances ADD COLUMN certificate_state TEXT"
    " CHECK (certificate_state IS NULL OR certificate_state IN ('pending', 'issued'))",
    """
    CREATE TABLE card_certificates (
        card_number      TEXT NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('sign', 'enc')),
        serial           TEXT NOT NULL,
        card_id          TEXT NOT NULL,
        issuance_id      TEXT,
        certificate      BLOB NOT NULL,
        written_at       TEXT NOT NULL,
        written_by       TEXT NOT NULL,
        PRIMARY KEY (card_number, kind)
    ) STRICT
    """,
    "CREATE INDEX issuances_certificate_pending ON issuances (certificate_state)"
    " WHERE certificate_state = 'pending'",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
