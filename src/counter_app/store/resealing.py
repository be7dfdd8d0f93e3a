"""Re-sealing every sealed blob of the database under one data key (the data-key rotation's step 2).

The rotation itself (the key file's steps, the audit row) is :mod:`counter_app.services.rekey`; this
module is the part that reads and rewrites sealed columns, so that sealing stays in the store. Call
:func:`reseal_all` inside the rotation's transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from counter_app.store import attachments, bank_accounts, online_applications, postal_batches, sealing
from counter_app.store.datakeys import DataKey

# Every column written through sealing.seal whose place is (table, column, the row's key): (table, key
# column, blob column). Exception reviews' reasons are sealed too (their place is the review's subject):
# see :func:`_reseal_reviews`.
SEALED_COLUMNS = (
    ("issuances", "id", "personal_data"),
    ("issuances", "id", "photo"),
    ("approvals", "id", "reason"),
    ("approvals", "id", "decision_reason"),
)

# Sealed columns whose place is made from the row's key columns by their module's own function:
# (table, key columns, blob column, place). The counter's kept online applications
# (``online_applications/application/APP``) and the postal batches' items
# (``postal_batch_items/application/BATCH/APP``).
SEALED_PLACES: tuple[tuple[str, tuple[str, ...], str, Callable[..., sealing.SealContext]], ...] = (
    ("online_applications", ("app_id",), "application", online_applications.sealed_at),
    ("postal_batch_items", ("batch_id", "app_id"), "application", postal_batches.item_sealed_at),
    # the scanned papers (several per issuance, each sealed at its issuance) and the bank account read from the chip
    ("attachments", ("id", "issuance_id"), "sealed", lambda _row_id, issuance_id: attachments.sealed_at(issuance_id)),
    ("card_bank_accounts", ("issuance_id",), "account_sealed", bank_accounts.sealed_at),
)


def reseal_all(db: Database, new: DataKey) -> int:
    """Re-seal every blob not already under ``new``; returns how many were re-sealed. Freed cells are
    zeroed (``secure_delete``), so the old ciphertexts do not linger in free pages."""
    db.conn.execute("PRAGMA secure_delete = ON")
    resealed = 0
    for table, key_column, column in SEALED_COLUMNS:
        rows = db.execute(f"SELECT {key_column}, {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
        for row_id, blob in rows:
            if sealing.key_id_of(blob) == new.key_id:
                continue
            place = sealing.SealContext(table, column, str(row_id))
            db.execute(f"UPDATE {table} SET {column} = ? WHERE {key_column} = ?",
                       (sealing.seal_with(new, sealing.unseal(blob, place), place), row_id))
            resealed += 1
    for table, key_columns, column, place_of in SEALED_PLACES:
        keys = ", ".join(key_columns)
        where = " AND ".join(f"{k} = ?" for k in key_columns)
        rows = db.execute(f"SELECT {keys}, {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
        for *row_key, blob in rows:
            if sealing.key_id_of(blob) == new.key_id:
                continue
            place = place_of(*row_key)
            db.execute(f"UPDATE {table} SET {column} = ? WHERE {where}",
                       (sealing.seal_with(new, sealing.unseal(blob, place), place), *row_key))
            resealed += 1
    return resealed + _reseal_reviews(db, new)


def _reseal_reviews(db: Database, new: DataKey) -> int:
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


def checkpoint(db: Database) -> None:
    """Fold the WAL into the database file so old page images leave the WAL. Raises what SQLite
    raises when another reader holds it (the caller treats that as deferred, not as a failure)."""
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
