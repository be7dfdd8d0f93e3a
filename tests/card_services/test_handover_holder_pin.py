"""Hand-over needs the holder's own PIN: a card never leaves the counter with the stock's initial PIN.

The holder's PIN replaces the initial PIN (a setting nobody types) on *this issuance's* card; only then
may the printed card become ``issued``. A replacement handed over makes the person's earlier card final.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from counter_app.card.errors import NotThisIssuancesCard
from counter_app.domain.applicant import ApplicationType, ReplacementReason
from counter_app.domain.issuance import IssuanceAction, IssuanceState
from counter_app.domain.pin import pin_buffer
from counter_app.services.card_services import CardStatus
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import HolderPinNotSet, IssuanceService
from counter_app.store.card_numbers import CardNumberBlocks
from tests.card_services.conftest import NOW, OPERATOR, FakeEncoder, card_services, personalize


def printed(store, encoder, applicant, number="X00000019") -> str:
    issuance_id = personalize(store, encoder, applicant, number)
    issuances = IssuanceService(store)
    for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
        issuances.advance(issuance_id, action, OPERATOR.actor)
    return issuance_id


def test_hand_over_is_refused_while_the_card_has_the_initial_pin(fresh_store, encoder, applicant):
    issuance_id = printed(fresh_store, encoder, applicant)
    issuances = IssuanceService(fresh_store)
    with pytest.raises(HolderPinNotSet) as refused:
        issuances.hand_over(OPERATOR, issuance_id)
    assert "持卡人尚未设置自己的密码" in refused.value.message("zh")
    assert issuances.get(issuance_id).state is IssuanceState.PRINTED


def test_the_holders_pin_on_this_card_lets_the_card_be_handed_over(fresh_store, encoder, applicant):
    issuance_id = printed(fresh_store, encoder, applicant)
    svc = card_services(fresh_store, encoder)
    pin = pin_buffer("135790")
    outcome = svc.set_holder_pin(OPERATOR, pin, card_id=IssuanceService(fresh_store).get(issuance_id).card_id)
    assert pin == bytearray()  # wiped
    assert outcome.issuance_id == issuance_id
    issuances = IssuanceService(fresh_store)
    assert issuances.get(issuance_id).holder_pin_set
    assert issuances.hand_over(OPERATOR, issuance_id).state is IssuanceState.ISSUED
    svc.verify_pin(OPERATOR, pin_buffer("135790"))  # the card took the holder's PIN


def test_another_card_in_the_encoder_is_refused_before_its_pin_changes(fresh_store, vdevices, applicant):
    from devices.vcard import stock

    paths, psam = vdevices
    first, other = stock.make_blank(2, paths)
    issuance_id = printed(fresh_store, FakeEncoder(first, psam), applicant)
    svc = card_services(fresh_store, FakeEncoder(other, psam))
    card_id = IssuanceService(fresh_store).get(issuance_id).card_id
    with pytest.raises(NotThisIssuancesCard):
        svc.set_holder_pin(OPERATOR, pin_buffer("135790"), card_id=card_id)
    assert not IssuanceService(fresh_store).get(issuance_id).holder_pin_set
    svc.change_pin(OPERATOR, pin_buffer("123456"), pin_buffer("246801"))  # still the initial PIN


def test_a_replacement_handed_over_makes_the_earlier_card_final(fresh_store, vdevices, applicant):
    from devices.vcard import stock

    paths, psam = vdevices
    first, second = stock.make_blank(2, paths)
    with fresh_store.transaction() as db:
        CardNumberBlocks(db).add_block("block-2", "X00000027", 1, at=NOW)
    old_id = printed(fresh_store, FakeEncoder(first, psam), applicant, "X00000019")
    issuances = IssuanceService(fresh_store)
    card_services(fresh_store, FakeEncoder(first, psam)).set_holder_pin(OPERATOR, pin_buffer("135790"))
    old = issuances.hand_over(OPERATOR, old_id)

    damaged = replace(applicant, application_type=ApplicationType.REPLACEMENT, reason=ReplacementReason.DAMAGED)
    new_id = IntakeService(fresh_store).open_application(OPERATOR, damaged)
    IntakeService(fresh_store).accept_photo(OPERATOR, new_id, None)
    from counter_app.card.profile import load_profile
    from counter_app.services.encoding import EncoderSettings, EncodingService

    EncodingService(fresh_store, FakeEncoder(second, psam), EncoderSettings(profile=load_profile(),
                                                                             write_photo=False)).encode(OPERATOR, new_id)
    for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
        issuances.advance(new_id, action, OPERATOR.actor)
    svc = card_services(fresh_store, FakeEncoder(second, psam))
    svc.set_holder_pin(OPERATOR, pin_buffer("246801"))
    issuances.hand_over(OPERATOR, new_id)

    assert svc.status(OPERATOR, old.card_number) is CardStatus.REPLACED
    last = fresh_store.db.execute("SELECT type, payload FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    assert last[0] == "issuance.transition"
    assert json.loads(last[1])["replaces_card_number"] == old.card_number
    statuses = fresh_store.db.execute("SELECT count(*) FROM outbox WHERE type = 'card.status_changed'").fetchone()
    assert statuses[0] == 0  # the ledger learns it from the hand-over: once
