"""Retention: personal data is kept only as long as the counter needs it.

An issuance's personal data (name, document number, phone, address, …) and photo are purged
when it has reached a final state (issued, spoiled, cancelled) and *every* outbox event about it
was acknowledged by the ledger more than ``retention.days`` days ago (default 30): by then the
ledger holds what it needs, and nothing at this counter will send it again. What stays is what
the reports count: state, application type and reason, card number, 卡识别码, dates, events.

A purged row keeps a stub in ``personal_data`` (the document type, application type and reason;
every personal field empty, the birth date ``0001-01-01``) so that reading it still gives an
``Applicant``; its person index is emptied and ``personal_data_purged_at`` is set. Free-text
reasons of approvals about the issuance are emptied too (they may quote a name). An issuance with
an unacknowledged event, or with none at all, is never purged.

Online applications follow the issuance that made their card. A kept copy of an application
(``online_applications``: the ledger's JSON, sealed) is dropped in the same purge as the personal data of
the issuances linked to it (all of them: a spoiled card's restart too), or, when no issuance here took it,
once its collection day (without one: the day it was fetched) is more than ``retention.days`` days past; the
ledger holds it, and the counter asks again when it needs it. A postal batch item's application (applicant,
photo, mobile, postal address) is replaced by its non-personal remainder (:func:`_application_stub`) once
the application was posted and every issuance of its items had its personal data purged; the item's row
(state, card number, tracking number) stays for the batch's history.

The rows are found and rewritten by :mod:`counter_app.store.retention` (which unseals and seals
them) and :mod:`counter_app.store.approvals`; this module decides what is due and what stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from counter_app.services.auth import Role, Session, requires
from counter_app.store.approvals import ApprovalRepository
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.retention import RetentionRepository

FINAL_STATES = ("issued", "spoiled", "cancelled")
PURGED_BIRTH_DATE = "0001-01-01"
#: what a postal batch item keeps of its application once purged: nothing that names or reaches the person
APPLICATION_STUB_FIELDS = ("app_id", "application", "reason", "collection", "hall_id", "collect_day", "status")


@dataclass(frozen=True, slots=True)
class PurgeReport:
    cutoff: dt.datetime
    purged_ids: tuple[str, ...]
    online_applications: tuple[str, ...] = ()        # kept copies dropped (application numbers)
    postal_items: tuple[tuple[str, str], ...] = ()   # (batch, application) whose application was purged

    @property
    def count(self) -> int:
        return len(self.purged_ids)


class RetentionService:
    def __init__(self, store: Store, *, days: int = 30, clock: Callable[[], dt.datetime] = utc_now):
        if days < 0:
            raise ValueError("retention days cannot be negative")
        self._store = store
        self._days = days
        self._clock = clock

    def _due(self, now: dt.datetime | None = None) -> list[str]:
        """Ids of the issuances whose personal data is due for purging (nothing changes)."""
        cutoff = (now or self._clock()) - dt.timedelta(days=self._days)
        return RetentionRepository(self._store.db).due(FINAL_STATES, cutoff)

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="清除过期个人信息", en="purge expired personal data")
    def purge(self, session: Session) -> PurgeReport:
        now = self._clock()
        cutoff = now - dt.timedelta(days=self._days)
        with self._store.transaction() as db:
            rows = RetentionRepository(db)
            rows.secure_delete()
            ids = self._due(now)
            for issuance_id in ids:
                rows.replace_personal_data(issuance_id, _stub(rows.personal_data(issuance_id)), now)
                ApprovalRepository(db).clear_reasons_about(issuance_id)
            # after the issuances (this purge's count as purged): the applications whose cards they made
            apps = rows.online_applications_due(cutoff.date(), cutoff)
            for app_id in apps:
                rows.delete_online_application(app_id)
            items = []
            for batch_id, app_id in rows.postal_items_due():
                application = rows.postal_item_application(batch_id, app_id)
                if "applicant" in application:  # else a stub already (an earlier purge)
                    rows.replace_postal_item_application(batch_id, app_id, _application_stub(application))
                    items.append((batch_id, app_id))
            if ids or apps or items:
                AuditLog.append(db, session.actor, AuditAction.DATA_PURGED,
                                {"issuances": len(ids), "online_applications": len(apps),
                                 "postal_items": len(items), "days": self._days, "cutoff": to_db_time(cutoff)},
                                counter_id=session.counter_id, at=now)
        return PurgeReport(cutoff, tuple(ids), tuple(apps), tuple(items))


def _stub(old: Mapping[str, Any]) -> dict[str, Any]:
    """The non-personal remainder of an applicant's fields (see the module docstring)."""
    return {
        "document_type": old.get("document_type", "99"), "document_number": "", "name": "", "sex": "9",
        "ethnicity": "", "birth_date": PURGED_BIRTH_DATE, "birthplace": "", "nationality": "", "phone": "",
        "address": "", "application_type": old.get("application_type", "new"), "reason": old.get("reason"),
        "chip_name": None,
    }


def _application_stub(old: Mapping[str, Any]) -> dict[str, Any]:
    """The non-personal remainder of an online application's JSON (no applicant, mobile, photo, postal
    address nor QR token: the token opens the citizen's status page)."""
    return {key: old.get(key) for key in APPLICATION_STUB_FIELDS}
