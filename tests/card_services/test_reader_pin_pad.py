"""The holder's PIN typed on the reader's own keypad (PC/SC part 10 secure PIN entry).

The structures sent to the reader are checked byte for byte against the layout of PC/SC part 10
(PIN_VERIFY_STRUCTURE, PIN_MODIFY_STRUCTURE), then a keypad reader emulated in process builds the APDUs
from them and the simulated card checks the result: the PC never holds the holder's PIN.
"""

from __future__ import annotations

import pytest

from counter_app.card.apdu import Apdu
from counter_app.card.errors import WrongPin
from counter_app.card.pinpad import (
    PinEntryCancelled,
    PinEntryMismatch,
    ReaderPinPad,
    modify_structure,
    verify_structure,
)
from counter_app.domain.issuance import IssuanceAction
from counter_app.domain.pin import pin_buffer
from counter_app.services.card_services import NoReaderPinPad
from counter_app.services.issuance import IssuanceService
from tests.card_services.conftest import OPERATOR, FakeEncoder, card_services, personalize


def test_the_verify_structure_follows_pc_sc_part_10():
    structure = verify_structure(Apdu(0x00, 0x20, 0x00, 0x00, b"\xFF\xFF\xFF"), 6)
    assert structure.hex(" ").upper() == (
        "1E 1E 81 03 00 06 06 02 01 04 08 00 00 00 00 08 00 00 00 "  # timeouts, BCD left, 3 bytes, 6..6, OK key
        "00 20 00 00 03 FF FF FF")


def test_the_modify_structure_carries_the_initial_pin_and_asks_only_for_the_new_one():
    template = Apdu(0x80, 0x5E, 0x01, 0x00, bytes.fromhex("123456FFFFFFFF"))
    structure = modify_structure(template, 6, 4)
    assert structure.hex(" ").upper() == (
        "1E 1E 81 03 00 00 04 06 06 01 02 02 04 08 00 01 02 00 00 00 0C 00 00 00 "  # new PIN at offset 4, confirm
        "80 5E 01 00 07 12 34 56 FF FF FF FF")


def test_a_reader_without_part_10_has_no_pin_pad(fresh_store, encoder):
    assert ReaderPinPad.detect(object()) is None  # a connection that cannot talk to its reader
    svc = card_services(fresh_store, encoder)
    assert svc.reader_has_pin_pad(OPERATOR) is False
    with pytest.raises(NoReaderPinPad):
        svc.set_holder_pin_on_reader(OPERATOR)


def test_the_holder_sets_the_pin_on_the_keypad_and_the_card_is_ready_for_hand_over(
        fresh_store, vdevices, encoder, applicant):
    issuance_id = personalize(fresh_store, encoder, applicant)
    issuances = IssuanceService(fresh_store)
    for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
        issuances.advance(issuance_id, action, OPERATOR.actor)
    pad = FakeEncoder(encoder.card_path, encoder.psam_path, keypad=["135790", "135790"])
    svc = card_services(fresh_store, pad)
    assert svc.reader_has_pin_pad(OPERATOR)
    outcome = svc.set_holder_pin_on_reader(OPERATOR, card_id=issuances.get(issuance_id).card_id)
    assert outcome.issuance_id == issuance_id and issuances.get(issuance_id).holder_pin_set
    card_services(fresh_store, encoder).verify_pin(OPERATOR, pin_buffer("135790"))


def test_two_different_entries_or_a_cancel_change_nothing(fresh_store, encoder):
    for keys, error in ((["135790", "135791"], PinEntryMismatch), (["CANCEL"], PinEntryCancelled)):
        with pytest.raises(error):
            card_services(fresh_store, FakeEncoder(encoder.card_path, encoder.psam_path, keypad=keys)) \
                .set_holder_pin_on_reader(OPERATOR)
    # still the initial PIN, with all its tries
    card_services(fresh_store, encoder).change_pin(OPERATOR, pin_buffer("123456"), pin_buffer("246801"))


def test_a_wrong_pin_on_the_keypad_says_the_tries_left(fresh_store, encoder):
    card_services(fresh_store, encoder).change_pin(OPERATOR, pin_buffer("123456"), pin_buffer("246801"))
    svc = card_services(fresh_store, FakeEncoder(encoder.card_path, encoder.psam_path, keypad=["975310", "246801"]))
    with pytest.raises(WrongPin) as wrong:
        svc.verify_pin_on_reader(OPERATOR)
    assert wrong.value.tries_left == 2
    svc.verify_pin_on_reader(OPERATOR)
