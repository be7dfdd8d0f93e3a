"""The counter queues exactly the event types the ledger documents: one ``issuance.transition`` per
transition, and ``card_number.void`` when a numbered card is spoiled or its issuance cancelled."""

from counter_app.domain.issuance import IssuanceAction as A
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.services.seed import random_applicant
from counter_app.store.outbox import OutboxRepository

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator


def _encoding(store, number):
    import random

    intake = IntakeService(store)
    issuance_id = intake.open_application(OPERATOR, random_applicant(random.Random(number)))
    intake.accept_photo(OPERATOR, issuance_id, None)
    IssuanceService(store).advance(issuance_id, A.START_ENCODING, "clerk", card_number=number)
    return issuance_id


def test_a_spoiled_card_reports_its_number_void_in_the_same_transaction(counter):
    issuances = IssuanceService(counter.store)
    issuance_id = _encoding(counter.store, "L00000011")
    issuances.advance(issuance_id, A.FAIL_ENCODING, "clerk")
    issuances.advance(issuance_id, A.SPOIL, "clerk", failure_reason="chip write failed")
    types = [(e.type, e.payload.get("to_state")) for e in OutboxRepository(counter.store.db).for_issuance(issuance_id)]
    assert {t for t, _ in types} == {"issuance.transition", "card_number.void"}
    assert types[-2:] == [("issuance.transition", "spoiled"), ("card_number.void", None)]
    void = OutboxRepository(counter.store.db).for_issuance(issuance_id)[-1]
    assert void.payload["card_number"] == "L00000011" and void.payload["reason"] == "spoiled"


def test_a_cancelled_issuance_reports_its_number_void_only_if_it_had_one(counter):
    issuances = IssuanceService(counter.store)
    numbered = _encoding(counter.store, "L0000002X")
    issuances.cancel(OPERATOR, numbered, "applicant left")
    assert OutboxRepository(counter.store.db).for_issuance(numbered)[-1].type == "card_number.void"
    intake = IntakeService(counter.store)
    import random

    plain = intake.open_application(OPERATOR, random_applicant(random.Random(3)))
    issuances.cancel(OPERATOR, plain, "applicant left")
    assert [e.type for e in OutboxRepository(counter.store.db).for_issuance(plain)] == ["issuance.transition"] * 3
