"""数字证书: the third-generation card's signing certificate — read it (no PIN: certificates are public),
issue it or finish a pending one (签发/补签, the holder's PIN from the pad proves possession at the end),
and verify it (chain to the CA this counter pinned, possession with the PIN, revocation on the ledger's
CRL). The work is :class:`~counter_app.services.certificates.CertificateService`'s, on the device
worker; this tab draws the outcome and says what went wrong in the clerk's language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.clerk.card_service_tab import ServiceTab
from counter_app.ui.clerk.pages import bind_key
from counter_app.ui.clerk.pin_pad import PinPad
from counter_app.ui.context import (
    job_issue_certificate,
    job_read_certificate,
    job_verify_certificate,
    pin_policy_of,
)

GOOD, BAD, UNSURE = "#1b5e20", "#c62828", "#e65100"


class CardCertTab(ServiceTab):
    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(app_ctx, parent)
        self.policy = pin_policy_of(app_ctx.settings)
        self.certificate = None  # the CardCertificate shown
        self.check = None        # the CertificateCheck of the last verification
        hint = QLabel(self.tr("请将持卡人的卡片插入写卡器。读取证书不需要密码；签发和校验证书时，由持卡人在"
                              "密码键盘上输入密码。"))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.read_button = QPushButton(self.tr("读取证书 (F8)"))
        self.read_button.setObjectName("primary")
        bind_key(self.read_button, "F8")
        self.issue_button = QPushButton(self.tr("签发/补签证书…"))
        self.verify_button = QPushButton(self.tr("校验证书…"))
        self.read_button.clicked.connect(self.read)
        self.issue_button.clicked.connect(self.issue)
        self.verify_button.clicked.connect(self.verify)
        self.actions = [self.read_button, self.issue_button, self.verify_button]
        row = QHBoxLayout()
        for b in self.actions:
            row.addWidget(b)
        row.addStretch(1)

        shown = QGroupBox(self.tr("卡内签名证书"))
        self.card_number = QLabel()
        self.serial = QLabel()
        self.validity = QLabel()
        self.issuer = QLabel()
        self.chain = QLabel()
        self.chain.setObjectName("certChain")
        self.chain.setWordWrap(True)
        form = QFormLayout(shown)
        form.addRow(self.tr("卡号"), self.card_number)
        form.addRow(self.tr("证书序列号"), self.serial)
        form.addRow(self.tr("有效期"), self.validity)
        form.addRow(self.tr("签发者"), self.issuer)
        form.addRow(self.tr("证书链"), self.chain)

        checked = QGroupBox(self.tr("校验结果"))
        self.possession = QLabel()
        self.possession.setObjectName("certPossession")
        self.revocation = QLabel()
        self.revocation.setObjectName("certRevocation")
        self.revocation.setWordWrap(True)
        form2 = QFormLayout(checked)
        form2.addRow(self.tr("持有证明"), self.possession)
        form2.addRow(self.tr("吊销状态"), self.revocation)

        box = QVBoxLayout(self)
        box.addWidget(hint)
        box.addLayout(row)
        box.addWidget(shown)
        box.addWidget(checked)
        box.addStretch(1)
        box.addWidget(self.message)

    def clear(self) -> None:
        """Nothing left from the last holder."""
        self.certificate = self.check = None
        for label in (self.card_number, self.serial, self.validity, self.issuer, self.chain, self.possession,
                      self.revocation):
            label.clear()
            label.setStyleSheet("")
        self.message.clear()

    # --- reading ------------------------------------------------------------------------------

    def read(self) -> None:
        if self.busy:
            return
        self.say(self.tr("正在读取卡内证书，请勿取卡…"))
        self.run(job_read_certificate(self.ctx.session), self._read_done)

    def _read_done(self, certificate) -> None:
        self.show_certificate(certificate)
        if certificate.present:
            self.say(self.tr("已读取卡内证书。"))
        else:
            self.say(self.tr("卡内没有数字证书：请点“签发/补签证书”，由持卡人输入密码。"), warning=True)

    def show_certificate(self, certificate) -> None:
        self.certificate = certificate
        self.check = None
        self.possession.clear()
        self.revocation.clear()
        if not certificate.present:
            for label in (self.card_number, self.serial, self.validity, self.issuer):
                label.setText("—")
            self._mark(self.chain, self.tr("卡内没有证书"), UNSURE)
            return
        self.card_number.setText(certificate.card_number or "—")
        self.serial.setText(certificate.serial.upper())
        self.validity.setText(self.tr("%1 至 %2").replace("%1", _day(certificate.not_before))
                              .replace("%2", _day(certificate.not_after)))
        self.issuer.setText(certificate.issuer or "—")
        if certificate.chain is True:
            self._mark(self.chain, self.tr("可验证至本柜台信任的中心 CA"), GOOD)
        elif certificate.chain is False:
            self._mark(self.chain, self.tr("验证失败：%1").replace("%1", certificate.chain_problem(self.ctx.lang)),
                       BAD)
        else:
            self._mark(self.chain, self.tr("本柜台尚未取得中心 CA 证书，暂不能验证（首次签发证书时取得）"), UNSURE)

    # --- issuing and verifying (the holder's PIN) -----------------------------------------------

    def issue(self) -> None:
        self.open_pad(PinPad.for_current(self.policy, lang=self.ctx.lang, title=self.tr("签发证书"), parent=self),
                      lambda pins: self._run_with_pin(job_issue_certificate, pins, self._issued,
                                                      self.tr("正在签发证书（生成密钥、向中心台账申请、写入卡片），"
                                                              "请勿取卡…")))

    def verify(self) -> None:
        self.open_pad(PinPad.for_current(self.policy, lang=self.ctx.lang, title=self.tr("校验证书"), parent=self),
                      lambda pins: self._run_with_pin(job_verify_certificate, pins, self._verified,
                                                      self.tr("正在校验证书，请勿取卡…")))

    def _run_with_pin(self, make_job, pins, on_done, progress: str) -> None:
        (pin,) = pins
        self.say(progress)
        self.run(make_job(self.ctx.session, pin), on_done)

    def _issued(self, result) -> None:
        certified, certificate = result
        self.show_certificate(certificate)
        self.say(self.tr("证书已写入卡片并验证持有（卡号 %1，序列号 …%2）。")
                 .replace("%1", certified.card_number).replace("%2", certified.sign_serial[-8:].upper()))

    def _verified(self, check) -> None:
        self.check = check
        if self.certificate is None or self.certificate.serial.lower() != check.sign_serial.lower():
            self.card_number.setText(check.card_number)
            self.serial.setText(check.sign_serial.upper())
            self.validity.setText(self.tr("至 %1").replace("%1", _day(check.not_after)))
        self._mark(self.chain, self.tr("可验证至本柜台信任的中心 CA"), GOOD)
        self._mark(self.possession, self.tr("通过：卡片用持卡人密码签名，证书公钥验证成功"), GOOD)
        if check.revoked is True:
            self._mark(self.revocation, self.tr("已吊销：该证书在中心台账的吊销列表上（卡片已挂失或注销）"), BAD)
            self.say(self.tr("证书已被吊销，不能使用。"), error=True)
            return
        if check.revoked is False:
            self._mark(self.revocation, self.tr("未吊销"), GOOD)
            self.say(self.tr("证书校验通过。"))
        else:
            self._mark(self.revocation, self.tr("未知：中心台账不可达，无法取得吊销列表"), UNSURE)
            self.say(self.tr("证书链和持有证明通过；吊销状态暂无法确认（离线）。"), warning=True)

    def failed(self, exc: BaseException) -> None:
        from counter_app.services.certificates import CertificateStepPending

        if isinstance(exc, CertificateStepPending):
            self._idle()
            self.say(self.tr("中心台账暂时无法连接，证书未签发。卡片照常使用；请稍后再试（任一柜台均可补签）。"),
                     warning=True)
            return
        super().failed(exc)

    @staticmethod
    def _mark(label: QLabel, text: str, colour: str) -> None:
        label.setText(text)
        label.setStyleSheet(f"color: {colour}; font-weight: bold;")


def _day(value) -> str:
    return value.astimezone().strftime("%Y-%m-%d") if value is not None else "—"
