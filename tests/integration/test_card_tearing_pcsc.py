"""Tearing through the real PC/SC stack: the card is pulled after k APDUs, for every k of a run.

After each tear the issuance is ``encode_failed`` (never counted as encoded); the clerk puts the same
card back, and the resumed run finishes with exactly the intended content: every write is an
idempotent overwrite, the card number is kept, and no second number is consumed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from counter_app.card.errors import CardError
from counter_app.card.profile import load_profile
from counter_app.domain.applicant import Applicant
from counter_app.domain.issuance import IssuanceState
from counter_app.services.auth import Session
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.database import Store
from tests.support.encoders import PatientEncoder

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = Applicant.from_dict(json.loads((ROOT / "tests" / "data" / "applicant.json").read_text("utf-8")))
CARD_READER, PSAM_READER = "Virtual PCD 00 00", "Virtual PCD 00 01"


def card_content(card_file: Path) -> dict:
    files = json.loads(card_file.read_text())["files"]
    files["EF05"]["records"][0] = None  # the 卡识别码 is the chip's own
    return files


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "counter.sqlite3")
    with s.transaction() as db:
        CardNumberBlocks(db).add_block("tearing", "X00000019", 500, at=dt.datetime.now(dt.UTC))
    yield s
    s.close()


def new_issuance(store) -> str:
    intake = IntakeService(store)
    issuance_id = intake.open_application(OPERATOR, APPLICANT)
    intake.accept_photo(OPERATOR, issuance_id, None)
    return issuance_id


@pytest.mark.slow
def test_a_card_pulled_after_any_apdu_is_finished_with_exactly_the_intended_content(devices, store):
    service = EncodingService(store, PatientEncoder(CARD_READER, PSAM_READER),
                              EncoderSettings(profile=load_profile(), write_photo=False, write_retries=1))
    issuances = IssuanceService(store)

    reference_card = Path(devices.run("card", "insert", "--blank")["card"]["file"])
    reference = service.encode(OPERATOR, new_issuance(store))
    devices.run("card", "remove")
    total = reference.result.apdus

    for k in range(1, total + 1):
        card_file = Path(devices.run("card", "insert", "--blank")["card"]["file"])
        issuance_id = new_issuance(store)
        devices.run("card", "tear", "--after", str(k))
        try:
            outcome = service.encode(OPERATOR, issuance_id)
        except CardError:
            assert issuances.get(issuance_id).state is IssuanceState.ENCODE_FAILED, f"k={k}"
            devices.run("card", "insert", "--last")
            outcome = service.encode(OPERATOR, issuance_id)
        else:
            assert k == total, f"the run survived a tear after {k} of {total} APDUs"
        done = issuances.get(issuance_id)
        assert done.state is IssuanceState.ENCODED, f"k={k}"
        content = card_content(card_file)
        content["EF05"]["records"][6] = None  # each issuance has its own card number
        expected = card_content(reference_card)
        expected["EF05"]["records"][6] = None
        assert content == expected, f"torn after {k} APDUs"
        assert json.loads(card_file.read_text())["files"]["EF05"]["records"][6]["value"] == \
            outcome.card_number.encode().hex().upper()
        devices.run("card", "remove")
