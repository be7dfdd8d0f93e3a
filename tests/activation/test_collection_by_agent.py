"""Collection by an agent (代办): allowed only when the application recorded one; the card stays 未启用 (the
holder activates it in person later), the completion is queued, no activation; the events say the agent
collected it and nothing about who the agent is."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter_app.domain.card_status import CardStatus
from counter_app.domain.issuance import IssuanceState
from counter_app.services.issuance import IssuanceService, NoAgentRecorded
from tests.activation.conftest import AGENT, card_services, outbox, printed, reports
from tests.card_services.conftest import OPERATOR


def test_an_agent_collects_the_card_and_it_stays_not_activated(fresh_store, encoder, with_agent):
    issuance_id = printed(fresh_store, encoder, with_agent)
    issuances = IssuanceService(fresh_store)
    done = issuances.hand_over(OPERATOR, issuance_id, by_agent=True)  # the holder's PIN is not asked for

    assert done.state is IssuanceState.ISSUED and not done.holder_pin_set
    assert card_services(fresh_store, encoder).status(OPERATOR, done.card_number) is CardStatus.NOT_ACTIVATED
    assert [r["kind"] for r in reports(fresh_store)] == ["completion"]
    event = issuances.history(issuance_id)[-1]
    assert event.action == "hand_over" and event.detail["collected_by"] == "agent"
    hand_over = outbox(fresh_store, "issuance.transition")[-1]
    assert (hand_over["collected_by"], hand_over["card_status"]) == ("agent", "not_activated")
    # nothing of the agent's person beyond "an agent": not in the events, the outbox or the reports
    for table in ("issuance_events", "outbox", "cardmgmt_reports"):
        for (text,) in fresh_store.db.execute(f"SELECT {'detail' if table == 'issuance_events' else 'payload'}"
                                              f" FROM {table}").fetchall():
            assert AGENT.name not in text and AGENT.document_number not in text


def test_no_agent_recorded_means_no_collection_by_an_agent(fresh_store, encoder, applicant):
    issuance_id = printed(fresh_store, encoder, applicant)
    issuances = IssuanceService(fresh_store)
    with pytest.raises(NoAgentRecorded) as refused:
        issuances.hand_over(OPERATOR, issuance_id, by_agent=True)
    assert "未登记代办人" in refused.value.message("zh") and "no agent" in refused.value.message("en")
    assert issuances.get(issuance_id).state is IssuanceState.PRINTED and reports(fresh_store) == []


def test_a_replacement_handed_over_replaces_a_card_the_agent_collected(fresh_store, vdevices, with_agent):
    from counter_app.card.profile import load_profile
    from counter_app.domain.applicant import ApplicationType, ReplacementReason
    from counter_app.domain.pin import pin_buffer
    from counter_app.services.encoding import EncoderSettings, EncodingService
    from counter_app.services.intake import IntakeService
    from counter_app.store.card_numbers import CardNumberBlocks
    from devices.vcard import stock
    from tests.activation.conftest import HOLDER_PIN
    from tests.card_services.conftest import NOW, FakeEncoder

    paths, psam = vdevices
    first, second = stock.make_blank(2, paths)
    with fresh_store.transaction() as db:
        CardNumberBlocks(db).add_block("block-2", "X00000027", 1, at=NOW)
    issuances = IssuanceService(fresh_store)
    old = issuances.hand_over(OPERATOR, printed(fresh_store, FakeEncoder(first, psam), with_agent), by_agent=True)

    damaged = replace(with_agent, application_type=ApplicationType.REPLACEMENT, reason=ReplacementReason.DAMAGED)
    new_id = IntakeService(fresh_store).open_application(OPERATOR, damaged)
    IntakeService(fresh_store).accept_photo(OPERATOR, new_id, None)
    EncodingService(fresh_store, FakeEncoder(second, psam), EncoderSettings(profile=load_profile(), write_photo=False)
                    ).encode(OPERATOR, new_id)
    from counter_app.domain.issuance import IssuanceAction

    for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
        issuances.advance(new_id, action, OPERATOR.actor)
    cards = card_services(fresh_store, FakeEncoder(second, psam))
    cards.set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN))
    issuances.hand_over(OPERATOR, new_id)
    assert cards.status(OPERATOR, old.card_number) is CardStatus.REPLACED
    assert cards.status(OPERATOR, issuances.get(new_id).card_number) is CardStatus.ACTIVE
