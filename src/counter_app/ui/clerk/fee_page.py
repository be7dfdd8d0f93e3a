"""The fee page of the clerk's flow (缴费): what is due, and the three ways to settle it.

QR: the order's code goes to the applicant's screen (and, smaller, here, for a clerk with one screen); the
flow widget polls the order while it is open. Cash: the clerk types what was received, the change and the
receipt follow. Waiver: a reason code of ``fees.waivers`` and, for a clerk, the reason in words. The page
only draws a :class:`~counter_app.services.flow.FeeView` and emits what the clerk chose.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.problems import pick
from counter_app.ui.clerk.applicant_screen import qr_pixmap
from counter_app.ui.clerk.pages import ChoiceButtons, bind_key


def fen_of(text: str) -> int | None:
    """``"50"``, ``"50.5"``, ``"５０"`` → fen; ``None`` for anything that is not a sum of money."""
    import unicodedata

    try:
        value = Decimal(unicodedata.normalize("NFKC", text).strip().replace("元", "").replace("¥", ""))
    except InvalidOperation:
        return None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        return None
    return int(value * 100)


class FeePage(QWidget):
    payByQr = Signal()             # noqa: N815
    cancelQr = Signal()            # noqa: N815
    payCash = Signal(int)          # noqa: N815  fen received
    waive = Signal(str, str)       # waiver code, reason

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setObjectName("bigPrompt")
        self.prompt.setWordWrap(True)
        self.amount = QLabel()
        self.amount.setObjectName("feeAmount")
        self.message = QLabel()
        self.message.setWordWrap(True)

        qr_box = QGroupBox(self.tr("扫码支付"))
        self.qr_button = QPushButton(self.tr("生成付款二维码 (F5)"))
        self.qr_button.setObjectName("primary")
        bind_key(self.qr_button, "F5")
        self.qr_button.clicked.connect(self.payByQr)
        self.cancel_qr_button = QPushButton(self.tr("取消扫码支付"))
        self.cancel_qr_button.clicked.connect(self.cancelQr)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_state = QLabel()
        self.qr_state.setWordWrap(True)
        box = QVBoxLayout(qr_box)
        box.addWidget(self.qr_button)
        box.addWidget(self.qr, 1)
        box.addWidget(self.qr_state)
        box.addWidget(self.cancel_qr_button)

        cash_box = QGroupBox(self.tr("现金"))
        self.received = QLineEdit()
        self.received.setPlaceholderText(self.tr("实收金额（元）"))
        self.change = QLabel()
        self.cash_button = QPushButton(self.tr("收取现金并打印收据 (F6)"))
        bind_key(self.cash_button, "F6")
        self.cash_button.clicked.connect(self._cash)
        self.received.textChanged.connect(self._show_change)
        self.received.returnPressed.connect(self._cash)
        form = QFormLayout(cash_box)
        form.addRow(self.tr("实收"), self.received)
        form.addRow(self.tr("找零"), self.change)
        form.addRow(self.cash_button)

        waive_box = QGroupBox(self.tr("减免"))
        self.waiver = QComboBox()
        self.waiver_reason = QLineEdit()
        self.waiver_reason.setPlaceholderText(self.tr("减免说明（如：持残疾人证）"))
        self.waive_button = QPushButton(self.tr("办理减免"))
        self.waive_button.clicked.connect(
            lambda: self.waive.emit(str(self.waiver.currentData() or ""), self.waiver_reason.text().strip()))
        form = QFormLayout(waive_box)
        form.addRow(self.tr("减免原因"), self.waiver)
        form.addRow(self.tr("说明"), self.waiver_reason)
        form.addRow(self.waive_button)

        self.choices = ChoiceButtons()
        row = QHBoxLayout()
        row.addWidget(qr_box, 2)
        side = QVBoxLayout()
        side.addWidget(cash_box)
        side.addWidget(waive_box)
        side.addStretch(1)
        row.addLayout(side, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(self.prompt)
        outer.addWidget(self.amount)
        outer.addLayout(row, 1)
        outer.addWidget(self.message)
        outer.addWidget(self.choices)
        self._due_fen = 0

    def show_fee(self, fee, prompt: str, message: str = "", lang: str = "zh") -> None:
        self._due_fen = fee.amount_fen
        self.prompt.setText(prompt)
        self.amount.setText(self.tr("应收：%1 元").replace("%1", fee.yuan))
        self.message.setText(message)
        open_order = fee.order is not None and fee.status == "pending"
        self.qr_button.setEnabled(fee.qr_available and not open_order)
        self.qr_button.setToolTip("" if fee.qr_available else self.tr("未配置扫码支付（柜台未连接中心账本）"))
        self.cancel_qr_button.setVisible(open_order)
        self.cash_button.setEnabled(not open_order)
        self.waive_button.setEnabled(not open_order and bool(fee.waivers))
        if open_order:
            self.qr.setPixmap(qr_pixmap(fee.order.qr_payload, 4))
            self.qr_state.setText(self.tr("二维码已显示在申请人屏幕上，等待付款…（有效期至 %1）")
                                  .replace("%1", str(fee.order.expires_at)[11:19] or "—"))
        else:
            self.qr.clear()
            self.qr_state.setText("")
        current = self.waiver.currentData()
        self.waiver.clear()
        for code, name, name_en in fee.waivers:
            self.waiver.addItem(pick(lang, name, name_en or name), code)
        if current is not None:
            self.waiver.setCurrentIndex(max(0, self.waiver.findData(current)))
        self._show_change()

    def _show_change(self) -> None:
        fen = fen_of(self.received.text())
        if fen is None or fen < self._due_fen:
            self.change.setText("—")
        else:
            from counter_app.domain.fees import yuan

            self.change.setText(self.tr("%1 元").replace("%1", yuan(fen - self._due_fen)))

    def _cash(self) -> None:
        fen = fen_of(self.received.text())
        if fen is None:
            self.message.setText(self.tr("请输入实收金额，例如 20 或 50.00。"))
            self.received.setFocus()
            return
        self.payCash.emit(fen)
