"""应用锁定 → 正常: the holder's PIN reset at the counter (identity proved, PSAM secure messaging) unlocks a
locked card, recorded as the ``unlock`` change, queued for the ledger and card management, audited."""

from __future__ import annotations

from counter_app.domain.card_status import CardStatus
from counter_app.domain.pin import pin_buffer
from counter_app.services.issuance import IssuanceService
from tests.activation.conftest import HOLDER_PIN, card_services, outbox, printed, reports
from tests.card_services.conftest import OPERATOR

ID_NUMBER = "421303199003070019"  # the sample applicant's


def test_a_pin_reset_unlocks_a_locked_card(fresh_store, encoder, applicant):
    issuance_id = printed(fresh_store, encoder, applicant)
    svc = card_services(fresh_store, encoder)
    svc.set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN))
    number = IssuanceService(fresh_store).hand_over(OPERATOR, issuance_id).card_number
    svc.set_status(OPERATOR, number, CardStatus.LOCKED, "holder_request")
    assert svc.status(OPERATOR, number) is CardStatus.LOCKED

    svc.reset_pin(OPERATOR, pin_buffer("246801"), id_number=ID_NUMBER)

    assert svc.status(OPERATOR, number) is CardStatus.ACTIVE
    last = outbox(fresh_store, "card.status_changed")[-1]
    assert (last["from_status"], last["status"], last["reason"]) == ("locked", "active", "pin_reset")
    assert [(r["from_status"], r["status"]) for r in reports(fresh_store, "status_change")] == [
        ("active", "locked"), ("locked", "active")]


def test_a_pin_reset_on_an_active_card_changes_no_status(fresh_store, encoder, applicant):
    issuance_id = printed(fresh_store, encoder, applicant)
    svc = card_services(fresh_store, encoder)
    svc.set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN))
    number = IssuanceService(fresh_store).hand_over(OPERATOR, issuance_id).card_number
    svc.reset_pin(OPERATOR, pin_buffer("246801"), id_number=ID_NUMBER)
    assert svc.status(OPERATOR, number) is CardStatus.ACTIVE
    assert outbox(fresh_store, "card.status_changed") == [] and reports(fresh_store, "status_change") == []
