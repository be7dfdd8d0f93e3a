"""Rotating the data key: every sealed blob re-encrypted under a fresh key, the old key forgotten.

Order of the steps, so that a crash at any point leaves every row readable:

1. the new key is written into the key file *beside* the old one (still not active);
2. one transaction re-seals every blob not already under the new key (issuances' personal data
   and photos, approvals' reasons, scanned papers, bank accounts, kept online applications, postal
   batch items, exception reviews' reasons — that append-only table has its no-change trigger
   lifted for this one step; :mod:`counter_app.store.resealing`) and records the
   rotation in the audit trail;
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
from counter_app.store import resealing, sealing
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store, keys_dir_for
from counter_app.store.datakeys import DataKey, KeyDirectory

log = logging.getLogger(__name__)

SEALED_COLUMNS = resealing.SEALED_COLUMNS  # what a rotation re-seals (kept importable here)


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
        with self._store.transaction() as db:       # step 2
            resealed = resealing.reseal_all(db, new)
            AuditLog.append(db, session.actor, AuditAction.DATA_REKEYED,
                            {"new_key_id": new.key_id.hex(), "retired_key_ids": list(retired), "resealed": resealed},
                            counter_id=session.counter_id, at=self._clock())
        directory.activate_only(new.key_id)        # step 3
        sealing.configure(directory.load(create=False))
        _checkpoint(self._store)
        log.info("data key rotated: %d blobs re-sealed under key %s", resealed, new.key_id.hex())
        return RekeyReport(new.key_id.hex(), retired, resealed)


def _checkpoint(store: Store) -> None:
    """Fold the WAL into the database file so old page images leave the WAL (best effort:
    another reader may hold it open)."""
    try:
        resealing.checkpoint(store.db)
    except Exception as exc:  # a busy WAL is not a failure of the rotation
        log.info("WAL checkpoint after rekey deferred: %s", exc)
