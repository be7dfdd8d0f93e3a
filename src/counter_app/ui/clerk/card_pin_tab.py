"""密码服务: the PIN of the card in the encoder — tries left, verify, change (the holder types the old and
the new PIN on the pad facing them), and reset for a holder who proved their identity at the counter
(the clerk types the ID number from the holder's ID card; the PSAM computes the reset's secure
messaging; the reason is a code). Every card command runs on the device worker; the pad's buffers go
straight to it and are wiped there."""

from __future__ import annotations

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

from counter_app.card.errors import PinBlocked
from counter_app.services.card_services import PinResetReason
from counter_app.ui.clerk.card_service_tab import ServiceTab
from counter_app.ui.clerk.pin_pad import PinPad
from counter_app.ui.context import job_on_card_services, job_pin_tries_left, pin_policy_of


class CardPinTab(ServiceTab):
    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(app_ctx, parent)
        self.policy = pin_policy_of(app_ctx.settings)
        hint = QLabel(self.tr("请将持卡人的卡片插入写卡器。密码只由持卡人在面向其的密码键盘上输入，柜员不得代输。"))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.tries = QLabel()
        self.tries.setObjectName("pinTries")
        self.tries_button = QPushButton(self.tr("查询剩余次数"))
        self.verify_button = QPushButton(self.tr("校验密码…"))
        self.change_button = QPushButton(self.tr("修改密码…"))
        self.tries_button.clicked.connect(self.read_tries)
        self.verify_button.clicked.connect(self.verify)
        self.change_button.clicked.connect(self.change)
        row = QHBoxLayout()
        for b in (self.tries_button, self.verify_button, self.change_button):
            row.addWidget(b)
        row.addStretch(1)

        reset = QGroupBox(self.tr("密码重置（持卡人本人持身份证到柜台）"))
        self.id_number = QLineEdit()
        self.id_number.setObjectName("resetIdNumber")
        self.id_number.setPlaceholderText(self.tr("持卡人身份证号码（与卡内社会保障号码核对）"))
        self.id_number.setMaxLength(18)
        self.reason = QComboBox()
        self.reason.setObjectName("resetReason")
        for r in PinResetReason:
            self.reason.addItem(self.texts.pin_reason(r), r.value)
        self.reset_button = QPushButton(self.tr("重置密码…"))
        self.reset_button.clicked.connect(self.reset)
        self.id_number.textChanged.connect(lambda _t: self.update_actions())
        form = QFormLayout(reset)
        form.addRow(self.tr("证件号码(&I)"), self.id_number)
        form.addRow(self.tr("原因(&R)"), self.reason)
        form.addRow("", self.reset_button)
        note = QLabel(self.tr("重置需要 PSAM 卡；重置后持卡人须立即设置新密码，并记入审计日志。"))
        note.setObjectName("hint")
        note.setWordWrap(True)
        form.addRow(note)

        self.actions = [self.tries_button, self.verify_button, self.change_button, self.reset_button]
        box = QVBoxLayout(self)
        box.addWidget(hint)
        box.addLayout(row)
        box.addWidget(self.tries)
        box.addWidget(reset)
        box.addStretch(1)
        box.addWidget(self.message)
        self.update_actions()

    def update_actions(self) -> None:
        self.reset_button.setEnabled(not self.busy and len(self.id_number.text().strip()) >= 15)

    # --- actions ------------------------------------------------------------------------------

    def read_tries(self) -> None:
        if not self.busy:
            self.run(job_pin_tries_left(self.ctx.session), self._tries_read)

    def _tries_read(self, n: int) -> None:
        self.tries.setText(self.tr("密码剩余尝试次数：%1").replace("%1", str(n)))
        if n:
            self.say(self.tr("已读取密码剩余尝试次数。"))
        else:
            self.say_blocked()

    def failed(self, exc: BaseException) -> None:
        super().failed(exc)
        if isinstance(exc, PinBlocked):  # the third wrong PIN included: blocked from that moment
            self.tries.setText(self.tr("密码剩余尝试次数：%1").replace("%1", "0"))
            self.say_blocked()

    def say_blocked(self) -> None:
        """What the clerk does about a blocked PIN: the reset below, after checking the holder's ID card."""
        self.reason.setCurrentIndex(max(0, self.reason.findData(PinResetReason.BLOCKED.value)))
        self.say(self.tr("密码已锁定（连续输错 3 次）。请核验持卡人本人身份证件，在下方“密码重置”中输入证件号码，"
                         "原因选“密码已锁定”，由持卡人输入新密码（需 PSAM 卡）。"), error=True)

    def _pin_job(self, call, pins):
        """The device job ``call(card_services, session)`` with the signed-in session of now; the pad's
        buffers are wiped after it whatever happens."""
        session = self.ctx.session
        return job_on_card_services(lambda services: call(services, session), *pins)

    def verify(self) -> None:
        self.open_pad(PinPad.for_current(self.policy, lang=self.ctx.lang, title=self.tr("校验密码"), parent=self),
                       lambda pins: self.run(self._pin_job(lambda s, session: s.verify_pin(session, *pins), pins),
                                             lambda _o: self.say(self.tr("密码正确。"))))

    def change(self) -> None:
        self.open_pad(PinPad.for_change(self.policy, lang=self.ctx.lang, title=self.tr("修改密码"), parent=self),
                       lambda pins: self.run(self._pin_job(lambda s, session: s.change_pin(session, *pins), pins),
                                             lambda o: self.say(self.tr("密码已修改（卡号 %1）。")
                                                                .replace("%1", o.card_number))))

    def reset(self) -> None:
        id_number = self.id_number.text().strip().upper()
        reason = PinResetReason(self.reason.currentData())
        self.open_pad(PinPad.for_new_pin(self.policy, lang=self.ctx.lang, title=self.tr("重置密码"), parent=self),
                       lambda pins: self.run(self._pin_job(
                           lambda s, session: s.reset_pin(session, *pins, id_number=id_number, reason=reason), pins),
                           self._reset_done))

    def _reset_done(self, outcome) -> None:
        self.id_number.clear()
        self.say(self.tr("密码已重置（卡号 %1），请持卡人牢记新密码。").replace("%1", outcome.card_number))
