"""The audit trail records who did what, when and at which counter, chained with SM3, and sends
each row's hash to the ledger with the other events."""

from __future__ import annotations

import pytest

from counter_app.services.approvals import ApprovalService
from counter_app.services.login import LoginFailed
from counter_app.services.users import UserService
from counter_app.store import sealing
from counter_app.store.audit import GENESIS_HASH, AuditLog, keyed_row_hash, row_hash, verify
from tests.security.conftest import COUNTER, PASSWORD


def test_logins_logouts_failures_and_user_changes_are_recorded(auth, people, store, operator, clock):
    session = auth.login("clerk", PASSWORD)
    auth.logout(session)
    with pytest.raises(LoginFailed):
        auth.login("clerk", "wrong password 1")
    UserService(store, clock=clock).disable(operator, "technician")
    rows = AuditLog.entries(store.db)
    recorded = [(e.actor, e.action) for e in rows]
    assert (operator.username, "user.added") in recorded
    assert ("clerk", "auth.login") in recorded
    assert ("clerk", "auth.logout") in recorded
    assert ("clerk", "auth.login_failed") in recorded
    assert (operator.username, "user.disabled") in recorded
    assert all(e.counter_id == COUNTER for e in rows)
    assert rows[-1].at == "2025-03-07T08:00:00.000000Z"


def test_each_row_carries_the_hash_of_the_one_before(store, people):
    rows = AuditLog.entries(store.db)
    assert rows[0].prev_hash == GENESIS_HASH
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.hash
    first = store.db.execute("SELECT seq, at, actor, counter_id, action, detail, prev_hash FROM audit_log "
                             "WHERE seq = 1").fetchone()
    assert keyed_row_hash(sealing.active_keys().audit_key, *first) == rows[0].hash
    assert row_hash(*first) != rows[0].hash  # the public formula no longer makes the chain
    assert verify(store.db).ok


def test_every_row_goes_to_the_outbox_without_personal_data(store, people):
    events = store.db.execute("SELECT payload FROM outbox WHERE type = 'audit.appended' ORDER BY seq").fetchall()
    rows = AuditLog.entries(store.db)
    assert len(events) == len(rows)
    import json

    payload = json.loads(events[0][0])
    assert set(payload) == {"seq", "at", "actor", "action", "hash"}
    assert payload["hash"] == rows[0].hash


def test_an_exception_decision_is_recorded_with_both_people(auth, people, store, clock):
    approvals = ApprovalService(store, clock=clock)
    request = approvals.request_approval(auth.login("clerk", PASSWORD), "reprint", "issuance-1", "smudged face")
    approvals.decide(auth.login("supervisor", PASSWORD), request.id, True, "checked")
    decided = [e for e in AuditLog.entries(store.db) if e.action == "approval.decided"][0]
    assert decided.actor == "supervisor" and decided.detail["requested_by"] == "clerk"
    assert "smudged" not in str(decided.detail)  # free-text reasons stay out of the trail


def test_personal_data_cannot_enter_the_trail(store, applicants):
    with pytest.raises(ValueError), store.transaction() as db:
        AuditLog.append(db, "clerk", "export", {"name": applicants[0].name})
    with pytest.raises(ValueError), store.transaction() as db:
        AuditLog.append(db, "clerk", "export", {"who": applicants[0].document_number})


def test_identifiers_that_merely_contain_digit_runs_are_not_personal_data(store):
    # a UUID whose last group looks like a mobile number once in ~100 ids: refusing it would make one
    # action in a hundred fail at random
    with store.transaction() as db:
        AuditLog.append(db, "clerk", "export", {"issuance_id": "5f0c2d1e-8a7b-4c3d-9e2f-c13912345678"})
    with pytest.raises(ValueError), store.transaction() as db:
        AuditLog.append(db, "clerk", "export", {"phone": "13912345678"})


def test_the_application_cannot_change_or_delete_a_row(store, people):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError), store.transaction() as db:
        db.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as db:
        db.execute("DELETE FROM audit_log WHERE seq = 1")
