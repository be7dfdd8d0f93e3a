"""The holder activates in person a card an agent collected: the card in the encoder, the holder's own PIN
chosen on the pad (the card still had the stock's initial PIN) or verified; then 正常, audited, the ledger's
status event, and the activation and status-change reports queued. Anything else is refused in plain words
before the card changes. (In process; the same over the real pcscd: test_activation_pcscd.py.)"""

from __future__ import annotations

import pytest

from counter_app.card.errors import WrongPin
from counter_app.domain.card_status import CardStatus, NotAwaitingActivation, StatusChangeRefused
from counter_app.domain.pin import WeakPin, pin_buffer
from counter_app.services.activation import ActivationService, PinRequired, WrongCardInEncoder
from counter_app.services.auth import PermissionDenied, Role
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditLog
from tests.activation.conftest import HOLDER_PIN, activation, card_services, outbox, printed, reports
from tests.card_services.conftest import NOW, OPERATOR, FakeEncoder


def collected_by_agent(store, encoder, applicant) -> str:
    issuance_id = printed(store, encoder, applicant)
    IssuanceService(store).hand_over(OPERATOR, issuance_id, by_agent=True)
    return IssuanceService(store).get(issuance_id).card_number


def test_the_holder_chooses_the_pin_and_the_card_becomes_active(fresh_store, encoder, with_agent):
    number = collected_by_agent(fresh_store, encoder, with_agent)
    svc = activation(fresh_store, encoder)
    assert svc.needs_new_pin(OPERATOR, number)
    pin = pin_buffer(HOLDER_PIN)
    done = svc.activate(OPERATOR, number, pin)

    assert pin == bytearray()  # wiped
    assert done.pin_chosen and done.change.from_status is CardStatus.NOT_ACTIVATED
    cards = card_services(fresh_store, encoder)
    assert cards.status(OPERATOR, number) is CardStatus.ACTIVE
    cards.verify_pin(OPERATOR, pin_buffer(HOLDER_PIN))  # the card took the holder's PIN
    assert IssuanceService(fresh_store).get(done.issuance_id).holder_pin_set
    queued = reports(fresh_store)
    assert [r["kind"] for r in queued] == ["completion", "activation", "status_change"]
    assert {k: queued[1][k] for k in ("card_number", "issuance_id", "application", "by")} == {
        "card_number": number, "issuance_id": done.issuance_id, "application": "social_security", "by": "holder"}
    assert (queued[2]["status"], queued[2]["status_code"], queued[2]["from_status"]) == ("active", "1", "not_activated")
    event = outbox(fresh_store, "card.status_changed")[-1]
    assert (event["card_number"], event["status"], event["from_status"], event["reason"]) == (
        number, "active", "not_activated", "holder_activation")
    audit = [e for e in AuditLog.entries(fresh_store.db, limit=100) if e.action == "card.status_changed"]
    assert audit[-1].detail["action"] == "activate" and audit[-1].detail["to"] == "active"
    assert HOLDER_PIN not in str([e.detail for e in AuditLog.entries(fresh_store.db, limit=100)])


def test_a_holder_who_set_a_pin_enters_it(fresh_store, encoder, with_agent):
    issuance_id = printed(fresh_store, encoder, with_agent)
    issuances = IssuanceService(fresh_store)
    card_services(fresh_store, encoder).set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN))
    number = issuances.hand_over(OPERATOR, issuance_id, by_agent=True).card_number  # PIN set, then the agent took it
    svc = activation(fresh_store, encoder)
    assert not svc.needs_new_pin(OPERATOR, number)
    with pytest.raises(WrongPin) as wrong:
        svc.activate(OPERATOR, number, pin_buffer("975310"))
    assert wrong.value.tries_left == 2
    assert card_services(fresh_store, encoder).status(OPERATOR, number) is CardStatus.NOT_ACTIVATED
    done = svc.activate(OPERATOR, number, pin_buffer(HOLDER_PIN))
    assert not done.pin_chosen and card_services(fresh_store, encoder).status(OPERATOR, number) is CardStatus.ACTIVE


def test_an_active_card_is_refused_in_plain_words(fresh_store, encoder, with_agent):
    issuance_id = printed(fresh_store, encoder, with_agent)
    card_services(fresh_store, encoder).set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN))
    number = IssuanceService(fresh_store).hand_over(OPERATOR, issuance_id).card_number
    before = len(reports(fresh_store))
    with pytest.raises(NotAwaitingActivation) as refused:
        activation(fresh_store, encoder).activate(OPERATOR, number, pin_buffer(HOLDER_PIN))
    assert isinstance(refused.value, StatusChangeRefused)
    assert refused.value.message("zh") == f"卡 {number} 当前状态为“正常”，不是“未启用”，不需要也不能激活。"
    assert "is active, not 'not activated'" in refused.value.message("en")
    assert len(reports(fresh_store)) == before


def test_refusals_before_the_card_changes(fresh_store, vdevices, encoder, with_agent):
    from devices.vcard import stock

    number = collected_by_agent(fresh_store, encoder, with_agent)
    svc = activation(fresh_store, encoder)
    with pytest.raises(WeakPin):
        svc.activate(OPERATOR, number, pin_buffer("111111"))
    with pytest.raises(PinRequired):
        svc.activate(OPERATOR, number)
    paths, psam = vdevices
    other = stock.make_blank(1, paths)[0]
    with pytest.raises(WrongCardInEncoder) as wrong:
        ActivationService(fresh_store, card_services(fresh_store, FakeEncoder(other, psam)),
                          clock=lambda: NOW).activate(OPERATOR, number, pin_buffer(HOLDER_PIN))
    assert number in wrong.value.message("zh")
    clerkless = OPERATOR.__class__(None, "tech", Role.TECHNICIAN, "", NOW, NOW, clock=lambda: NOW)
    with pytest.raises(PermissionDenied):
        svc.activate(clerkless, number, pin_buffer(HOLDER_PIN))
    assert card_services(fresh_store, encoder).status(OPERATOR, number) is CardStatus.NOT_ACTIVATED
    card_services(fresh_store, encoder).change_pin(OPERATOR, pin_buffer("123456"), pin_buffer("246801"))  # initial


def test_the_holder_types_the_new_pin_on_the_readers_keypad(fresh_store, encoder, with_agent):
    number = collected_by_agent(fresh_store, encoder, with_agent)
    pad = FakeEncoder(encoder.card_path, encoder.psam_path, keypad=[HOLDER_PIN, HOLDER_PIN])
    done = activation(fresh_store, pad).activate(OPERATOR, number, on_reader=True)
    assert done.pin_chosen and card_services(fresh_store, encoder).status(OPERATOR, number) is CardStatus.ACTIVE
    card_services(fresh_store, encoder).verify_pin(OPERATOR, pin_buffer(HOLDER_PIN))
