"""The hand-over page asks for the holder's own PIN first: "confirm hand-over" stays disabled until the
holder has typed a new PIN twice on the pad and the card in the encoder has taken it; a weak PIN or
another card is refused with the clerk's message, and the card keeps its initial PIN."""

from __future__ import annotations

from gui_support import HOLDER_PIN, TIMEOUT_MS, log_in, pad_types, set_holder_pin, through_photo, wait_step

from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import Choice, FlowStep


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


def test_the_reader_keypad_is_used_when_the_flow_has_one(qtbot, shell, encoder, printer, monkeypatch):
    """With a reader PIN pad (PC/SC part 10) the holder types on the reader: no on-screen pad opens."""
    from counter_app.services import flow as flow_module

    def on_reader(self):
        return True

    def set_on_reader(self):
        from counter_app.domain.pin import pin_buffer

        return self.set_holder_pin(pin_buffer(HOLDER_PIN))  # what the reader's keypad would send

    monkeypatch.setattr(flow_module.IssuanceFlow, "pin_entry_on_reader", on_reader, raising=False)
    monkeypatch.setattr(flow_module.IssuanceFlow, "set_holder_pin_on_reader", set_on_reader, raising=False)
    main, flow = printed_card(qtbot, shell, encoder)
    flow.primary_action()
    qtbot.waitUntil(lambda: not flow.busy and flow.view.issuance.holder_pin_set, timeout=TIMEOUT_MS)
    assert flow.pin_pad is None
