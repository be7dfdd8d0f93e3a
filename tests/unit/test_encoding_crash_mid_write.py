"""The app stopped in the middle of a chip write (killed, power gone: no failure was recorded) leaves the
issuance in ``encoding`` with the chip it began on already on disk, noted before the first write. The resume
after the restart then refuses any other card before writing to it, and finishes the chip it began on with
exactly the intended content: one card number never ends up on two chips."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.card.errors import DifferentCard
from counter_app.card.personalize import read_card
from counter_app.card.profile import load_profile
from counter_app.card.records import CardPersonalData
from counter_app.domain.issuance import IssuanceAction, IssuanceState
from counter_app.services.issuance import IssuanceService
from devices.state import StatePaths
from devices.vcard import stock
from devices.vcard.card_os import VirtualCard
from devices.vcard.psam import VirtualPsam
from tests.support.card_inprocess import InProcessConnection
from tests.unit.test_encoding_service import OPERATOR, FakeEncoder, ready_issuance, service


@pytest.fixture
def slots(tmp_path):
    """In-process card stock and PSAM (not the session's pcscd devices)."""
    paths = StatePaths.resolve(tmp_path / "devices-state")
    return paths, stock.ensure_psam(paths)


class AppKilled(BaseException):
    """What the write sees of the process dying: nothing after this runs, no except clause of the app's
    catches it (it is no Exception), so no failure is recorded."""


class DyingConnection(InProcessConnection):
    def send_and_receive(self, apdu: bytes):
        if self.remove_after is not None and self.count >= self.remove_after:
            raise AppKilled()
        return super().send_and_receive(apdu)


class DyingEncoder(FakeEncoder):
    def open_card(self):
        conn = DyingConnection(VirtualCard(self.card_path), self.tear_after)
        self.tear_after = None
        return conn


def test_a_crash_mid_write_keeps_the_chip_and_the_resume_takes_only_that_chip(fresh_store, applicant, slots):
    paths, psam = slots
    encoder = DyingEncoder(stock.make_blank(1, paths)[0], psam)
    issuance_id = ready_issuance(fresh_store, applicant)
    first = encoder.card_path
    encoder.tear_after = 25  # into the record writes
    with pytest.raises(AppKilled):
        service(fresh_store, encoder).encode(OPERATOR, issuance_id)

    issuances = IssuanceService(fresh_store)  # what the restarted app finds
    crashed = issuances.get(issuance_id)
    assert crashed.state is IssuanceState.ENCODING
    torn = read_card(InProcessConnection(VirtualCard(first)), InProcessConnection(VirtualPsam(psam)), load_profile())
    assert crashed.card_id == torn.identity.card_id_hex  # the chip was on disk before the first write
    assert not torn.blank

    encoder.card_path = other = stock.make_blank(1, paths)[0]
    blank = other.read_bytes()
    with pytest.raises(DifferentCard):
        service(fresh_store, encoder).resume(OPERATOR, issuance_id)
    assert other.read_bytes() == blank  # nothing written on the other card
    assert issuances.get(issuance_id).card_id == crashed.card_id  # and the number still belongs to the first

    encoder.card_path = first
    outcome = service(fresh_store, encoder).resume(OPERATOR, issuance_id)
    done = issuances.get(issuance_id)
    assert done.state is IssuanceState.ENCODED and done.card_id == crashed.card_id
    finished = read_card(InProcessConnection(VirtualCard(first)), InProcessConnection(VirtualPsam(psam)),
                         load_profile())
    assert finished.data == CardPersonalData.from_applicant(applicant, outcome.card_number, dt.date.today())


def test_the_chip_noted_is_local_and_a_second_chip_is_a_conflict(fresh_store, applicant):
    from counter_app.services.issuance import CardFieldConflict
    from counter_app.store.outbox import OutboxRepository

    issuance_id = ready_issuance(fresh_store, applicant)
    issuances = IssuanceService(fresh_store)
    issuances.advance(issuance_id, IssuanceAction.START_ENCODING, "clerk", card_number="X00000019")
    with fresh_store.transaction() as db:
        queued = OutboxRepository(db).count_pending()
    issuances.note_chip(issuance_id, "A" * 32)
    issuances.note_chip(issuance_id, "A" * 32)  # the same chip again: nothing changes
    assert issuances.get(issuance_id).card_id == "A" * 32
    assert issuances.get(issuance_id).state is IssuanceState.ENCODING
    with pytest.raises(CardFieldConflict):
        issuances.note_chip(issuance_id, "B" * 32)
    with fresh_store.transaction() as db:
        assert OutboxRepository(db).count_pending() == queued  # nothing queued for the ledger
