"""Writing the chip of an issuance: state, card number and chip identity move together.

Runs the real service and card protocol over the simulated card and PSAM in process (no pcscd);
tests/integration/test_card_personalization_pcsc.py runs the same over the real pcscd.
"""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.card.errors import CardRemoved, DifferentCard, PsamKeyMismatch
from counter_app.card.profile import load_profile
from counter_app.domain.issuance import IssuanceState
from counter_app.services.auth import Session
from counter_app.services.encoding import EncoderSettings, EncodingService, NoCardNumbers
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.card_numbers import CardNumberBlocks
from devices.vcard import stock
from tests.support.encoders import InProcessEncoder

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator

NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


# The encoder over in-process devices is the shared one (tests/support/encoders.py); the name stays for
# tests/unit/test_encoding_crash_mid_write.py, which imports it from here.
FakeEncoder = InProcessEncoder


@pytest.fixture
def encoder(inprocess_encoder) -> InProcessEncoder:
    return inprocess_encoder


def service(store, encoder):
    return EncodingService(store, encoder, EncoderSettings(profile=load_profile(), write_photo=False))


def ready_issuance(store, applicant, numbers=1):
    with store.transaction() as db:
        CardNumberBlocks(db).add_block("block-1", "X00000019", numbers, at=NOW)
    intake = IntakeService(store)
    issuance_id = intake.open_application(OPERATOR, applicant)
    intake.accept_photo(OPERATOR, issuance_id, None)
    return issuance_id


def test_an_encoded_issuance_has_its_card_number_chip_identity_and_atr(fresh_store, applicant, encoder):
    issuance_id = ready_issuance(fresh_store, applicant)
    outcome = service(fresh_store, encoder).encode(OPERATOR, issuance_id)
    issuance = IssuanceService(fresh_store).get(issuance_id)
    assert issuance.state is IssuanceState.ENCODED
    assert issuance.card_number == outcome.card_number == "X00000019"
    assert issuance.card_id == outcome.result.card_id and issuance.card_id.startswith("421303D156000005")
    assert issuance.atr
    actions = [e.action for e in IssuanceService(fresh_store).history(issuance_id)]
    assert actions[-2:] == ["start_encoding", "finish_encoding"]


def test_without_card_numbers_nothing_is_taken_and_the_issuance_stays_ready(fresh_store, applicant, encoder):
    issuance_id = ready_issuance(fresh_store, applicant, numbers=1)
    with fresh_store.transaction() as db:
        CardNumberBlocks(db).take_next()  # the only number went elsewhere
    with pytest.raises(NoCardNumbers):
        service(fresh_store, encoder).encode(OPERATOR, issuance_id)
    assert IssuanceService(fresh_store).get(issuance_id).state is IssuanceState.PHOTO_OK


def test_a_torn_write_is_recorded_as_failed_then_finished_on_the_same_card_and_number(
        fresh_store, applicant, encoder):
    issuance_id = ready_issuance(fresh_store, applicant)
    svc = service(fresh_store, encoder)
    encoder.tear_after = 20
    with pytest.raises(CardRemoved):
        svc.encode(OPERATOR, issuance_id)
    failed = IssuanceService(fresh_store).get(issuance_id)
    assert failed.state is IssuanceState.ENCODE_FAILED and failed.failure_reason
    outcome = svc.encode(OPERATOR, issuance_id)
    assert outcome.card_number == "X00000019"
    assert IssuanceService(fresh_store).get(issuance_id).state is IssuanceState.ENCODED


def test_a_resumed_write_refuses_another_card_than_the_one_it_began_on(fresh_store, applicant, encoder, vdevices):
    paths, _ = vdevices
    issuance_id = ready_issuance(fresh_store, applicant)
    svc = service(fresh_store, encoder)
    svc.encode(OPERATOR, issuance_id)
    # pretend the first write failed after the chip identity was recorded, then swap the card
    issuances = IssuanceService(fresh_store)
    with fresh_store.transaction() as db:
        db.execute("UPDATE issuances SET state = 'encode_failed' WHERE id = ?", [issuance_id])
    encoder.card_path = stock.make_blank(1, paths)[0]
    with pytest.raises(DifferentCard):
        svc.encode(OPERATOR, issuance_id)
    assert issuances.get(issuance_id).state is IssuanceState.ENCODE_FAILED


def test_a_write_torn_mid_way_is_finished_only_on_the_chip_it_began_on(fresh_store, applicant, encoder, vdevices):
    """The chip's identity is recorded with the failure once a write began, so the resume (GUI and
    ``issuance resume``) refuses a fresh blank card: the number would otherwise be on two chips."""
    paths, _ = vdevices
    issuance_id = ready_issuance(fresh_store, applicant)
    svc = service(fresh_store, encoder)
    first = encoder.card_path
    encoder.tear_after = 20
    with pytest.raises(CardRemoved):
        svc.encode(OPERATOR, issuance_id)
    issuances = IssuanceService(fresh_store)
    failed = issuances.get(issuance_id)
    assert failed.state is IssuanceState.ENCODE_FAILED and failed.card_id
    encoder.card_path = other = stock.make_blank(1, paths)[0]
    blank = other.read_bytes()
    with pytest.raises(DifferentCard):
        svc.resume(OPERATOR, issuance_id)
    assert other.read_bytes() == blank and issuances.get(issuance_id).state is IssuanceState.ENCODE_FAILED
    encoder.card_path = first
    assert svc.resume(OPERATOR, issuance_id).card_number == failed.card_number
    assert issuances.get(issuance_id).card_id == failed.card_id


def test_a_psam_with_other_keys_fails_at_once_without_retries(fresh_store, applicant, vdevices, tmp_path):
    paths, _ = vdevices
    wrong = stock.ensure_psam(paths, wrong=True)
    encoder = FakeEncoder(stock.make_blank(1, paths)[0], wrong)
    issuance_id = ready_issuance(fresh_store, applicant)
    with pytest.raises(PsamKeyMismatch):
        service(fresh_store, encoder).encode(OPERATOR, issuance_id)
    failed = IssuanceService(fresh_store).get(issuance_id)
    assert failed.state is IssuanceState.ENCODE_FAILED
    assert "PSAM" in failed.failure_reason
