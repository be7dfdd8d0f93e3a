"""Fixtures of the card-services tests: a fresh store and the sample applicant, the simulated card and
PSAM in process (FakeEncoder), and — for the ledger tests — the sync tests' real ledger and counters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from counter_app.card.profile import load_profile
from counter_app.domain.applicant import Applicant
from counter_app.domain.pin import PinPolicy
from counter_app.services.auth import Session
from counter_app.services.card_services import CardServices, CardServiceSettings
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.database import Store
from tests.sync.conftest import counter, ledger, make_counter  # noqa: F401 - fixtures re-exported

SAMPLE_APPLICANT = Path(__file__).resolve().parents[1] / "data" / "applicant.json"
OPERATOR = Session.local_operator()
NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


@pytest.fixture
def fresh_store(tmp_path):
    store = Store.open(tmp_path / "db" / "counter.sqlite3", backups_dir=tmp_path / "db" / "backups")
    yield store
    store.close()


@pytest.fixture
def applicant() -> Applicant:
    with SAMPLE_APPLICANT.open(encoding="utf-8") as f:
        return Applicant.from_dict(json.load(f))


class FakeEncoder:
    """The encoder's two slots over in-process devices (as tests/unit/test_encoding_service.py)."""

    def __init__(self, card_path, psam_path):
        self.card_path, self.psam_path = card_path, psam_path

    def open_card(self):
        from devices.vcard.card_os import VirtualCard
        from tests.unit.card_inprocess import InProcessConnection

        return InProcessConnection(VirtualCard(self.card_path))

    def open_psam(self):
        from devices.vcard.psam import VirtualPsam
        from tests.unit.card_inprocess import InProcessConnection

        return InProcessConnection(VirtualPsam(self.psam_path))


@pytest.fixture
def vdevices(tmp_path):
    from devices.state import StatePaths
    from devices.vcard import stock

    paths = StatePaths.resolve(tmp_path / "devices-state")
    return paths, stock.ensure_psam(paths)


@pytest.fixture
def encoder(vdevices):
    from devices.vcard import stock

    paths, psam = vdevices
    return FakeEncoder(stock.make_blank(1, paths)[0], psam)


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
