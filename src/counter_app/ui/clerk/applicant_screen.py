"""The screen facing the applicant (面向申请人的屏幕): the payment QR code while a fee is paid, the service
rating (好差评) after the hand-over, a welcome otherwise.

With a second screen (``QGuiApplication.screens()``) the window opens full size on the screen the clerk's
window is not on, like the holder's PIN pad; with one screen it is a window of its own the clerk turns
towards the applicant. It only shows and asks: what the applicant chose goes out as signals (``rated``),
the clerk's flow records it on its worker.
"""

from __future__ import annotations

import io

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.problems import pick
from counter_app.domain.ratings import RATING_REASONS, RatingLevel


def qr_png(payload: str, scale: int = 8) -> bytes:
    """``payload`` as a QR code (PNG, error correction M, quiet zone kept: phones read it at a glance)."""
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_pixmap(payload: str, scale: int = 8) -> QPixmap:
    pix = QPixmap()
    pix.loadFromData(qr_png(payload, scale), "PNG")
    return pix


class ApplicantScreen(QWidget):
    """One window, three faces: welcome, payment, rating (then thanks)."""

    rated = Signal(int, str)  # level 1..5, the reason code ("" for none: the reason is optional)

    def __init__(self, parent: QWidget | None = None, *, lang: str = "zh"):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("applicantScreen")
        self.setWindowTitle(self.tr("社会保障卡服务"))
        self.lang = lang
        self.stack = QStackedWidget()

        self.welcome = QLabel(self.tr("欢迎办理社会保障卡业务"))
        self.welcome.setObjectName("bigPrompt")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)

        pay = QWidget()
        self.pay_title = QLabel()
        self.pay_title.setObjectName("bigPrompt")
        self.pay_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QLabel()
        self.qr.setObjectName("paymentQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pay_hint = QLabel(self.tr("请用手机扫描二维码付款，付款后请稍候，柜员将继续为您办理。"))
        self.pay_hint.setWordWrap(True)
        self.pay_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QVBoxLayout(pay)
        box.addWidget(self.pay_title)
        box.addWidget(self.qr, 1)
        box.addWidget(self.pay_hint)

        rate = QWidget()
        ask = QLabel(self.tr("请对本次服务进行评价"))
        ask.setObjectName("bigPrompt")
        ask.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.level_buttons: dict[int, QPushButton] = {}
        levels = QHBoxLayout()
        for level in sorted(RatingLevel, reverse=True):
            button = QPushButton(f"{'★' * int(level)}\n{level.label(lang)}")
            button.setObjectName("ratingLevel")
            button.setCheckable(True)
            button.setMinimumHeight(80)
            button.clicked.connect(lambda _=False, lv=int(level): self._choose_level(lv))
            self.level_buttons[int(level)] = button
            levels.addWidget(button)
        self.reason_boxes: dict[str, QCheckBox] = {}
        reasons = QGridLayout()
        for i, (code, (zh, en)) in enumerate(RATING_REASONS.items()):
            check = QCheckBox(pick(lang, zh, en))
            self.reason_boxes[code] = check
            # one reason at most, as the national system records it
            check.toggled.connect(lambda on, c=code: self._one_reason(c, on))
            reasons.addWidget(check, i // 4, i % 4)
        self.submit = QPushButton(self.tr("提交评价"))
        self.submit.setObjectName("primary")
        self.submit.setEnabled(False)
        self.submit.clicked.connect(self._submit)
        box = QVBoxLayout(rate)
        box.addStretch(1)
        box.addWidget(ask)
        box.addSpacing(24)
        box.addLayout(levels)
        box.addSpacing(24)
        box.addWidget(QLabel(self.tr("原因（可选）：")))
        box.addLayout(reasons)
        box.addSpacing(16)
        box.addWidget(self.submit, 0, Qt.AlignmentFlag.AlignRight)
        box.addStretch(1)
        # The chosen level stands out for an applicant who looks at it from across the counter.
        rate.setStyleSheet("QPushButton#ratingLevel { font-size: 18px; }"
                           "QPushButton#ratingLevel:checked { background: #0b4ea2; color: white; }")

        self.thanks = QLabel(self.tr("感谢您的评价！"))
        self.thanks.setObjectName("bigPrompt")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)

        for w in (self.welcome, pay, rate, self.thanks):
            self.stack.addWidget(w)
        self._pay, self._rate = pay, rate
        outer = QVBoxLayout(self)
        outer.addWidget(self.stack)
        self.level: int | None = None
        self._back = QTimer(self)
        self._back.setSingleShot(True)
        self._back.setInterval(5000)
        self._back.timeout.connect(self._back_to_welcome)
        self.resize(800, 600)

    # --- the faces ---------------------------------------------------------------------------------------

    @property
    def face(self) -> str:
        return {self.welcome: "welcome", self._pay: "payment", self._rate: "rating",
                self.thanks: "thanks"}[self.stack.currentWidget()]

    def show_welcome(self) -> None:
        self.stack.setCurrentWidget(self.welcome)

    def show_payment(self, amount_yuan: str, qr_payload: str) -> None:
        self.pay_title.setText(self.tr("应缴费用：%1 元").replace("%1", amount_yuan))
        self.qr.setPixmap(qr_pixmap(qr_payload))
        self.qr.setProperty("payload", qr_payload)
        self.stack.setCurrentWidget(self._pay)
        self.present()

    def ask_rating(self) -> None:
        self.level = None
        for button in self.level_buttons.values():
            button.setChecked(False)
        for check in self.reason_boxes.values():
            check.setChecked(False)
        self.submit.setEnabled(False)
        self.stack.setCurrentWidget(self._rate)
        self.present()

    def show_thanks(self) -> None:
        """Thanks, then the welcome again after a few seconds (the timer is the window's own)."""
        self.stack.setCurrentWidget(self.thanks)
        self._back.start()

    def _back_to_welcome(self) -> None:
        if self.stack.currentWidget() is self.thanks:
            self.show_welcome()

    def _choose_level(self, level: int) -> None:
        self.level = level
        for lv, button in self.level_buttons.items():
            button.setChecked(lv == level)
        self.submit.setEnabled(True)

    def _one_reason(self, code: str, checked: bool) -> None:
        if checked:
            for other_code, other in self.reason_boxes.items():
                if other_code != code and other.isChecked():
                    other.setChecked(False)

    def choose(self, level: int, reason: str = "") -> None:
        """What the applicant's taps do (tests, and a keypad's number keys)."""
        self._choose_level(level)
        for code, check in self.reason_boxes.items():
            check.setChecked(code == reason)
        self._submit()

    def _submit(self) -> None:
        if self.level is None:
            return
        reason = next((code for code, check in self.reason_boxes.items() if check.isChecked()), "")
        self.submit.setEnabled(False)
        self.rated.emit(self.level, reason)

    # --- where it shows --------------------------------------------------------------------------------

    def present(self) -> None:
        """Show on the applicant's screen (a second screen when there is one)."""
        screens = QGuiApplication.screens()
        parent = self.parentWidget()
        if len(screens) >= 2:
            own = parent.window().screen() if parent is not None else QGuiApplication.primaryScreen()
            other = next((s for s in screens if s is not own), None)
            if other is not None:
                self.setScreen(other)
                self.setGeometry(other.availableGeometry())
        self.show()
        self.raise_()
