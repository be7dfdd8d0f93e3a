"""Fixtures of the activation tests: a card written and printed for an adult applicant with an agent
recorded (代办人), on the simulated card in process (``encoder``) or over the real pcscd (the tests that take
``devices``); the card services and the activation service over it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from counter_app.card.profile import load_profile
from counter_app.domain.issuance import IssuanceAction
from counter_app.domain.people import Relation, Representative, RepresentativeRole
from counter_app.domain.pin import PinPolicy
from counter_app.services.activation import ActivationService
from counter_app.services.card_services import CardServices, CardServiceSettings
from counter_app.services.issuance import IssuanceService
from tests.card_services.conftest import NOW, OPERATOR, personalize

AGENT = Representative(RepresentativeRole.AGENT, "王代办", "01", "11010519491231002X", Relation.SPOUSE)
HOLDER_PIN = "135790"


@pytest.fixture
def encoder(inprocess_encoder):
    return inprocess_encoder


@pytest.fixture
def with_agent(applicant):
    return replace(applicant, agent=AGENT)


def card_services(store, encoder) -> CardServices:
    return CardServices(store, encoder, CardServiceSettings(load_profile(), PinPolicy()), clock=lambda: NOW)


def activation(store, encoder) -> ActivationService:
    return ActivationService(store, card_services(store, encoder), clock=lambda: NOW)


def printed(store, encoder, applicant, number: str = "X00000019") -> str:
    """The applicant's card written and printed: waiting for the hand-over. Returns the issuance id."""
    issuance_id = personalize(store, encoder, applicant, number)
    issuances = IssuanceService(store)
    for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
        issuances.advance(issuance_id, action, OPERATOR.actor)
    return issuance_id


def reports(store, kind: str | None = None) -> list[dict]:
    """The card-management reports queued, oldest first (of ``kind`` only, if given)."""
    rows = store.db.execute("SELECT kind, payload FROM cardmgmt_reports ORDER BY created_at, rowid").fetchall()
    return [{"kind": k, **json.loads(p)} for k, p in rows if kind is None or k == kind]


def outbox(store, event_type: str) -> list[dict]:
    rows = store.db.execute("SELECT payload FROM outbox WHERE type = ? ORDER BY seq", (event_type,)).fetchall()
    return [json.loads(r[0]) for r in rows]
