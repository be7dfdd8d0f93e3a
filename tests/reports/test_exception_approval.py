"""The exception list: spoiled cards, approval requests, ledger conflicts and refusals, decided in
batches with one re-authentication — and never by the person who did what is decided."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.services.approvals import ApprovalService
from counter_app.services.auth import Role, SeparationOfDuties, Session
from counter_app.services.exceptions import ExceptionKind, ExceptionProblem, ExceptionService
from counter_app.services.login import LoginFailed
from counter_app.services.users import UserService
from counter_app.store.clock import to_db_time

from .conftest import supervisor
from .history import TZ, write_history

PASSWORD = "Kx7-desk-Counter-42"


def _add_conflict(store, seq: int) -> None:
    with store.transaction() as db:
        db.execute("INSERT INTO ledger_conflicts (kind, seq, event_id, detail, received_at) VALUES (?, ?, ?, ?, ?)",
                   ("second_active_card", seq, f"ev-{seq}", '{"card_number": "T00001001"}',
                    to_db_time(dt.datetime(2025, 3, 10, 12, tzinfo=TZ))))


def _add_refusal(store) -> None:
    with store.transaction() as db:
        db.execute("INSERT INTO sync_refusals (at, request, http_status, error_code, message, first_seq, last_seq) "
                   "VALUES (?, 'batch', 422, 'malformed_request', 'bad', 1, 20)",
                   (to_db_time(dt.datetime(2025, 3, 10, 12, tzinfo=TZ)),))


def test_the_list_holds_every_kind_of_open_exception(fresh_store, clock, boss):
    ids = write_history(fresh_store, clock)
    (seq,) = fresh_store.db.execute("SELECT min(seq) FROM outbox WHERE issuance_id = ?",
                                    (ids["issued"][0],)).fetchone()
    _add_conflict(fresh_store, seq)
    _add_refusal(fresh_store)
    ApprovalService(fresh_store).request_approval(supervisor("clerk-a"), "reprint", ids["reprinted"][0], "smudged")
    items = ExceptionService(fresh_store).open_items(boss)
    assert sorted(i.kind for i in items) == sorted([ExceptionKind.SPOILED_CARD, ExceptionKind.LEDGER_CONFLICT,
                                                    ExceptionKind.SYNC_REFUSAL, ExceptionKind.REPRINT])
    conflict = next(i for i in items if i.kind is ExceptionKind.LEDGER_CONFLICT)
    assert conflict.done_by == "clerk-a"  # the clerk of the issuance whose event the ledger flagged


def test_several_items_are_decided_at_once_and_leave_the_list(fresh_store, clock, boss):
    write_history(fresh_store, clock)
    _add_refusal(fresh_store)
    service = ExceptionService(fresh_store)
    keys = [i.key for i in service.open_items(boss)]
    assert service.decide(boss, keys, approve=True, reason="checked with the printer log") == 2
    assert service.open_items(boss) == []
    (resolved,) = fresh_store.db.execute("SELECT resolved_at FROM sync_refusals").fetchone()
    assert resolved is not None
    decisions = fresh_store.db.execute("SELECT detail FROM audit_log WHERE action = 'exception.decided'").fetchall()
    assert len(decisions) == 2


def test_the_clerk_who_spoiled_a_card_cannot_approve_it(fresh_store, clock):
    write_history(fresh_store, clock)
    clerk_a_as_supervisor = supervisor("clerk-a")  # promoted since, but it was their act
    service = ExceptionService(fresh_store)
    [item] = service.open_items(clerk_a_as_supervisor)
    with pytest.raises(SeparationOfDuties):
        service.decide(clerk_a_as_supervisor, [item.key], approve=True, reason="fine")
    assert [i.key for i in service.open_items(clerk_a_as_supervisor)] == [item.key]


def test_a_batch_with_one_own_item_decides_nothing(fresh_store, clock, boss):
    ids = write_history(fresh_store, clock)
    ApprovalService(fresh_store).request_approval(boss, "reprint", ids["reprinted"][0], "smudged")
    service = ExceptionService(fresh_store)
    keys = [i.key for i in service.open_items(boss)]
    assert len(keys) == 2
    with pytest.raises(SeparationOfDuties):
        service.decide(boss, keys, approve=False, reason="no")
    assert len(service.open_items(boss)) == 2
    # Another supervisor may decide both.
    assert service.decide(supervisor("deputy"), keys, approve=False, reason="no") == 2


def test_a_logged_in_supervisor_re_authenticates_once_per_batch(fresh_store, clock):
    write_history(fresh_store, clock)
    operator = Session.local_operator()
    creds = UserService(fresh_store).add(operator, "wang", Role.SUPERVISOR, "", password=PASSWORD)
    wang = supervisor("wang", user_id=creds.user.id)
    service = ExceptionService(fresh_store)
    keys = [i.key for i in service.open_items(wang)]
    with pytest.raises(LoginFailed):
        service.decide(wang, keys, approve=True, reason="ok", password="wrong")
    with pytest.raises(LoginFailed):
        service.decide(wang, keys, approve=True, reason="ok")
    assert service.decide(wang, keys, approve=True, reason="ok", password=PASSWORD) == 1


def test_a_decision_needs_a_reason_and_is_taken_once(fresh_store, clock, boss):
    write_history(fresh_store, clock)
    service = ExceptionService(fresh_store)
    [item] = service.open_items(boss)
    with pytest.raises(ExceptionProblem):
        service.decide(boss, [item.key], approve=True, reason="  ")
    service.decide(boss, [item.key], approve=True, reason="seen")
    with pytest.raises(ExceptionProblem):
        service.decide(supervisor("deputy"), [item.key], approve=False, reason="again")


def test_the_reasons_are_sealed_in_the_file_and_read_back_in_clear(fresh_store, clock, boss):
    # A reason may quote a name: the review's and the request's are sealed by the store.
    ids = write_history(fresh_store, clock)
    request = ApprovalService(fresh_store).request_approval(supervisor("clerk-a"), "reprint", ids["reprinted"][0],
                                                            "王小明 的卡面污损")
    service = ExceptionService(fresh_store)
    keys = [i.key for i in service.open_items(boss)]
    assert service.decide(boss, keys, approve=True, reason="与王小明本人核对") == 2
    (review,) = fresh_store.db.execute("SELECT reason FROM exception_reviews").fetchone()
    sealed = fresh_store.db.execute("SELECT reason, decision_reason FROM approvals").fetchone()
    for blob in (review, *sealed):
        assert "王小明".encode() not in blob
    decided = ApprovalService(fresh_store)._get(request.id)
    assert (decided.reason, decided.decision_reason) == ("王小明 的卡面污损", "与王小明本人核对")
