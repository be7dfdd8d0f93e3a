"""Exceptions need a second person: nobody decides their own request, and only supervisors decide."""

from __future__ import annotations

import pytest

from counter_app.services.approvals import ApprovalProblem, ApprovalService, Decision
from counter_app.services.auth import PermissionDenied, SeparationOfDuties
from tests.security.conftest import PASSWORD


@pytest.fixture
def approvals(store, clock):
    return ApprovalService(store, clock=clock)


def test_a_clerk_requests_and_a_supervisor_approves(auth, people, approvals):
    clerk = auth.login("clerk", PASSWORD)
    request = approvals.request_approval(clerk, "reprint", "issuance-1", "ribbon ran out half-way")
    supervisor = auth.login("supervisor", PASSWORD)
    decided = approvals.decide(supervisor, request.id, True, "checked the spoiled face")
    assert decided.decision is Decision.APPROVED and decided.decided_by_name == "supervisor"
    assert approvals.approved("reprint", "issuance-1").id == request.id


def test_a_clerk_cannot_approve_their_own_request(auth, people, approvals):
    clerk = auth.login("clerk", PASSWORD)
    request = approvals.request_approval(clerk, "spoiled_override", "issuance-2", "card looks fine")
    with pytest.raises(PermissionDenied):
        approvals.decide(clerk, request.id, True, "ok")
    assert approvals.approved("spoiled_override", "issuance-2") is None


def test_a_supervisor_cannot_approve_their_own_request_either(auth, people, approvals):
    supervisor = auth.login("supervisor", PASSWORD)
    request = approvals.request_approval(supervisor, "substitute_name", "issuance-3", "rare character")
    with pytest.raises(SeparationOfDuties) as refused:
        approvals.decide(supervisor, request.id, True, "fine")
    assert "另一位主管" in refused.value.message("zh")
    other = auth.login("supervisor2", PASSWORD)
    assert approvals.decide(other, request.id, True, "checked").decision is Decision.APPROVED


def test_a_decision_is_taken_once(auth, people, approvals):
    clerk = auth.login("clerk", PASSWORD)
    request = approvals.request_approval(clerk, "reprint", "issuance-4", "smudged")
    approvals.decide(auth.login("supervisor", PASSWORD), request.id, False, "not needed")
    with pytest.raises(ApprovalProblem):
        approvals.decide(auth.login("supervisor2", PASSWORD), request.id, True, "changed my mind")


def test_the_table_refuses_a_self_approval_written_around_the_service(auth, people, approvals, store):
    import sqlite3

    clerk = auth.login("clerk", PASSWORD)
    request = approvals.request_approval(clerk, "reprint", "issuance-5", "smudged")
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as db:
        db.execute("UPDATE approvals SET decision = 'approved', decided_by = requested_by, decided_by_name = 'clerk', "
                   "decided_at = '2025-03-07T08:00:00.000000Z' WHERE id = ?", (request.id,))


def test_a_technician_cannot_request_an_exception(auth, people, approvals):
    with pytest.raises(PermissionDenied):
        approvals.request_approval(auth.login("technician", PASSWORD), "reprint", "issuance-6", "why not")
