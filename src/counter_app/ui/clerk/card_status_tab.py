"""卡状态: a card's status by its card number — 正常, 临时挂失, 挂失, 注销 — with a reason chosen from a
list of codes. A final status (formal loss, cancellation) is confirmed in a dialog first; a formal loss
opens the replacement application (reason 11, the holder's data carried over), which the clerk may
open in the issuance flow at once. The change is recorded and queued for the ledger by the service.

A 未启用 card (collected by an agent) shows 激活: the holder, in person with the card in the encoder, chooses
their PIN (the card still has the initial one) or enters it — on the reader's own keypad when it has one,
else on the pad facing them — and the activation service makes it 正常. Both steps run on the device worker
(:func:`job_activation_check`, :func:`job_activate`); the pad's buffers go straight to the job and are wiped."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.cardids import check_card_number
from counter_app.domain.pin import wipe
from counter_app.services.card_services import STATUS_REASONS, CardStatus
from counter_app.ui.clerk.card_service_tab import CHOOSABLE_STATUSES, FINAL_CHOICES, ServiceTab
from counter_app.ui.clerk.pin_pad import PinPad
from counter_app.ui.context import job_card_status, job_set_card_status, pin_policy_of


def job_activation_check(session, card_number: str):
    """Device job: ``(needs_new_pin, on_reader)`` for the 未启用 card ``card_number`` — whether the holder
    chooses their PIN now, and whether the encoder's reader has its own keypad (a card must be in it; not
    known counts as none). Refused in plain words when the card does not wait for activation."""
    def job(ctx, _report):
        activation = ctx.services.activation
        needs_new = activation.needs_new_pin(session, card_number)
        on_reader = False
        if ctx.services.card_services is not None:
            try:
                on_reader = ctx.services.card_services.reader_has_pin_pad(session)
            except Exception:  # no card in yet, a reader that cannot say: the on-screen pad
                on_reader = False
        return needs_new, on_reader
    return job


def job_activate(session, card_number: str, pins: tuple[bytearray, ...] = (), *, on_reader: bool = False):
    """Device job: the holder's activation of ``card_number`` (the PIN typed on the pad, wiped afterwards
    whatever happens; none with ``on_reader``)."""
    def job(ctx, _report):
        try:
            return ctx.services.activation.activate(session, card_number, pins[0] if pins else None,
                                                    on_reader=on_reader)
        finally:
            for pin in pins:
                wipe(pin)
    return job


class CardStatusTab(ServiceTab):
    openIssuance = Signal(str)  # noqa: N815  the replacement application opened by a formal loss

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(app_ctx, parent)
        self.current: CardStatus | None = None
        self.replacement_id: str | None = None
        self.confirm_dialog: QMessageBox | None = None
        self.card_number = QLineEdit()
        self.card_number.setObjectName("statusCardNumber")
        self.card_number.setMaxLength(9)
        self.card_number.setPlaceholderText(self.tr("9 位社会保障卡卡号"))
        self.lookup_button = QPushButton(self.tr("查询状态"))
        self.current_label = QLabel("—")
        self.current_label.setObjectName("currentStatus")
        self.new_status = QComboBox()
        self.new_status.setObjectName("newStatus")
        for s in CHOOSABLE_STATUSES:
            self.new_status.addItem(f"{self.texts.status(s)} ({s.value})", s.value)
        self.reason = QComboBox()
        self.reason.setObjectName("statusReason")
        self.change_button = QPushButton(self.tr("变更状态…"))
        self.change_button.setObjectName("primary")
        self.replacement_button = QPushButton(self.tr("办理补卡申请"))
        self.replacement_button.setVisible(False)
        self.activate_button = QPushButton(self.tr("激活…"))
        self.activate_button.setObjectName("activateCard")
        self.activate_button.setToolTip(self.tr("持卡人本人到柜台，插入此卡，设置或输入密码后启用"))
        self.activate_button.setVisible(False)
        self.activate_button.clicked.connect(self.activate)
        self.lookup_button.clicked.connect(self.lookup)
        self.change_button.clicked.connect(self.change)
        self.replacement_button.clicked.connect(self._open_replacement)
        self.card_number.textChanged.connect(self._number_changed)
        self.new_status.currentIndexChanged.connect(lambda _i: self._fill_reasons())
        number_row = QHBoxLayout()
        number_row.addWidget(self.card_number, 1)
        number_row.addWidget(self.lookup_button)
        form = QFormLayout()
        number_label = QLabel(self.tr("卡号(&N)"))
        number_label.setBuddy(self.card_number)
        form.addRow(number_label, number_row)
        form.addRow(self.tr("当前状态"), self.current_label)
        form.addRow(self.tr("新状态(&S)"), self.new_status)
        form.addRow(self.tr("原因(&R)"), self.reason)
        note = QLabel(self.tr("挂失与注销是最终状态，不能撤销；挂失后将自动新建补卡申请（原因：挂失补卡），"
                              "并带出持卡人信息。状态变更同步至中心台账。"))
        note.setObjectName("hint")
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.replacement_button)
        buttons.addWidget(self.activate_button)
        buttons.addStretch(1)
        self.actions = [self.lookup_button, self.change_button, self.activate_button]
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(note)
        box.addWidget(self.message)
        box.addLayout(buttons)
        box.addStretch(1)
        self.new_status.setCurrentIndex(CHOOSABLE_STATUSES.index(CardStatus.TEMPORARY_LOSS))  # the usual call
        self._fill_reasons()
        self.update_actions()

    # --- input --------------------------------------------------------------------------------

    def set_card_number(self, number: str) -> None:
        self.card_number.setText(number)
        if self._valid_number() and not self.busy:
            self.lookup()

    def _valid_number(self) -> str | None:
        checked = check_card_number(self.card_number.text().strip())
        return checked.normalized if checked.valid else None

    def _number_changed(self, _text: str) -> None:
        self.current = None
        self.current_label.setText("—")
        self.activate_button.setVisible(False)
        self.update_actions()

    def _fill_reasons(self) -> None:
        self.reason.clear()
        for code in STATUS_REASONS[self.wanted()]:
            self.reason.addItem(f"{self.texts.reason(code)} ({code})", code)

    def wanted(self) -> CardStatus:
        return CardStatus(self.new_status.currentData())

    def select(self, status: CardStatus, reason: str | None = None) -> None:
        """Choose the new status (and a reason code) as the clerk would in the lists."""
        self.new_status.setCurrentIndex(self.new_status.findData(CardStatus(status).value))
        if reason is not None:
            self.reason.setCurrentIndex(self.reason.findData(reason))

    def update_actions(self) -> None:
        valid = self._valid_number() is not None
        self.lookup_button.setEnabled(not self.busy and valid)
        self.change_button.setEnabled(not self.busy and valid)
        self.activate_button.setEnabled(not self.busy and valid and self.current is CardStatus.NOT_ACTIVATED)

    # --- actions ------------------------------------------------------------------------------

    def lookup(self) -> None:
        number = self._valid_number()
        if number is None or self.busy:
            return
        self.run(job_card_status(self.ctx.session, number), self._show_current)

    def _show_current(self, status) -> None:
        self.current = CardStatus(status)
        self.current_label.setText(f"{self.texts.status(self.current)} ({self.current.value})")
        waiting = self.current is CardStatus.NOT_ACTIVATED
        self.activate_button.setVisible(waiting)
        self.update_actions()
        if waiting:
            self.say(self.tr("此卡尚未启用（如由代办人领取）：请持卡人本人到柜台，插入此卡后点击“激活”。"), warning=True)

    # --- activation by the holder in person -------------------------------------------------------

    def activate(self) -> None:
        number = self._valid_number()
        if number is None or self.busy or self.current is not CardStatus.NOT_ACTIVATED:
            return
        self.run(job_activation_check(self.ctx.session, number), lambda found: self._ask_pin(number, *found))

    def _ask_pin(self, number: str, needs_new: bool, on_reader: bool) -> None:
        session = self.ctx.session
        if on_reader:
            self.say(self.tr("请持卡人在读卡器的密码键盘上输入密码。"))
            self.run(job_activate(session, number, on_reader=True), self._activated)
            return
        policy = pin_policy_of(self.ctx.settings)
        pad = (PinPad.for_new_pin(policy, lang=self.ctx.lang, title=self.tr("设置密码并激活"), parent=self)
               if needs_new else
               PinPad.for_current(policy, lang=self.ctx.lang, title=self.tr("输入密码并激活"), parent=self))
        self.open_pad(pad, lambda pins: self.run(job_activate(session, number, tuple(pins)), self._activated))

    def _activated(self, done) -> None:
        self._show_current(CardStatus.ACTIVE)
        self.say(self.tr("卡 %1 已激活，状态为“正常”，将同步至中心台账和卡管系统。").replace("%1", done.card_number))

    def change(self) -> None:
        number = self._valid_number()
        if number is None or self.busy:
            self.say(self.tr("请输入有效的卡号。"), error=True)
            return
        wanted, reason = self.wanted(), self.reason.currentData()
        if wanted in FINAL_CHOICES:
            self._confirm(number, wanted, reason)
        else:
            self._apply(number, wanted, reason)

    def _confirm(self, number: str, wanted: CardStatus, reason: str) -> None:
        text = (self.tr("将卡 %1 的状态改为“%2”？此为最终状态，不能撤销。").replace("%1", number)
                .replace("%2", self.texts.status(wanted)))
        if wanted is CardStatus.LOSS:
            text += "\n" + self.tr("挂失后将为持卡人新建补卡申请。")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("确认变更卡状态"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("确认变更"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.confirm_dialog = box

        def answered(_result: int) -> None:
            self.confirm_dialog = None
            box.deleteLater()
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self._apply(number, wanted, reason)
            else:
                self.say(self.tr("未变更卡状态。"))

        box.finished.connect(answered)
        box.open()

    def _apply(self, number: str, wanted: CardStatus, reason: str) -> None:
        self.replacement_id = None
        self.replacement_button.setVisible(False)
        self.run(job_set_card_status(self.ctx.session, number, wanted, reason), self._changed)

    def _open_replacement(self) -> None:
        if self.replacement_id:
            self.openIssuance.emit(self.replacement_id)

    def _changed(self, change) -> None:
        self._show_current(change.to_status)
        text = (self.tr("卡 %1 的状态已由“%2”改为“%3”，将同步至中心台账。").replace("%1", change.card_number)
                .replace("%2", self.texts.status(change.from_status)).replace("%3", self.texts.status(change.to_status)))
        if change.replacement_issuance_id:
            self.replacement_id = change.replacement_issuance_id
            text += "\n" + self.tr("已为持卡人新建补卡申请（编号 %1），可立即办理。").replace(
                "%1", change.replacement_issuance_id)
            self.replacement_button.setVisible(True)
        self.say(text)
