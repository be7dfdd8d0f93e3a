"""The holder's on-screen PIN pad: shuffled keys, dots instead of digits, the policy's feedback in the
holder's language, and a PIN that lives only in a buffer wiped when the pad closes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton

from counter_app.domain.pin import PinPolicy
from counter_app.ui.clerk.pin_pad import DOT, PinPad, PinStage

POLICY = PinPolicy(initial_pin="123456", length=6)


def type_digits(pad: PinPad, digits: str) -> None:
    """Press the on-screen keys, wherever the shuffle put them."""
    for d in digits:
        pad.digit_buttons[int(d)].click()


def visible_texts(pad: PinPad) -> list[str]:
    """Everything the pad shows that is not a key cap."""
    keys = set(pad.digit_buttons.values())
    texts = [w.text() for w in pad.findChildren(QLabel)] + [pad.windowTitle()]
    texts += [b.text() for b in pad.findChildren(QPushButton) if b not in keys]
    return texts


@pytest.fixture
def pad(qtbot):
    p = PinPad.for_new_pin(POLICY, lang="en")
    qtbot.addWidget(p)
    return p


def test_the_digit_keys_are_laid_out_anew_each_time_the_pad_opens(qtbot):
    layouts = set()
    for _ in range(4):
        p = PinPad.for_new_pin(POLICY)
        qtbot.addWidget(p)
        p.open()
        assert sorted(p.key_order()) == list(range(10))
        layouts.add(p.key_order())
        p.reject()
    assert len(layouts) > 1  # four equal random orders of ten keys: about 1 in 10^19


def test_typed_digits_show_as_dots_and_never_as_digits(qtbot, pad):
    pad.open()
    type_digits(pad, "2580")
    assert pad.display.text().count(DOT) == 4
    assert pad.typed == 4
    assert not any("2580" in t or "258" in t for t in visible_texts(pad))


def test_a_holder_side_keypad_types_without_echo(qtbot, pad):
    pad.open()
    for key in (Qt.Key.Key_9, Qt.Key.Key_7, Qt.Key.Key_5):
        qtbot.keyClick(pad, key)
    assert pad.typed == 3 and pad.display.text().count(DOT) == 3
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.typed == 2
    assert not any("97" in t for t in visible_texts(pad))


def test_the_policy_says_what_is_wrong_in_the_users_language(qtbot, pad):
    pad.open()
    type_digits(pad, "123456")  # the initial PIN
    assert pad.feedback.text() == "The initial PIN cannot be chosen as the new PIN."
    assert not pad.ok_button.isEnabled()
    pad.clear()
    type_digits(pad, "777777")
    assert "one digit repeated" in pad.feedback.text()
    pad.clear()
    type_digits(pad, "654321")
    assert "straight run" in pad.feedback.text()
    pad.clear()
    type_digits(pad, "135790")
    assert pad.ok_button.isEnabled() and pad.stage is PinStage.NEW


def test_the_chinese_pad_speaks_chinese(qtbot):
    p = PinPad.for_new_pin(POLICY, lang="zh")
    qtbot.addWidget(p)
    p.open()
    type_digits(p, "111111")
    assert p.feedback.text() == "密码不能全部是同一个数字。"


def test_a_confirmation_that_differs_starts_the_new_pin_again(qtbot, pad):
    pad.open()
    type_digits(pad, "135790")
    pad.ok_button.click()
    assert pad.stage is PinStage.CONFIRM
    type_digits(pad, "135791")
    pad.ok_button.click()
    assert pad.stage is PinStage.NEW and pad.typed == 0
    assert pad.isVisible()


def test_the_accepted_pin_is_handed_over_once_and_the_pad_keeps_nothing(qtbot, pad):
    got = []
    pad.entered.connect(got.append)
    pad.open()
    type_digits(pad, "135790")
    pad.ok_button.click()
    type_digits(pad, "135790")
    with qtbot.waitSignal(pad.finished):
        pad.ok_button.click()
    [(new,)] = got
    assert isinstance(new, bytearray) and new == bytearray(b"135790")
    assert pad.result() == QDialog.DialogCode.Accepted
    assert pad._kept == {} and pad._entry == bytearray()


def test_a_cancelled_pad_wipes_what_was_typed(qtbot):
    p = PinPad.for_change(POLICY)
    qtbot.addWidget(p)
    got = []
    p.entered.connect(got.append)
    p.open()
    type_digits(p, "246801")
    p.ok_button.click()  # the current PIN is kept for the next stage ...
    kept = p._kept[PinStage.CURRENT]
    type_digits(p, "13")
    typing = p._entry
    qtbot.keyClick(p, Qt.Key.Key_Escape)  # ... until the holder cancels
    assert got == []
    assert kept == bytearray() and typing == bytearray()
