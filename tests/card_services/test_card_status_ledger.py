"""Card status changes at the counter reach the real ledger exactly once, and after a formal loss and
its replacement the person holds one active card only."""

from __future__ import annotations

import pytest

from counter_app.domain.issuance import IssuanceAction
from counter_app.services.card_services import CardStatus, StatusChangeRefused
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.card_numbers import CardNumberBlocks
from tests.card_services.conftest import OPERATOR, card_services
from tests.sync.conftest import assert_ledger_holds_exactly, drain_with_worker

CARD_ID = "421303D1560000050123456789ABCDEF"


def hand_over(store, issuance_id: str) -> str:
    """Take an issuance from applicant_ok to issued with the counter's next card number."""
    with store.transaction() as db:
        number = CardNumberBlocks(db).take_next()
    IntakeService(store).accept_photo(OPERATOR, issuance_id, None)
    issuances = IssuanceService(store)
    issuances.advance(issuance_id, IssuanceAction.START_ENCODING, OPERATOR.actor, card_number=number)
    issuances.advance(issuance_id, IssuanceAction.FINISH_ENCODING, OPERATOR.actor, card_id=CARD_ID, atr="3B00")
    for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING, IssuanceAction.HAND_OVER):
        issuances.advance(issuance_id, action, OPERATOR.actor)
    return number


def ledger_cards(ledger) -> dict[str, tuple[str, str]]:
    return {n: (s, p) for n, s, p in ledger.query("SELECT card_number, status, person_index FROM cards")}


def test_status_changes_reach_the_ledger_once_and_a_replacement_leaves_one_active_card(
        counter, ledger, applicant):
    store = counter.store
    old = hand_over(store, IntakeService(store).open_application(OPERATOR, applicant))
    svc = card_services(store, encoder=None)

    svc.set_status(OPERATOR, old, CardStatus.TEMPORARY_LOSS, "holder_request")
    svc.set_status(OPERATOR, old, CardStatus.ACTIVE, "found")  # cancel the temporary loss
    loss = svc.set_status(OPERATOR, old, CardStatus.LOSS, "holder_request")
    replacement = IssuanceService(store).get(loss.replacement_issuance_id)
    assert replacement.applicant.application_type.value == "replacement"
    assert replacement.applicant.reason.value == "11"
    assert replacement.applicant.document_number == applicant.document_number
    new = hand_over(store, loss.replacement_issuance_id)

    drain_with_worker(counter, ledger)
    assert_ledger_holds_exactly(ledger, counter)
    [(sent,)] = ledger.query("SELECT count(*) FROM events WHERE type = 'card.status_changed'")
    [(conflicts,)] = ledger.query("SELECT count(*) FROM conflicts")
    assert sent == 3 and conflicts == 0
    cards = ledger_cards(ledger)
    assert cards[old][0] == "loss" and cards[new][0] == "active"
    person = cards[new][1]
    assert [n for n, (s, p) in cards.items() if p == person and s == "active"] == [new]

    # the lost card's status is final: it can never be active (nor lost again) beside the new one
    for wanted in (CardStatus.ACTIVE, CardStatus.LOSS, CardStatus.TEMPORARY_LOSS):
        with pytest.raises(StatusChangeRefused):
            svc.set_status(OPERATOR, old, wanted, "holder_request")
    assert counter.pending() == 0


def test_a_reason_must_be_a_code_and_nothing_is_recorded_otherwise(counter, applicant):
    from counter_app.services.card_services import InvalidReasonCode

    store = counter.store
    number = hand_over(store, IntakeService(store).open_application(OPERATOR, applicant))
    before = len(counter.outbox())
    with pytest.raises(InvalidReasonCode):
        card_services(store, encoder=None).set_status(OPERATOR, number, "temporary_loss", "持卡人遗失")
    assert len(counter.outbox()) == before
    assert card_services(store, encoder=None).status(OPERATOR, number) is CardStatus.ACTIVE
