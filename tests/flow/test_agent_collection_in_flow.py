"""An application made with an agent (代办人) recorded: at the hand-over the flow offers the agent's collection
besides the holder's PIN; the agent takes the card without a PIN and it stays 未启用 (not_activated) until
the holder activates it in person (tests/activation). Without an agent the choice is not offered."""

from __future__ import annotations

import dataclasses

from counter_app.domain.issuance import IssuanceState
from counter_app.domain.people import AttachmentKind, Relation, Representative, RepresentativeRole
from counter_app.services.flow import Choice, FlowStep
from tests.support.store import sample_applicant

S = IssuanceState
AGENT = Representative(RepresentativeRole.AGENT, "王代办", "01", "11010519491231002X", Relation.CHILD)


def to_hand_over(flow, encoder, applicant):
    flow.new()
    scans = ((AttachmentKind.POWER_OF_ATTORNEY, b"\xff\xd8\xff\xe0scan"),) if applicant.agent else ()
    view = flow.submit_applicant(applicant, scans)
    assert view.error is None, view.zh
    flow.accept_photo(None)
    flow.confirm_review()
    encoder.insert_blank()
    flow.encode()
    view = flow.print_card()
    assert view.step is FlowStep.HANDOVER and view.issuance.state is S.PRINTED
    return view


def card_status(services, number):
    row = services.store.db.execute("SELECT status FROM card_statuses WHERE card_number = ?", (number,)).fetchone()
    return row[0] if row else None


def test_the_agent_collects_the_card_and_it_stays_not_activated(flow, encoder, printer, services):
    view = to_hand_over(flow, encoder, dataclasses.replace(sample_applicant(), agent=AGENT))
    assert view.choices[:2] == (Choice.SET_PIN, Choice.HAND_OVER_TO_AGENT)
    view = flow.hand_over(by_agent=True)
    assert view.error is None, view.zh
    assert view.issuance.state is S.ISSUED and "未启用" in view.zh
    assert card_status(services, view.issuance.card_number) == "not_activated"
    assert not view.issuance.holder_pin_set


def test_without_an_agent_the_collection_by_agent_is_not_offered(flow, encoder, printer):
    view = to_hand_over(flow, encoder, sample_applicant())
    assert Choice.HAND_OVER_TO_AGENT not in view.choices
    view = flow.hand_over(by_agent=True)
    assert view.error is not None and view.issuance.state is S.PRINTED  # refused by the service as well
