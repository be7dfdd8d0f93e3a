"""Schema version 3: what the security layer keeps, and encryption of rows written before it.

- ``approvals``: exception requests (reprint, spoiled-card override, substitute chip name) and
  their decision. Separation of duties is enforced by the approval service and again here: a
  CHECK refuses a decision by the requester, and triggers refuse deleting a request or changing
  a decision once taken. The free-text reasons are sealed (a reason may quote a name).
- ``issuances.personal_data_purged_at``: when retention replaced the row's personal data by a
  stub and dropped its photo (NULL while the data is kept).
- Data: rows written while :func:`counter_app.store.sealing.seal` was the identity are
  encrypted under the counter's data key, their unkeyed SM3 person index is replaced by the
  keyed one, and pending outbox payloads that carry the old index get the new one. The keys are
  the ones ``Store.open`` configured, or else the key directory beside the database file
  (``counter-app db migrate`` migrates without opening a ``Store``).
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from counter_app.store import sealing
from counter_app.store.connection import database_file, keys_dir_for

APPROVAL_KINDS = ("reprint", "spoiled_override", "substitute_name")

STATEMENTS = (
    f"""
    CREATE TABLE approvals (
        id                 TEXT PRIMARY KEY,              -- uuid4
        kind               TEXT NOT NULL CHECK (kind IN ({", ".join(f"'{k}'" for k in APPROVAL_KINDS)})),
        subject_id         TEXT NOT NULL,                 -- usually an issuance id
        reason             BLOB NOT NULL,                 -- seal(UTF-8 text)
        counter_id         TEXT NOT NULL,
        requested_by       TEXT NOT NULL,                 -- user id (or the local operator's name)
        requested_by_name  TEXT NOT NULL,                 -- username, for lists
        requested_at       TEXT NOT NULL,
        decision           TEXT CHECK (decision IN ('approved', 'rejected')),
        decided_by         TEXT,
        decided_by_name    TEXT,
        decided_at         TEXT,
        decision_reason    BLOB,                          -- seal(UTF-8 text)
        CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL)),
        CHECK (decided_by IS NULL OR decided_by != requested_by)   -- never one's own request
    ) STRICT
    """,
    "CREATE INDEX approvals_subject ON approvals (kind, subject_id)",
    "CREATE INDEX approvals_open ON approvals (requested_at) WHERE decision IS NULL",
    """
    CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals
    BEGIN SELECT RAISE(ABORT, 'approvals are kept'); END
    """,
    """
    CREATE TRIGGER approvals_decided_once BEFORE UPDATE ON approvals
    WHEN OLD.decision IS NOT NULL AND (
        NEW.decision IS NOT OLD.decision OR NEW.decided_by IS NOT OLD.decided_by
        OR NEW.decided_at IS NOT OLD.decided_at OR NEW.kind IS NOT OLD.kind
        OR NEW.subject_id IS NOT OLD.subject_id OR NEW.requested_by IS NOT OLD.requested_by)
    BEGIN SELECT RAISE(ABORT, 'an approval is decided once'); END
    """,
    "ALTER TABLE issuances ADD COLUMN personal_data_purged_at TEXT",
)


def apply(db: Database) -> None:
    conn = db.conn
    conn.execute("PRAGMA secure_delete = ON")  # the clear bytes replaced below are zeroed, not freed
    for statement in STATEMENTS:
        conn.execute(statement)
    reseal_clear_rows(db)


def reseal_clear_rows(db: Database) -> int:
    """Encrypt every issuance row still stored in clear; returns how many rows changed."""
    rows = db.execute("SELECT id, personal_data, photo FROM issuances").fetchall()
    clear = [r for r in rows if sealing.key_id_of(r[1]) is None
             or (r[2] is not None and sealing.key_id_of(r[2]) is None)]
    if not clear:
        return 0
    _ensure_keys(db)
    new_index: dict[str, str] = {}
    for issuance_id, personal, photo in clear:
        values: dict[str, object] = {"id": issuance_id}
        if sealing.key_id_of(personal) is None:
            number = json.loads(bytes(personal).decode("utf-8")).get("document_number", "")
            values["personal_data"] = sealing.seal(bytes(personal), sealing.issuance_sealed_at(issuance_id, "personal_data"))
            values["person_index"] = sealing.person_index(number)
            new_index[sealing.legacy_person_index(number)] = values["person_index"]
        if photo is not None and sealing.key_id_of(photo) is None:
            values["photo"] = sealing.seal(bytes(photo), sealing.issuance_sealed_at(issuance_id, "photo"))
        assignments = ", ".join(f"{k} = :{k}" for k in values if k != "id")
        db.execute(f"UPDATE issuances SET {assignments} WHERE id = :id", values)
    _replace_outbox_indices(db, new_index)
    return len(clear)


def _ensure_keys(db: Database) -> None:
    path = database_file(db)
    if path is None:
        sealing.active_keys()  # an in-memory database: whatever the process configured
        return
    wanted = keys_dir_for(path)
    if not sealing.is_configured() or sealing.active_keys().keys_dir.resolve() != wanted.resolve():
        sealing.configure_for(wanted)


def _replace_outbox_indices(db: Database, new_index: dict[str, str]) -> None:
    if not new_index:
        return
    rows = db.execute(
        "SELECT seq, payload FROM outbox WHERE json_extract(payload, '$.person_index') IS NOT NULL"
    ).fetchall()
    for seq, payload in rows:
        value = json.loads(payload)
        replacement = new_index.get(value.get("person_index"))
        if replacement:
            value["person_index"] = replacement
            db.execute(
                "UPDATE outbox SET payload = ? WHERE seq = ?",
                (json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")), seq),
            )
