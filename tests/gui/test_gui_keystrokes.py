"""Fewer keys (#19): one issuance after login, by keys alone, with the applicant's ID card on the reader and
the demo camera. Every key goes to the widget that has the focus (QTest.keyClick, no click()); the test counts
the clerk's keys (the holder's PIN on the pad facing them is not counted) and the issue wants at most 15.

The keys: F2 (new application), the card laid on the reader fills the page, Enter (go on), F3 (take the
photo), Enter (accept it), Enter (confirm the review), the blank card put in the encoder writes and prints by
itself, Enter (open the holder's PIN pad), the holder's PIN, Enter (hand the card over).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import FlowStep
from tests.gui.test_gui_idcard_fill import StandInWatch, card
from tests.support.gui import HOLDER_PIN, TIMEOUT_MS, log_in, wait_step

MAX_KEYSTROKES = 15  # the issue's figure


class Keys:
    """The clerk's keyboard: each key to the focused widget (the window when none has the focus), counted."""

    def __init__(self, window):
        self.window = window
        self.count = 0
        self.pressed: list[str] = []

    def press(self, key: Qt.Key) -> None:
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, key)
        self.count += 1
        self.pressed.append(key.name.removeprefix("Key_"))


def holder_types(pad, pin: str) -> None:
    """The holder's keys on the pad (not the clerk's: not counted)."""
    for d in pin:
        QTest.keyClick(pad, getattr(Qt.Key, f"Key_{d}"))
    QTest.keyClick(pad, Qt.Key.Key_Return)


def issuance_by_keys(qtbot, shell, encoder, reader) -> Keys:
    """One issuance from the home page to the card handed over, by keys alone; the clerk's keys."""
    main = log_in(qtbot, shell)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=TIMEOUT_MS)
    keys = Keys(main)

    keys.press(Qt.Key.Key_F2)  # new application
    flow = main.flow
    wait_step(qtbot, flow, FlowStep.APPLICANT)
    qtbot.waitUntil(reader.started.is_set, timeout=TIMEOUT_MS)
    page = flow.applicant_page
    reader.lay(card())  # the applicant's ID card on the reader: every field it holds is filled
    qtbot.waitUntil(lambda: page.valid and page.name.text() == "张三", timeout=TIMEOUT_MS)
    keys.press(Qt.Key.Key_Return)  # go on
    wait_step(qtbot, flow, FlowStep.PHOTO)

    step = flow.photo_step
    qtbot.waitUntil(step.capture_button.isEnabled, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS):
        keys.press(Qt.Key.Key_F3)  # take the photo
    if not step.result.ok and step.confirm_button.isEnabled():
        keys.press(Qt.Key.Key_F5)  # the clerk looked and confirms the crop
    assert step.result.ok or step.accept_button.isEnabled()
    keys.press(Qt.Key.Key_Return)  # accept the photo
    wait_step(qtbot, flow, FlowStep.REVIEW)

    keys.press(Qt.Key.Key_Return)  # the review is right: write the card
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)
    encoder.insert_blank()  # the blank card in the encoder: written, then printed, by itself
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)

    keys.press(Qt.Key.Key_Return)  # the holder's PIN pad
    qtbot.waitUntil(lambda: flow.pin_pad is not None and flow.pin_pad.isVisible(), timeout=TIMEOUT_MS)
    pad = flow.pin_pad
    holder_types(pad, HOLDER_PIN)
    holder_types(pad, HOLDER_PIN)
    qtbot.waitUntil(lambda: not flow.busy and flow.view.issuance.holder_pin_set, timeout=TIMEOUT_MS)
    keys.press(Qt.Key.Key_Return)  # hand the card over
    wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)
    return keys


@pytest.fixture
def reader(backends):
    from counter_app.ui.camera import DemoCameraSource

    watch = StandInWatch()
    backends.make_idcard_watch = watch.make
    backends.make_camera = lambda _s: DemoCameraSource(fps=20)
    return watch


def test_one_issuance_by_keys_alone_takes_at_most_15_keystrokes(qtbot, shell, encoder, reader):
    keys = issuance_by_keys(qtbot, shell, encoder, reader)
    print(f"keystrokes per issuance (ID card reader, camera): {keys.count} ({' '.join(keys.pressed)})")
    assert keys.count <= MAX_KEYSTROKES, keys.pressed
