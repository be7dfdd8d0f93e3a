"""Over the real pcscd: the simulated vpcd reader has no keypad, and asking it says so without an error,
so the counter falls back to the on-screen PIN pad facing the holder."""

from __future__ import annotations

import time

import pytest

from counter_app.card.errors import NoCard, ReaderControlUnsupported
from counter_app.card.pcsc import DEFAULT_CARD_READER, PcscConnection
from counter_app.card.pinpad import ReaderPinPad


@pytest.fixture
def blank_card(devices):
    devices.run("card", "insert", "--blank")
    yield
    devices.run("card", "remove")


def connected() -> PcscConnection:
    """The card in the encoder, once pcscd (which polls every 400 ms) has noticed it."""
    for _ in range(50):
        try:
            return PcscConnection(DEFAULT_CARD_READER)
        except NoCard:
            time.sleep(0.1)
    raise AssertionError("pcscd never saw the card")


def test_the_vpcd_reader_has_no_pin_pad_and_the_counter_uses_the_screen(blank_card):
    conn = connected()
    try:
        with pytest.raises(ReaderControlUnsupported):  # SCardControl refused by the driver
            conn.control(conn.control_code(3400), b"")
        assert ReaderPinPad.detect(conn) is None
        data, sw = conn.send_and_receive(bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF"))
        assert sw == 0x9000  # the card connection is unharmed by the refused control
    finally:
        conn.close()
