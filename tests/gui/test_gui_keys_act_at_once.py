"""The clerk's keys act as they are pressed: the handler has run when the key press returns.

``QPushButton.setShortcut`` animates a click (``animateClick``) and runs the handler ~100 ms later; the
flow's buttons use :func:`~counter_app.ui.clerk.pages.bind_key` instead. The first test shows the
difference on the same key press (so it fails if a button goes back to ``setShortcut``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from counter_app.services.flow import Choice
from counter_app.ui.clerk.pages import ChoiceButtons, bind_key


def _window(qtbot, *children):
    w = QWidget()
    box = QVBoxLayout(w)
    for c in children:
        box.addWidget(c)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def test_a_bound_key_runs_the_handler_during_the_key_press_and_a_button_shortcut_does_not(qtbot):
    bound, animated = QPushButton("bound (F8)"), QPushButton("animated (F9)")
    ran: list[str] = []
    bound.clicked.connect(lambda: ran.append("bound"))
    animated.clicked.connect(lambda: ran.append("animated"))
    bind_key(bound, "F8")
    animated.setShortcut("F9")
    w = _window(qtbot, bound, animated)

    qtbot.keyClick(w, Qt.Key.Key_F8)
    assert ran == ["bound"]  # synchronously: no event loop turn in between
    qtbot.keyClick(w, Qt.Key.Key_F9)
    assert ran == ["bound"]  # the button's own shortcut has only started its 100 ms click animation
    qtbot.waitUntil(lambda: ran == ["bound", "animated"], timeout=2000)


def test_the_choice_keys_act_at_once_and_only_for_the_choices_shown(qtbot):
    choices = ChoiceButtons()
    chosen: list[Choice] = []
    choices.chosen.connect(chosen.append)
    w = _window(qtbot, choices)
    choices.show_choices((Choice.REPRINT, Choice.SPOIL))

    qtbot.keyClick(w, Qt.Key.Key_F8)
    assert chosen == [Choice.REPRINT]  # the F8 of the choice shown, not of PRINT or RETRY (hidden)
    qtbot.keyClick(w, Qt.Key.Key_F10)
    assert chosen == [Choice.REPRINT, Choice.SPOIL]
    qtbot.keyClick(w, Qt.Key.Key_F9)  # ANOTHER_CARD is not offered here
    choices.disable_all()  # a job runs: no key acts
    qtbot.keyClick(w, Qt.Key.Key_F8)
    assert chosen == [Choice.REPRINT, Choice.SPOIL]
