"""The database schema, as the numbered list of migrations that builds it.

Rules for adding a migration: append, never edit or reorder an applied one (databases in the
field already ran it); number it one more than the last; make it one transaction's worth of
work (no ``VACUUM``, no ``PRAGMA journal_mode``). SQLite cannot change a column's constraints
in place, so prefer new nullable columns or new tables to rewrites.

Conventions of the tables:

- Tables are ``STRICT`` (SQLite ≥ 3.37): a text in an integer column is an error, not a surprise.
- Times are UTC ISO 8601 text with a ``Z`` suffix and microseconds (``2025-03-07T08:15:00.000000Z``,
  :func:`counter_app.store.clock.to_db_time`): one fixed width, so text order is time order.
- JSON columns are ``TEXT`` checked with ``json_valid``.
- Personal data and photos are ``BLOB`` written only through :mod:`counter_app.store.sealing`.
- ``issuance_events`` and ``audit_log`` are append-only: triggers refuse UPDATE and DELETE.

What the outbox payload holds (``outbox.payload``, built by the issuance service): the
issuance id, the action, from/to state, the time, application type and reason, the card fields
once known (card number, 卡识别码, ATR), the failure/cancel reason, the blind person index, and
the code of the applicant's township (from the address and the district's list, for coverage).
It holds no name, no address, no document number in clear and no photo: the ledger issue decides which
cardholder fields the card-management report needs and adds them sealed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store import (
    migration_002_sync,
    migration_003_security,
    migration_004_reports,
    migration_005_card_status,
    migration_006_handover,
    migration_007_keyed,
    migration_008_card_management,
    migration_009_banks,
    migration_010_fees,
    migration_011_people,
    migration_012_ratings_papers,
    migration_013_financial_activation,
    migration_014_postal_batches,
    migration_015_online,
)

ISSUANCE_STATES = (
    "draft", "applicant_ok", "photo_ok", "encoding", "encoded", "printing", "printed",
    "issued", "encode_failed", "print_failed", "spoiled", "cancelled",
)  # the values of counter_app.domain.issuance.IssuanceState (a test keeps them equal)


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered step of the schema. ``apply`` runs inside the runner's transaction."""

    version: int
    name: str
    apply: Callable[[Database], None]


def _sql(*statements: str) -> Callable[[Database], None]:
    def apply(db: Database) -> None:
        for statement in statements:
            db.conn.execute(statement)

    return apply


_STATE_CHECK = ", ".join(f"'{s}'" for s in ISSUANCE_STATES)

_V1_INITIAL = _sql(
    # --- people who log in (the auth issue fills in the rules) ---
    """
    CREATE TABLE users (
        id              TEXT PRIMARY KEY,            -- uuid4
        username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name    TEXT NOT NULL,
        role            TEXT NOT NULL,               -- clerk / supervisor / technician (checked by the auth service)
        password_hash   TEXT NOT NULL,
        disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        failed_logins   INTEGER NOT NULL DEFAULT 0,
        locked_until    TEXT,
        created_at      TEXT NOT NULL
    ) STRICT
    """,
    # --- issuances: one row per applicant's card, its current state ---
    f"""
    CREATE TABLE issuances (
        id               TEXT PRIMARY KEY,           -- uuid4
        state            TEXT NOT NULL CHECK (state IN ({_STATE_CHECK})),
        application_type TEXT NOT NULL,
        reason           TEXT,                       -- 补换卡原因 code, for replacements
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        clerk            TEXT REFERENCES users(id),  -- nullable until the auth issue
        card_number      TEXT UNIQUE,                -- 社会保障卡卡号; NULLs do not collide
        card_id          TEXT,                       -- 卡识别码 (32 hex)
        atr              TEXT,                       -- hex
        personal_data    BLOB NOT NULL,              -- seal(JSON of Applicant.to_dict(), its place)
        person_index     TEXT NOT NULL,              -- blind index of the document number
        photo            BLOB,                       -- seal(JPEG, its place)
        failure_reason   TEXT,
        version          INTEGER NOT NULL DEFAULT 1  -- +1 per transition: optimistic checks
    ) STRICT
    """,
    "CREATE INDEX issuances_state_created ON issuances (state, created_at)",
    "CREATE INDEX issuances_created ON issuances (created_at)",
    "CREATE INDEX issuances_person ON issuances (person_index)",
    # --- every transition, append-only ---
    """
    CREATE TABLE issuance_events (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        issuance_id  TEXT NOT NULL REFERENCES issuances(id),
        seq          INTEGER NOT NULL,               -- 1, 2, ... per issuance
        from_state   TEXT,                           -- NULL for the creating event
        to_state     TEXT NOT NULL,
        action       TEXT NOT NULL,
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        detail       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
        UNIQUE (issuance_id, seq)
    ) STRICT
    """,
    """
    CREATE TRIGGER issuance_events_no_update BEFORE UPDATE ON issuance_events
    BEGIN SELECT RAISE(ABORT, 'issuance_events is append-only'); END
    """,
    """
    CREATE TRIGGER issuance_events_no_delete BEFORE DELETE ON issuance_events
    BEGIN SELECT RAISE(ABORT, 'issuance_events is append-only'); END
    """,
    # --- the transactional outbox: what the sync worker sends to the ledger, in seq order ---
    """
    CREATE TABLE outbox (
        seq              INTEGER PRIMARY KEY AUTOINCREMENT,  -- the counter's local sequence
        event_uuid       TEXT NOT NULL UNIQUE,
        type             TEXT NOT NULL,                      -- e.g. issuance.encoded
        at               TEXT NOT NULL,
        issuance_id      TEXT REFERENCES issuances(id),
        payload          TEXT NOT NULL CHECK (json_valid(payload)),
        acknowledged_at  TEXT,
        attempts         INTEGER NOT NULL DEFAULT 0,
        last_error       TEXT
    ) STRICT
    """,
    "CREATE INDEX outbox_pending ON outbox (seq) WHERE acknowledged_at IS NULL",
    "CREATE INDEX outbox_issuance ON outbox (issuance_id)",
    # --- blank card stock ---
    """
    CREATE TABLE card_stock (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at     TEXT NOT NULL,
        count           INTEGER NOT NULL CHECK (count >= 0),
        first_chip_id   TEXT,
        last_chip_id    TEXT,
        note            TEXT NOT NULL DEFAULT ''
    ) STRICT
    """,
    """
    CREATE TABLE card_stock_moves (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id      INTEGER REFERENCES card_stock(id),
        kind          TEXT NOT NULL CHECK (kind IN ('used', 'spoiled')),
        card_id       TEXT,                          -- 卡识别码 of the chip
        card_number   TEXT,
        at            TEXT NOT NULL,
        issuance_id   TEXT REFERENCES issuances(id),
        reason        TEXT
    ) STRICT
    """,
    "CREATE INDEX card_stock_moves_issuance ON card_stock_moves (issuance_id)",
    "CREATE INDEX card_stock_moves_at ON card_stock_moves (at)",
    # --- card numbers handed to this counter by the ledger, ahead of time ---
    """
    CREATE TABLE card_number_blocks (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        ledger_block_id  TEXT NOT NULL UNIQUE,
        first_number     TEXT NOT NULL,
        count            INTEGER NOT NULL CHECK (count > 0),
        next_index       INTEGER NOT NULL DEFAULT 0 CHECK (next_index BETWEEN 0 AND count),
        received_at      TEXT NOT NULL
    ) STRICT
    """,
    # --- the audit trail: append-only, a hash chain (HMAC-SM3 keyed from migration 7) ---
    """
    CREATE TABLE audit_log (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        counter_id  TEXT NOT NULL,
        action      TEXT NOT NULL,
        detail      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL UNIQUE
    ) STRICT
    """,
    "CREATE INDEX audit_log_at ON audit_log (at)",
    """
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
    """,
    """
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
    """,
    # --- small per-counter values (counter id, last sync, ...) ---
    """
    CREATE TABLE settings_kv (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    ) STRICT
    """,
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial", _V1_INITIAL),
    Migration(2, "sync", migration_002_sync.apply),
    Migration(3, "security", migration_003_security.apply),
    Migration(4, "reports", migration_004_reports.apply),
    Migration(5, "card_status", migration_005_card_status.apply),
    Migration(6, "handover", migration_006_handover.apply),
    Migration(7, "keyed_audit_and_sealing", migration_007_keyed.apply),
    Migration(8, "card_management", migration_008_card_management.apply),
    Migration(9, "banks", migration_009_banks.apply),
    Migration(10, "fees", migration_010_fees.apply),
    Migration(11, "people", migration_011_people.apply),
    Migration(12, "ratings_papers", migration_012_ratings_papers.apply),
    Migration(13, "financial_activation", migration_013_financial_activation.apply),
    Migration(14, "postal_batches", migration_014_postal_batches.apply),
    Migration(15, "online", migration_015_online.apply),
)


def latest_version(migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """The schema version this code expects after all its migrations."""
    return migrations[-1].version if migrations else 0
