"""Schema version 7: the keyed audit chain, and sealed blobs bound to their place.

Two data changes, no new tables:

- **Sealed blobs re-sealed with their place.** Every blob of the old form (0xA1, no context:
  issuances' personal data and photo, approvals' reasons, exception reviews' reasons) is opened
  and sealed again as 0xA2 with its :class:`~counter_app.store.sealing.SealContext` (table,
  column, row) in the tag. Done here, in the migration's one transaction, rather than accepting
  the old form at run time until a rekey: after this step :func:`~counter_app.store.sealing.unseal`
  refuses 0xA1, so no blob anywhere can be moved into another row unnoticed, and there is no
  window (or forgotten rekey) during which swapped old blobs would still open. The cost is one
  pass over the sealed rows at upgrade, which the backup taken before migrating makes safe.
  The append-only ``exception_reviews`` has its triggers lifted for that one update and put back.
- **The keyed audit chain starts.** Existing audit rows keep their public SM3 hashes (the legacy
  segment); a marker row ``audit.keyed_chain_started`` with ``{"legacy_rows": N}`` is appended,
  the first row hashed with HMAC-SM3 under the audit key (:mod:`counter_app.store.audit`). Its
  keyed hash covers the last legacy hash, so the legacy rows cannot be changed from now on
  either; what was changed in them *before* this migration is not detectable — rows before the
  marker are only as strong as they were. Each legacy row also gets a keyed *seal* of its seq and
  public hash (table ``audit_legacy_seals``), so a legacy row changed after the upgrade is named
  exactly, not only seen at the marker. An empty chain needs no marker (keyed from row 1).
"""

from __future__ import annotations

from sqlite_utils import Database

from counter_app.store import sealing
from counter_app.store.audit import start_keyed_chain
from counter_app.store.connection import database_file, keys_dir_for

REVIEW_NO_UPDATE_TRIGGER = """
    CREATE TRIGGER exception_reviews_no_update BEFORE UPDATE ON exception_reviews
    BEGIN SELECT RAISE(ABORT, 'a review is decided once'); END
"""


LEGACY_SEALS = (
    """
    CREATE TABLE audit_legacy_seals (
        seq   INTEGER PRIMARY KEY,   -- an audit_log row from before this migration
        tag   TEXT NOT NULL          -- HMAC-SM3(audit key, seq and its public hash)
    ) STRICT
    """,
    """
    CREATE TRIGGER audit_legacy_seals_no_update BEFORE UPDATE ON audit_legacy_seals
    BEGIN SELECT RAISE(ABORT, 'audit_legacy_seals is append-only'); END
    """,
    """
    CREATE TRIGGER audit_legacy_seals_no_delete BEFORE DELETE ON audit_legacy_seals
    BEGIN SELECT RAISE(ABORT, 'audit_legacy_seals is append-only'); END
    """,
)


def apply(db: Database) -> None:
    _ensure_keys(db)
    for statement in LEGACY_SEALS:
        db.conn.execute(statement)
    reseal_legacy_blobs(db)
    start_keyed_chain(db, sealing.active_keys().audit_key)


def reseal_legacy_blobs(db: Database) -> int:
    """Re-seal every 0xA1 blob with its place; returns how many changed."""
    changed = 0
    for table, column, place in (
        ("issuances", "personal_data", sealing.issuance_sealed_at),
        ("issuances", "photo", sealing.issuance_sealed_at),
        ("approvals", "reason", sealing.approval_sealed_at),
        ("approvals", "decision_reason", sealing.approval_sealed_at),
    ):
        rows = db.execute(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
        for row_id, blob in rows:
            if sealing.is_legacy(blob):
                context = place(row_id, column)
                plain = sealing.unseal(blob, context, legacy=True)
                db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (sealing.seal(plain, context), row_id))
                changed += 1
    reviews = [r for r in db.execute("SELECT id, kind, subject_id, reason FROM exception_reviews").fetchall()
               if sealing.is_legacy(r[3])]
    if reviews:
        db.execute("DROP TRIGGER exception_reviews_no_update")
        for row_id, kind, subject_id, blob in reviews:
            context = sealing.review_sealed_at(kind, subject_id)
            plain = sealing.unseal(blob, context, legacy=True)
            db.execute("UPDATE exception_reviews SET reason = ? WHERE id = ?", (sealing.seal(plain, context), row_id))
            changed += 1
        db.execute(REVIEW_NO_UPDATE_TRIGGER)
    return changed


def _ensure_keys(db: Database) -> None:
    """Whatever the process configured for an in-memory database; the keys beside the file otherwise."""
    path = database_file(db)
    if path is None:
        sealing.active_keys()
        return
    wanted = keys_dir_for(path)
    if not sealing.is_configured() or sealing.active_keys().keys_dir.resolve() != wanted.resolve():
        sealing.configure_for(wanted)
