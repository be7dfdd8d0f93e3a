"""The audit trail as a use case: check it, read it, record the events other services report.

The chain itself (hashing, anchors, what verification can and cannot see) is
:mod:`counter_app.store.audit`. Supervisors and technicians may verify it (a technician
diagnoses a counter); reading entries is for supervisors.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from counter_app.services.auth import Role, Session, requires
from counter_app.store.audit import (
    AuditAction,
    AuditEntry,
    AuditLog,
    AuditVerification,
    compare_with_ledger,
    verify,
)
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.errors import StoreError

log = logging.getLogger(__name__)


class AuditService:
    def __init__(self, store: Store, *, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._clock = clock

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="校验审计记录", en="verify the audit trail")
    def verify(self, session: Session, *,
               ledger_head: Callable[[], Mapping[str, Any]] | None = None) -> AuditVerification:
        """Check the chain locally, then against the head the ledger keeps (``ledger_head``: e.g.
        ``LedgerClient.audit_head``) when given. A ledger that cannot be reached (or a counter not
        enrolled) is said in the result (``ledger``), never taken for agreement."""
        from counter_app.sync.errors import NotEnrolled, SyncError

        local = verify(self._store.db)
        if ledger_head is None:
            return local
        try:
            head = ledger_head()
        except NotEnrolled:
            return replace(local, ledger="not_enrolled")
        except (SyncError, StoreError) as exc:  # no answer, or the signing key would not open
            log.warning("audit verify: the ledger's audit head could not be fetched: %s", exc)
            return replace(local, ledger="unreachable")
        return compare_with_ledger(self._store.db, local, head.get("audit_seq"), head.get("audit_hash"))

    @requires(Role.SUPERVISOR, zh="查看审计记录", en="read the audit trail")
    def entries(self, session: Session, *, after_seq: int = 0, limit: int = 200) -> list[AuditEntry]:
        return AuditLog.entries(self._store.db, after_seq=after_seq, limit=limit)

    @requires(Role.TECHNICIAN, Role.SUPERVISOR, zh="记录设备强制操作", en="record a device override")
    def record_device_override(self, session: Session, device: str, what: str,
                               detail: Mapping[str, Any] | None = None) -> AuditEntry:
        """A technician forced a device past a check (e.g. used a reader the profile did not name)."""
        with self._store.transaction() as db:
            return AuditLog.append(db, session.actor, AuditAction.DEVICE_OVERRIDE,
                                   {"device": device, "what": what, **dict(detail or {})},
                                   counter_id=session.counter_id, at=self._clock())

    @requires(Role.SUPERVISOR, zh="导出数据", en="export data")
    def record_export(self, session: Session, what: str, rows: int, detail: Mapping[str, Any] | None = None) -> AuditEntry:
        """Record an export (a report, a list) with what and how many rows; call it in the export's
        own flow, after the file is written."""
        with self._store.transaction() as db:
            return AuditLog.append(db, session.actor, AuditAction.EXPORT,
                                   {"what": what, "rows": rows, **dict(detail or {})},
                                   counter_id=session.counter_id, at=self._clock())
