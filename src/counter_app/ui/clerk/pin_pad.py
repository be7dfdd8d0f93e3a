"""The on-screen PIN pad the holder types their PIN on (a screen facing the holder, not the clerk).

Made for a counter without a reader PIN pad (PC/SC part 10): the holder, not the clerk, types.

- The ten digit keys are laid out in a new random order (``secrets``) each time the pad opens, so a
  camera or a look over the shoulder at the key positions tells nothing about the digits.
- What is typed shows as dots, never as digits; a holder-side numeric keypad (keyboard digits) is
  accepted and never echoed either.
- Stages: the current PIN (change, verify), a new PIN then the same again to confirm. While a new
  PIN is typed the :class:`~counter_app.domain.pin.PinPolicy` says what is wrong with it (length,
  the initial PIN, one digit repeated, a straight run) in the user's language — the rule, never the
  digits. The confirmation is compared in constant time and wiped at once.
- The PIN exists only in ``bytearray`` buffers: wiped on backspace/clear, when the pad is cancelled
  or closed, and handed over on acceptance through :attr:`PinPad.entered` — from then on they belong
  to the slot, whose service wipes them after the card command (the flow wipes them again).
- With a second screen (``QGuiApplication.screens()``), the pad opens on the screen the main window
  is not on: the one facing the holder.
"""

from __future__ import annotations

import hmac
import secrets
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.pin import PinPolicy, wipe

DOT, EMPTY_DOT = "●", "○"
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}


class PinStage(StrEnum):
    CURRENT = "current"   # the PIN the card has now (change, verify)
    NEW = "new"           # the PIN the holder chooses
    CONFIRM = "confirm"   # the new PIN once more


class PinPad(QDialog):
    """A PIN pad of ``stages``; emits :attr:`entered` with one ``bytearray`` per stage except the
    confirmation (in stage order), then forgets them. Cancelled or closed: everything is wiped."""

    entered = Signal(object)  # tuple[bytearray, ...]: ownership passes to the slot
    keysShuffled = Signal()   # noqa: N815

    def __init__(self, policy: PinPolicy, stages: tuple[PinStage, ...] = (PinStage.NEW, PinStage.CONFIRM), *,
                 lang: str = "zh", title: str | None = None, parent: QWidget | None = None, rng=None):
        super().__init__(parent)
        self.setObjectName("pinPad")
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)  # no input method sees the digits
        self.setWindowTitle(title or self.tr("输入密码"))
        self.policy = policy
        self.stages = tuple(stages)
        self.lang = lang
        self._rng = rng or secrets.SystemRandom()
        self._stage_index = 0
        self._entry = bytearray()
        self._kept: dict[PinStage, bytearray] = {}

        self.prompt = QLabel()
        self.prompt.setObjectName("bigPrompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        self.display = QLabel()
        self.display.setObjectName("pinDots")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setStyleSheet("font-size: 26pt; letter-spacing: 6px;")
        self.feedback = QLabel()
        self.feedback.setObjectName("pinFeedback")
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.feedback.setWordWrap(True)

        self.digit_buttons: dict[int, QPushButton] = {}
        for d in range(10):
            b = QPushButton(str(d))
            b.setObjectName("pinKey")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumSize(72, 56)
            b.setStyleSheet("font-size: 18pt;")
            b.clicked.connect(lambda _c=False, digit=d: self.press_digit(digit))
            self.digit_buttons[d] = b
        self.clear_button = QPushButton(self.tr("清除"))
        self.backspace_button = QPushButton(self.tr("退格"))
        self.cancel_button = QPushButton(self.tr("取消"))
        self.ok_button = QPushButton(self.tr("确定"))
        self.ok_button.setObjectName("primary")
        for b in (self.clear_button, self.backspace_button, self.cancel_button, self.ok_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(48)
        self.clear_button.clicked.connect(self.clear)
        self.backspace_button.clicked.connect(self.backspace)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.next_stage)

        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        box = QVBoxLayout(self)
        box.addWidget(self.prompt)
        box.addWidget(self.display)
        box.addWidget(self.feedback)
        box.addLayout(self.grid)
        row = QHBoxLayout()
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.ok_button)
        box.addLayout(row)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.shuffle_keys()
        self._refresh()

    # --- kinds of pad -------------------------------------------------------------------------

    @classmethod
    def for_new_pin(cls, policy: PinPolicy, **kw) -> PinPad:
        return cls(policy, (PinStage.NEW, PinStage.CONFIRM), **kw)

    @classmethod
    def for_change(cls, policy: PinPolicy, **kw) -> PinPad:
        return cls(policy, (PinStage.CURRENT, PinStage.NEW, PinStage.CONFIRM), **kw)

    @classmethod
    def for_current(cls, policy: PinPolicy, **kw) -> PinPad:
        return cls(policy, (PinStage.CURRENT,), **kw)

    # --- the keys -----------------------------------------------------------------------------

    def shuffle_keys(self) -> None:
        """Lay the digit keys out in a fresh random order: 3 × 3, the tenth between clear and backspace."""
        digits = list(range(10))
        self._rng.shuffle(digits)
        for i in reversed(range(self.grid.count())):
            self.grid.takeAt(i)
        for pos, d in enumerate(digits[:9]):
            self.grid.addWidget(self.digit_buttons[d], pos // 3, pos % 3)
        self.grid.addWidget(self.clear_button, 3, 0)
        self.grid.addWidget(self.digit_buttons[digits[9]], 3, 1)
        self.grid.addWidget(self.backspace_button, 3, 2)
        self._order = tuple(digits)
        self.keysShuffled.emit()

    def key_order(self) -> tuple[int, ...]:
        """The digits in reading order of the keys (row by row), as laid out now."""
        return self._order

    @property
    def stage(self) -> PinStage:
        return self.stages[self._stage_index]

    @property
    def typed(self) -> int:
        """How many digits are typed in the current stage (the count, never the digits)."""
        return len(self._entry)

    def press_digit(self, digit: int) -> None:
        if len(self._entry) < self._max_length():
            self._entry.append(0x30 + int(digit))
        self._refresh()

    def backspace(self) -> None:
        if self._entry:
            self._entry[-1] = 0
            del self._entry[-1]
        self._refresh()

    def clear(self) -> None:
        wipe(self._entry)
        self._refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """A holder-side numeric keypad: digits, backspace, delete (clear), Enter (OK), Esc (cancel)."""
        key = event.key()
        if key in _DIGIT_KEYS:
            self.press_digit(_DIGIT_KEYS[key])
        elif key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key == Qt.Key.Key_Delete:
            self.clear()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.ok_button.isEnabled():
                self.next_stage()
        elif key == Qt.Key.Key_Escape:
            self.reject()
        event.accept()  # never passed on: nothing else sees what the holder types

    # --- stages -------------------------------------------------------------------------------

    def _max_length(self) -> int:
        return self.policy.max_length if self.stage is PinStage.CURRENT else self.policy.length

    def _ready(self) -> bool:
        n = len(self._entry)
        if self.stage is PinStage.CURRENT:
            return self.policy.min_length <= n <= self.policy.max_length
        if self.stage is PinStage.CONFIRM:
            return n == self.policy.length
        return n == self.policy.length and not self.policy.problems(self._entry)

    def next_stage(self) -> None:
        """OK: keep this stage's PIN and go on; after the confirmation, hand the PINs over."""
        if not self._ready():
            return
        stage = self.stage
        if stage is PinStage.CONFIRM:
            new = self._kept.get(PinStage.NEW, bytearray())
            same = hmac.compare_digest(bytes(self._entry), bytes(new)) if new else False
            wipe(self._entry)
            if not same:
                wipe(self._kept.pop(PinStage.NEW, None))
                self._stage_index = self.stages.index(PinStage.NEW)
                self._refresh(self.tr("两次输入的新密码不一致，请重新输入新密码。"))
                return
        else:
            self._kept[stage] = self._entry
            self._entry = bytearray()
        if self._stage_index + 1 < len(self.stages):
            self._stage_index += 1
            self._refresh()
            return
        self.accept()

    def accept(self) -> None:
        if len(self._kept) != len([s for s in self.stages if s is not PinStage.CONFIRM]):
            return  # only next_stage completes the pad
        pins = tuple(self._kept[s] for s in self.stages if s is not PinStage.CONFIRM)
        self._kept = {}  # handed over: the slot (its service) wipes them
        self.entered.emit(pins)
        super().accept()

    def done(self, result: int) -> None:
        self._wipe_all()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._wipe_all()
        super().closeEvent(event)

    def _wipe_all(self) -> None:
        wipe(self._entry)
        for buf in self._kept.values():
            wipe(buf)
        self._kept = {}

    # --- drawing ------------------------------------------------------------------------------

    def _refresh(self, message: str | None = None) -> None:
        stage, n = self.stage, len(self._entry)
        prompts = {PinStage.CURRENT: self.tr("请输入卡片当前密码"),
                   PinStage.NEW: self.tr("请输入新密码（%1 位数字）").replace("%1", str(self.policy.length)),
                   PinStage.CONFIRM: self.tr("请再次输入新密码")}
        self.prompt.setText(prompts[stage])
        if stage is PinStage.CURRENT:
            self.display.setText(DOT * n if n else " ")
        else:
            self.display.setText(DOT * n + EMPTY_DOT * (self.policy.length - n))
        error = False
        if message is not None:
            text, error = message, True
        elif stage is PinStage.NEW and n == self.policy.length:
            problems = self.policy.problems(self._entry)
            text, error = (problems[0].message(self.lang), True) if problems else (self.tr("密码可用，请按“确定”。"), False)
        elif stage is PinStage.NEW:
            text = self.tr("已输入 %1 位，共 %2 位").replace("%1", str(n)).replace("%2", str(self.policy.length))
        elif stage is PinStage.CONFIRM:
            text = self.tr("已输入 %1 位，共 %2 位").replace("%1", str(n)).replace("%2", str(self.policy.length))
        else:
            text = self.tr("已输入 %1 位").replace("%1", str(n))
        self.feedback.setText(text)
        self.feedback.setStyleSheet("color: #c62828;" if error else "color: #555555;")
        self.ok_button.setEnabled(self._ready())
        self.backspace_button.setEnabled(n > 0)
        self.clear_button.setEnabled(n > 0)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.shuffle_keys()  # a new layout every time the pad opens
        super().showEvent(event)
        self._to_holder_screen()
        self.setFocus()

    def _to_holder_screen(self) -> None:
        """With more than one screen, open on one the main window is not on (the holder's)."""
        screens = QGuiApplication.screens()
        if len(screens) < 2:
            return
        parent = self.parentWidget()
        own = parent.window().screen() if parent is not None else QGuiApplication.primaryScreen()
        holder = next((s for s in screens if s is not own), None)
        if holder is None:
            return
        self.setScreen(holder)
        geo = holder.availableGeometry()
        self.move(geo.center().x() - self.width() // 2, geo.center().y() - self.height() // 2)
