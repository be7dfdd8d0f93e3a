"""Fixtures of the card-services tests: the simulated card and PSAM in process (``encoder``, the shared
``inprocess_encoder``) and — for the ledger tests — the sync tests' real ledger and counters. The fresh store
and the sample applicant are the shared fixtures of tests/support/fixtures.py."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.card.profile import load_profile
from counter_app.domain.pin import PinPolicy
from counter_app.services.auth import Session
from counter_app.services.card_services import CardServices, CardServiceSettings
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.store.card_numbers import CardNumberBlocks
from tests.support.encoders import InProcessEncoder
from tests.sync.conftest import counter, ledger, make_counter  # noqa: F401 - fixtures re-exported

OPERATOR = Session.local_operator()
NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


# The card's two slots in process: the shared encoder (tests/support/encoders.py), under the name these
# tests have always used. ``fresh_store``, ``applicant`` and ``vdevices`` are the shared fixtures.
FakeEncoder = InProcessEncoder


@pytest.fixture
def encoder(inprocess_encoder) -> InProcessEncoder:
    return inprocess_encoder


def card_services(store, encoder) -> CardServices:
    return CardServices(store, encoder, CardServiceSettings(load_profile(), PinPolicy()), clock=lambda: NOW)


def personalize(store, encoder, applicant, number: str = "X00000019") -> str:
    """Write the applicant's card in the encoder; returns the issuance id."""
    with store.transaction() as db:
        CardNumberBlocks(db).add_block("block-1", number, 1, at=NOW)
    intake = IntakeService(store)
    issuance_id = intake.open_application(OPERATOR, applicant)
    intake.accept_photo(OPERATOR, issuance_id, None)
    EncodingService(store, encoder, EncoderSettings(profile=load_profile(), write_photo=False)).encode(
        OPERATOR, issuance_id)
    return issuance_id
