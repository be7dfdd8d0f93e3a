"""The issuance service: each transition writes state, event and outbox row in one transaction.

Either all three are on disk or none is: an illegal action, a stale screen, or a failure half-way
through the writes leaves the issuance exactly as it was.
"""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.issuance import IllegalTransition, IssuanceAction, IssuanceState, ReasonRequired
from counter_app.services.auth import Session
from counter_app.services.issuance import (
    CardFieldConflict,
    IssuanceNotFound,
    IssuanceService,
    StaleIssuance,
)
from counter_app.store.outbox import OutboxRepository

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator

A, S = IssuanceAction, IssuanceState
CARD = {"card_number": "X00000019", "card_id": "421303D15600000500AABBCCDDEEFF01", "atr": "3B6D00000081"}


def counts(store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("issuances", "issuance_events", "outbox")}


def to_state(service, issuance_id, *actions, **fields):
    for action in actions:
        service.advance(issuance_id, action, "clerk-1", **fields)
    return service.get(issuance_id)


def test_start_creates_a_draft_with_its_first_event_and_outbox_row(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    issuance = service.get(issuance_id)
    assert issuance.state is S.DRAFT and issuance.version == 1
    assert issuance.applicant == applicant
    [event] = service.history(issuance_id)
    assert (event.from_state, event.to_state, event.action, event.actor) == (None, S.DRAFT, "start", "clerk-1")
    [queued] = OutboxRepository(fresh_store.db).for_issuance(issuance_id)
    assert queued.type == "issuance.transition" and queued.payload["to_state"] == "draft"


def test_a_transition_writes_state_event_audit_row_and_outbox_rows(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    before = counts(fresh_store)
    after = service.advance(issuance_id, A.CHECK_APPLICANT, "clerk-1", rule_set="2024")
    assert after.state is S.APPLICANT_OK and after.version == 2
    assert counts(fresh_store) == {**before, "issuance_events": before["issuance_events"] + 1,
                                   "outbox": before["outbox"] + 1}
    audit = fresh_store.db.execute("SELECT seq, actor, action, detail, hash FROM audit_log "
                                   "ORDER BY seq DESC LIMIT 1").fetchone()
    assert audit[1:3] == ("clerk-1", "issuance.transition")
    assert '"to":"applicant_ok"' in audit[3]
    event = service.history(issuance_id)[-1]
    assert (event.from_state, event.to_state, event.action) == (S.DRAFT, S.APPLICANT_OK, "check_applicant")
    assert event.detail == {"rule_set": "2024"}
    queued = OutboxRepository(fresh_store.db).for_issuance(issuance_id)[-1]
    assert queued.type == "issuance.transition"
    assert queued.payload["from_state"] == "draft" and queued.payload["to_state"] == "applicant_ok"
    assert queued.payload["event_seq"] == event.seq
    # the audit row rides along, so the ledger anchors the audit chain
    assert (queued.payload["audit_seq"], queued.payload["audit_hash"]) == (audit[0], audit[4])


def test_the_outbox_payload_carries_no_clear_personal_data(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    to_state(service, issuance_id, A.CHECK_APPLICANT)
    for queued in OutboxRepository(fresh_store.db).for_issuance(issuance_id):
        text = str(queued.payload)
        for personal in (applicant.name, applicant.document_number, applicant.phone, applicant.address):
            assert personal not in text


def test_an_illegal_action_writes_nothing(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    before = counts(fresh_store)
    with pytest.raises(IllegalTransition):
        service.advance(issuance_id, A.HAND_OVER, "clerk-1")
    assert counts(fresh_store) == before
    assert service.get(issuance_id).version == 1


def test_a_failure_between_the_writes_leaves_nothing_written(fresh_store, applicant, monkeypatch):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    before = counts(fresh_store)

    def outbox_down(*args, **kwargs):
        raise OSError("disk full while queueing the event")

    monkeypatch.setattr(OutboxRepository, "append", outbox_down)
    with pytest.raises(OSError):
        service.advance(issuance_id, A.CHECK_APPLICANT, "clerk-1")
    issuance = service.get(issuance_id)
    assert issuance.state is S.DRAFT and issuance.version == 1
    assert counts(fresh_store) == before
    assert len(service.history(issuance_id)) == 1


def test_a_stale_version_is_refused_and_writes_nothing(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    service.advance(issuance_id, A.CHECK_APPLICANT, "clerk-1", expected_version=1)
    before = counts(fresh_store)
    with pytest.raises(StaleIssuance):
        service.advance(issuance_id, A.ACCEPT_PHOTO, "clerk-2", expected_version=1)
    assert counts(fresh_store) == before


def test_an_unknown_issuance_is_reported(fresh_store):
    with pytest.raises(IssuanceNotFound):
        IssuanceService(fresh_store).advance("no-such-id", A.CANCEL, "clerk-1", failure_reason="x")


def test_the_whole_way_to_issued_is_in_the_history(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    service.advance(issuance_id, A.CHECK_APPLICANT, "clerk-1")
    service.advance(issuance_id, A.ACCEPT_PHOTO, "clerk-1", photo=b"\xff\xd8jpeg")
    service.advance(issuance_id, A.START_ENCODING, "clerk-1", card_number=CARD["card_number"])
    service.advance(issuance_id, A.FINISH_ENCODING, "clerk-1", card_id=CARD["card_id"], atr=CARD["atr"])
    for action in (A.START_PRINTING, A.FINISH_PRINTING, A.HAND_OVER):
        service.advance(issuance_id, action, "clerk-1")
    issuance = service.get(issuance_id)
    assert issuance.state is S.ISSUED and issuance.version == 8
    assert (issuance.card_number, issuance.card_id, issuance.atr) == tuple(CARD.values())
    assert service.photo(issuance_id) == b"\xff\xd8jpeg" and issuance.has_photo
    assert [e.to_state for e in service.history(issuance_id)] == [
        S.DRAFT, S.APPLICANT_OK, S.PHOTO_OK, S.ENCODING, S.ENCODED, S.PRINTING, S.PRINTED, S.ISSUED]
    issued = OutboxRepository(fresh_store.db).for_issuance(issuance_id)[-1]
    assert issued.type == "issuance.transition" and issued.payload["to_state"] == "issued"
    assert {k: issued.payload[k] for k in CARD} == CARD


def test_a_recorded_card_number_is_never_replaced(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    to_state(service, issuance_id, A.CHECK_APPLICANT, A.ACCEPT_PHOTO)
    service.advance(issuance_id, A.START_ENCODING, "clerk-1", card_number="X00000019")
    with pytest.raises(CardFieldConflict):
        service.advance(issuance_id, A.FINISH_ENCODING, "clerk-1", card_number="100000017")
    assert service.get(issuance_id).state is S.ENCODING


def test_a_card_number_belongs_to_one_issuance_only(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    first, second = service.start(applicant, "clerk-1"), service.start(applicant, "clerk-1")
    for issuance_id in (first, second):
        to_state(service, issuance_id, A.CHECK_APPLICANT, A.ACCEPT_PHOTO)
    service.advance(first, A.START_ENCODING, "clerk-1", card_number="X00000019")
    with pytest.raises(CardFieldConflict):
        service.advance(second, A.START_ENCODING, "clerk-1", card_number="X00000019")


def test_cancel_needs_a_reason_and_keeps_it(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    with pytest.raises(ReasonRequired):
        service.cancel(OPERATOR, issuance_id, "  ")
    cancelled = service.cancel(OPERATOR, issuance_id, "申请人离开")
    assert cancelled.state is S.CANCELLED and cancelled.failure_reason == "申请人离开"
    assert OutboxRepository(fresh_store.db).for_issuance(issuance_id)[-1].payload["failure_reason"] == "申请人离开"


def test_a_retry_clears_the_failure_reason_and_the_history_keeps_it(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    to_state(service, issuance_id, A.CHECK_APPLICANT, A.ACCEPT_PHOTO, A.START_ENCODING)
    failed = service.advance(issuance_id, A.FAIL_ENCODING, "clerk-1", failure_reason="6A82 at EF05")
    assert failed.failure_reason == "6A82 at EF05"
    retried = service.advance(issuance_id, A.RETRY_ENCODING, "clerk-1")
    assert retried.state is S.ENCODING and retried.failure_reason is None
    assert service.history(issuance_id)[-2].detail == {"failure_reason": "6A82 at EF05"}


def test_issuances_of_a_day_are_listed_by_local_day(fresh_store, applicant):
    beijing = dt.timezone(dt.timedelta(hours=8))
    moments = iter([dt.datetime(2025, 3, 6, 23, 59, tzinfo=beijing),
                    dt.datetime(2025, 3, 7, 0, 1, tzinfo=beijing),
                    dt.datetime(2025, 3, 8, 0, 0, tzinfo=beijing)])
    service = IssuanceService(fresh_store, clock=lambda: next(moments))
    ids = [service.start(applicant, "clerk-1") for _ in range(3)]
    assert [i.id for i in service.list_for_day(dt.date(2025, 3, 7), tz=beijing)] == [ids[1]]
