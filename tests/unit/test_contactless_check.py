"""The contactless check after a chip write, over the in-process card and PSAM (no pcscd): passed and recorded,
skipped and recorded, and every way it fails stopping the issuance before printing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from counter_app.card.errors import NoCard
from counter_app.card.profile import load_profile
from counter_app.domain.issuance import IssuanceState
from counter_app.services.auth import Session
from counter_app.services.contactless import ContactlessCheckFailed, check_after_write
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.issuances import IssuanceEventRepository
from counter_app.store.outbox import OutboxRepository
from tests.support.card_inprocess import InProcessConnection
from tests.support.store import sample_applicant

OPERATOR = Session.local_operator()
PROFILE = load_profile()


class FakeReader:
    """The contactless reader over an in-process card file (read afresh, as the write left it)."""

    name = "In-process Contactless 00 00"

    def __init__(self, card_path: Path | None, *, uid_changes: bool = False):
        self.card_path, self.uid_changes = card_path, uid_changes

    def open(self):
        from devices.vcard.card_os import VirtualCard
        from devices.vcard.contactless import ContactlessInterface

        if self.card_path is None:
            raise NoCard()
        chip = ContactlessInterface(VirtualCard(self.card_path))
        if not self.uid_changes:
            return InProcessConnection(chip)
        answers = iter([chip.uid, b"\x56\x00\x00\x00\x00\x00\x01"])
        real = chip.process
        chip.process = lambda apdu: (next(answers) + b"\x90\x00") if apdu[:2] == b"\xff\xca" else real(apdu)
        return InProcessConnection(chip)


@pytest.fixture
def store(fresh_store):
    with fresh_store.transaction() as db:
        CardNumberBlocks(db).add_block("contactless", "X00000019", 100, at=dt.datetime.now(dt.UTC))
    return fresh_store


def encode(store, encoder, reader) -> tuple[str, Exception | None]:
    intake = IntakeService(store)
    issuance_id = intake.open_application(OPERATOR, sample_applicant())
    intake.accept_photo(OPERATOR, issuance_id, None)
    service = EncodingService(store, encoder, EncoderSettings(profile=PROFILE, write_photo=False, write_retries=2),
                              contactless=reader)
    try:
        service.encode(OPERATOR, issuance_id)
    except ContactlessCheckFailed as exc:
        return issuance_id, exc
    return issuance_id, None


def finish_detail(store, issuance_id: str) -> dict:
    return next(e.detail for e in IssuanceEventRepository(store.db).for_issuance(issuance_id)
                if e.action == "finish_encoding")


def test_a_written_card_passes_and_both_interfaces_are_recorded(store, inprocess_encoder):
    from devices.vcard.cardfile import load
    from devices.vcard.contactless import uid_of

    issuance_id, failed = encode(store, inprocess_encoder, FakeReader(inprocess_encoder.card_path))
    assert failed is None and IssuanceService(store).get(issuance_id).state is IssuanceState.ENCODED
    uid = uid_of(load(inprocess_encoder.card_path).chip_id).hex().upper()
    assert finish_detail(store, issuance_id)["contactless_uid"] == uid
    payload = next(e.payload for e in OutboxRepository(store.db).for_issuance(issuance_id)
                   if e.payload.get("to_state") == "encoded")
    assert payload["interfaces"] == {"contact": "verified", "contactless": "verified"}


def test_no_reader_skips_the_check_and_the_issuance_says_so(store, inprocess_encoder):
    issuance_id, failed = encode(store, inprocess_encoder, None)
    assert failed is None
    detail = finish_detail(store, issuance_id)
    assert detail["contactless"] == "skipped" and detail["interfaces"]["contactless"] == "skipped"
    assert check_after_write(None, PROFILE, card_id="x", card_number="y").skipped


@pytest.mark.parametrize(("reader", "en"), [
    ("none", "no card answers on the contactless reader"),
    ("other", "not the card just written"),
    ("uid", "another card entered the contactless reader's field"),
])
def test_a_failed_check_stops_the_issuance_before_printing(store, inprocess_encoder, vdevices, reader, en):
    from devices.vcard import stock

    fake = {"none": FakeReader(None), "other": FakeReader(stock.make_blank(1, vdevices[0])[0]),
            "uid": FakeReader(inprocess_encoder.card_path, uid_changes=True)}[reader]
    issuance_id, failed = encode(store, inprocess_encoder, fake)
    assert isinstance(failed, ContactlessCheckFailed) and en in failed.message("en")
    assert "非接触检查未通过" in failed.message("zh")
    issuance = IssuanceService(store).get(issuance_id)
    assert issuance.state is IssuanceState.ENCODE_FAILED  # never encoded: the printer never sees it
    assert "非接触" in (issuance.failure_reason or "")
    events = [e.action for e in IssuanceEventRepository(store.db).for_issuance(issuance_id)]
    assert "finish_encoding" not in events and events[-1] == "fail_encoding"
