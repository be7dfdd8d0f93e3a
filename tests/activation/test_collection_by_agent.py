"""Collection by an agent (代办): allowed only when the application recorded one; the card stays 未启用 (the
holder activates it in person later), the completion is queued, no activation; the events say the agent
collected it and nothing about who the agent is."""

from __future__ import annotations

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
