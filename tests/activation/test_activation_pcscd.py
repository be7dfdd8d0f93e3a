"""Over the real pcscd with the simulated card (vsmartcard-vpcd): a card collected by an agent stays 未启用
with the stock's initial PIN on the chip; the holder comes in person, chooses their PIN, and the card becomes
正常 with the activation and status-change reports queued; the chip holds the holder's PIN."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app.card.profile import load_profile
from counter_app.domain.card_status import CardStatus, NotAwaitingActivation
from counter_app.domain.pin import PinPolicy, pin_buffer
from counter_app.services.activation import ActivationService
from counter_app.services.card_services import CardServices, CardServiceSettings
from counter_app.services.issuance import IssuanceService
from tests.activation.conftest import HOLDER_PIN, printed, reports
from tests.card_services.conftest import NOW, OPERATOR
from tests.support.encoders import CARD_READER, PSAM_READER, PatientEncoder


@pytest.fixture
def blank_card(devices):
    answer = devices.run("card", "insert", "--blank")
    yield Path(answer["card"]["file"])
    devices.run("card", "remove")


def test_collected_by_an_agent_then_activated_by_the_holder_over_pcscd(blank_card, fresh_store, with_agent):
    encoder = PatientEncoder(CARD_READER, PSAM_READER)
    cards = CardServices(fresh_store, encoder, CardServiceSettings(load_profile(), PinPolicy()), clock=lambda: NOW)
    issuance_id = printed(fresh_store, encoder, with_agent)
    number = IssuanceService(fresh_store).hand_over(OPERATOR, issuance_id, by_agent=True).card_number
    assert cards.status(OPERATOR, number) is CardStatus.NOT_ACTIVATED
    assert json.loads(blank_card.read_text())["pin"]["bcd"] == "123456"  # the agent took it with the initial PIN
    assert [r["kind"] for r in reports(fresh_store)] == ["completion"]

    svc = ActivationService(fresh_store, cards, clock=lambda: NOW)
    assert svc.needs_new_pin(OPERATOR, number)
    done = svc.activate(OPERATOR, number, pin_buffer(HOLDER_PIN))

    assert done.pin_chosen and cards.status(OPERATOR, number) is CardStatus.ACTIVE
    assert json.loads(blank_card.read_text())["pin"]["bcd"] == HOLDER_PIN
    cards.verify_pin(OPERATOR, pin_buffer(HOLDER_PIN))
    assert [r["kind"] for r in reports(fresh_store)] == ["completion", "activation", "status_change"]
    with pytest.raises(NotAwaitingActivation):  # once only
        svc.activate(OPERATOR, number, pin_buffer(HOLDER_PIN))
