"""Rotating the data key: every sealed blob re-encrypted under a fresh key, the old key forgotten.

Order of the steps, so that a crash at any point leaves every row readable:

1. the new key is written into the key file *beside* the old one (still not active);
2. one transaction re-seals every blob not already under the new key (issuances' personal data
   and photos, approvals' reasons, exception reviews' reasons — that append-only table has its
   update trigger lifted for this one step) and records the rotation in the audit trail;
3. the key file is rewritten with only the new key, active.

A crash after 1 or 2 leaves both keys in the file: the rows open under whichever key sealed them
and running ``db rekey`` again finishes the job. Run it with the counter application closed: a
process that loaded the old key keeps sealing new rows with it until restarted, and those rows
would no longer open once the old key is gone. Backups taken before a rotation need the old key
file (keep a copy of ``keys/`` with the backups if they must stay readable).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.services.auth import Role, Session, requires
from counter_app.store import sealing
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store, keys_dir_for
from counter_app.store.datakeys import DataKey, KeyDirectory

log = logging.getLogger(__name__)

# Every column written through sealing.seal: (table, key column, blob column).
SEALED_COLUMNS = (
    ("issuances", "id", "personal_data"),
    ("issuances", "id", "photo"),
    ("approvals", "id", "reason"),
    ("approvals", "id", "decision_reason"),
)


@dataclass(frozen=True, slots=True)
class RekeyReport:
    new_key_id: str
    retired_key_ids: tuple[str, ...]
    resealed: int


class RekeyService:
    def __init__(self, store: Store, *, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._clock = clock

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="更换数据密钥", en="rotate the data key")
    def rekey(self, session: Session) -> RekeyReport:
        directory = KeyDirectory(keys_dir_for(self._store.path))
        keys = directory.load(create=False)
        new = DataKey.generate()
        directory.add_key(new)                      # step 1
        sealing.configure(directory.load(create=False))
        retired = tuple(k.key_id.hex() for k in keys.known)
        resealed = 0
        with self._store.transaction() as db:       # step 2
            db.conn.execute("PRAGMA secure_delete = ON")
            for table, key_column, column in SEALED_COLUMNS:
                rows = db.execute(
                    f"SELECT {key_column}, {column} FROM {table} WHERE {column} IS NOT NULL"
                ).fetchall()
                for row_id, blob in rows:
                    if sealing.key_id_of(blob) == new.key_id:
                        continue
                    place = sealing.SealContext(table, column, str(row_id))
                    db.execute(f"UPDATE {table} SET {column} = ? WHERE {key_column} = ?",
                               (sealing.seal_with(new, sealing.unseal(blob, place), place), row_id))
                    resealed += 1
            resealed += _reseal_reviews(db, new)
            AuditLog.append(db, session.actor, AuditAction.DATA_REKEYED,
                            {"new_key_id": new.key_id.hex(), "retired_key_ids": list(retired), "resealed": resealed},
                            counter_id=session.counter_id, at=self._clock())
        directory.activate_only(new.key_id)        # step 3
        sealing.configure(directory.load(create=False))
        _checkpoint(self._store)
        log.info("data key rotated: %d blobs re-sealed under key %s", resealed, new.key_id.hex())
        return RekeyReport(new.key_id.hex(), retired, resealed)


def _reseal_reviews(db, new: DataKey) -> int:
    """Exception reviews are decided once (a trigger refuses any UPDATE), but their sealed reasons
    must follow the key: the trigger is lifted inside the rotation's transaction and put back."""
    from counter_app.store.migration_007_keyed import REVIEW_NO_UPDATE_TRIGGER

    stale = [r for r in db.execute("SELECT id, kind, subject_id, reason FROM exception_reviews").fetchall()
             if sealing.key_id_of(r[3]) != new.key_id]
    if not stale:
        return 0
    db.execute("DROP TRIGGER exception_reviews_no_update")
    for row_id, kind, subject_id, blob in stale:
        place = sealing.review_sealed_at(kind, subject_id)
        db.execute("UPDATE exception_reviews SET reason = ? WHERE id = ?",
                   (sealing.seal_with(new, sealing.unseal(blob, place), place), row_id))
    db.execute(REVIEW_NO_UPDATE_TRIGGER)
    return len(stale)


def _checkpoint(store: Store) -> None:
    """Fold the WAL into the database file so old page images leave the WAL (best effort:
    another reader may hold it open)."""
    try:
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except Exception as exc:  # a busy WAL is not a failure of the rotation
        log.info("WAL checkpoint after rekey deferred: %s", exc)
