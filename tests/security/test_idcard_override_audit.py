"""The clerk's override of fields the ID card reader filled is audited by field name, never by value; only
a clerk or supervisor may record one (services own the permission check)."""

from __future__ import annotations

import pytest

from counter_app.services.auth import PermissionDenied
from counter_app.services.intake import IntakeService
from counter_app.store.audit import AuditAction, AuditLog
from tests.security.conftest import PASSWORD


def overrides(store):
    return [e for e in AuditLog.entries(store.db, limit=10_000) if e.action == AuditAction.IDCARD_OVERRIDE]


def test_the_override_is_audited_with_field_names_only(store, auth, people):
    session = auth.login(people["clerk"], PASSWORD)
    recorded = IntakeService(store).record_idcard_override(session, ["address", "name", "not_a_field"])
    assert recorded == ("address", "name")
    (entry,) = overrides(store)
    assert entry.detail == {"fields": ["address", "name"]} and entry.actor == session.actor


def test_a_technician_cannot_record_one(store, auth, people):
    session = auth.login(people["technician"], PASSWORD)
    with pytest.raises(PermissionDenied):
        IntakeService(store).record_idcard_override(session, ["name"])
    assert overrides(store) == []
