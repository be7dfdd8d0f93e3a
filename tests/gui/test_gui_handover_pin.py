"""The hand-over page asks for the holder's own PIN first: "confirm hand-over" stays disabled until the
holder has typed a new PIN twice on the pad and the card in the encoder has taken it; a weak PIN or
another card is refused with the clerk's message, and the card keeps its initial PIN."""

from __future__ import annotations

import pytest

from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import Choice, FlowStep
from devices.state import StatePaths
from devices.vcard.card_os import VirtualCard
from tests.support.gui import (
    HOLDER_PIN,
    TIMEOUT_MS,
    SlotEncoder,
    log_in,
    pad_types,
    set_holder_pin,
    through_photo,
    wait_step,
)


def printed_card(qtbot, shell, encoder):
    main = log_in(qtbot, shell)
    flow = through_photo(qtbot, main)
    flow.primary_action()
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)
    encoder.insert_blank()
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
    return main, flow


def test_the_card_is_handed_over_only_after_the_holder_set_a_pin(qtbot, shell, encoder, printer):
    main, flow = printed_card(qtbot, shell, encoder)
    buttons = flow.handover_page.choices.buttons
    assert buttons[Choice.SET_PIN].isVisible() and flow.handover_page.choices.primary() is Choice.SET_PIN
    assert not buttons[Choice.HAND_OVER].isEnabled()
    assert "未设置" in flow.handover_page.pin_state.text()

    set_holder_pin(qtbot, flow)
    assert buttons[Choice.HAND_OVER].isEnabled() and "已设置" in flow.handover_page.pin_state.text()
    assert "持卡人密码已设置" in flow.message.text()

    flow.primary_action()  # now Enter hands the card over
    wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)


def test_the_pads_buffer_is_wiped_once_the_card_took_the_pin(qtbot, shell, encoder, printer):
    main, flow = printed_card(qtbot, shell, encoder)
    handed = []
    flow.primary_action()
    qtbot.waitUntil(lambda: flow.pin_pad is not None, timeout=TIMEOUT_MS)
    flow.pin_pad.entered.connect(lambda pins: handed.extend(pins))
    pad_types(flow.pin_pad, HOLDER_PIN)
    pad_types(flow.pin_pad, HOLDER_PIN)
    qtbot.waitUntil(lambda: not flow.busy and flow.view.issuance.holder_pin_set, timeout=TIMEOUT_MS)
    [buffer] = handed
    assert buffer == bytearray()


def test_another_card_in_the_encoder_is_refused_in_the_clerks_words(qtbot, shell, encoder, printer):
    main, flow = printed_card(qtbot, shell, encoder)
    encoder.insert_blank()  # not the card just made
    set_pin_attempt = flow.handover_page.choices.buttons[Choice.SET_PIN]
    set_pin_attempt.click()
    qtbot.waitUntil(lambda: flow.pin_pad is not None, timeout=TIMEOUT_MS)
    pad_types(flow.pin_pad, HOLDER_PIN)
    pad_types(flow.pin_pad, HOLDER_PIN)
    qtbot.waitUntil(lambda: not flow.busy and flow.view.error is not None, timeout=TIMEOUT_MS)
    assert "不是本次制卡的卡片" in flow.message.text()
    assert not flow.view.issuance.holder_pin_set
    assert not flow.handover_page.choices.buttons[Choice.HAND_OVER].isEnabled()


@pytest.fixture
def encoder(tmp_path):
    return SlotEncoder(StatePaths.resolve(tmp_path / "devices-state"))


def card_pin_is(encoder: SlotEncoder, pin: str) -> bool:
    """VERIFY ``pin`` on the card in the slot, straight to the card (no app code in between)."""
    card = VirtualCard(encoder.card)
    card.reset()
    rsp = card.process(bytes([0x00, 0x20, 0x00, 0x00, 3]) + bytes.fromhex(pin))
    return rsp[-2:] == b"\x90\x00"


def test_the_reader_keypad_is_used_when_the_reader_has_one(qtbot, shell, encoder, printer):
    """With a reader PIN pad the holder types on the reader: no on-screen pad opens, the PC never sees the
    new PIN, and the card takes the PIN typed on the keypad."""
    main, flow = printed_card(qtbot, shell, encoder)
    encoder.keypad = ["135790", "135790"]  # what the holder will type on the reader, twice
    flow.primary_action()
    qtbot.waitUntil(lambda: not flow.busy and flow.view.issuance.holder_pin_set, timeout=TIMEOUT_MS)
    assert flow.pin_pad is None
    assert encoder.keypad == []  # both entries were taken from the keypad
    [structure] = encoder.pin_entries  # one MODIFY PIN DIRECT, carrying the initial PIN, not the new one
    assert bytes.fromhex("123456") in structure and bytes.fromhex("135790") not in structure
    assert card_pin_is(encoder, "135790") and not card_pin_is(encoder, "123456")
    flow.primary_action()
    wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)
