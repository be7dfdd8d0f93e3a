"""The idle lock sees the clerk working: key presses and clicks that reach the app's windows (the main
window, and a dialog such as the holder's PIN pad) start the idle clock again. The activity filter sits on
the windows, not on the application, so that the GUI never pays Python for every internal event."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.support.gui import log_in


def _age(session, minutes: int) -> None:
    session.last_activity = session.clock() - dt.timedelta(minutes=minutes)


def test_a_key_press_on_the_main_window_counts_as_activity(qtbot, shell):
    main = log_in(qtbot, shell)
    session = shell.ctx.session
    _age(session, 3)
    window = main.windowHandle()
    QApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier))
    assert session.idle_for() < dt.timedelta(seconds=30)


def test_a_click_in_a_dialog_counts_as_activity(qtbot, shell):
    from counter_app.domain.pin import PinPolicy
    from counter_app.ui.clerk.pin_pad import PinPad

    log_in(qtbot, shell)
    session = shell.ctx.session
    pad = PinPad.for_new_pin(PinPolicy())
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    pad.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is pad.windowHandle(), timeout=5000)
    _age(session, 3)
    point = QPointF(5, 5)
    QApplication.sendEvent(pad.windowHandle(), QMouseEvent(
        QEvent.Type.MouseButtonPress, point, point, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier))
    assert session.idle_for() < dt.timedelta(seconds=30)
    pad.reject()
