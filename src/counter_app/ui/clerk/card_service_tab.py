"""What the tabs of the card services page share: running a job on the device worker with the
tab's buttons disabled meanwhile, saying the outcome in the clerk's language, and the labels of the
codes the clerk picks from (card statuses, status-change reasons, PIN reset reasons).

Reasons are codes (the service refuses anything else: they go into the audit trail and to the
ledger); the clerk sees each code's label in their language.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget

from counter_app.domain.card_status import CHOOSABLE_STATUSES, FINAL_STATUSES, CardStatus
from counter_app.services.card_services import PinResetReason
from counter_app.ui.errors import error_text

# The statuses a clerk may choose are the domain's CHOOSABLE_STATUSES, in the order of the list (locked and
# replaced are set by the system); choosing a final one asks for a confirmation.
FINAL_CHOICES = frozenset(CHOOSABLE_STATUSES) & FINAL_STATUSES

class CardTexts(QObject):
    """The labels of the codes and the texts the tabs share (one translation context for all tabs)."""

    def status(self, status: CardStatus) -> str:
        return {
            CardStatus.ACTIVE: self.tr("正常"),
            CardStatus.TEMPORARY_LOSS: self.tr("临时挂失"),
            CardStatus.LOSS: self.tr("挂失"),
            CardStatus.CANCELLED: self.tr("注销"),
            CardStatus.LOCKED: self.tr("应用锁定"),
            CardStatus.REPLACED: self.tr("已补换"),
            CardStatus.NOT_ACTIVATED: self.tr("未启用"),
        }[CardStatus(status)]

    def reason(self, code: str) -> str:
        return {
            "card_found": self.tr("持卡人找回卡片"),
            "holder_request": self.tr("持卡人申请"),
            "lost_by_phone": self.tr("电话挂失"),
            "lost_at_counter": self.tr("柜面挂失"),
            "lost": self.tr("卡片遗失"),
            "stolen": self.tr("卡片被盗"),
            "holder_deceased": self.tr("持卡人死亡"),
            "settled_abroad": self.tr("出国（境）定居"),
            "duplicate_card": self.tr("重复持卡"),
        }.get(code, code)

    def pin_reason(self, reason: PinResetReason) -> str:
        return {
            PinResetReason.FORGOTTEN: self.tr("忘记密码"),
            PinResetReason.BLOCKED: self.tr("密码已锁定"),
            PinResetReason.HOLDER_REQUEST: self.tr("持卡人申请"),
        }[PinResetReason(reason)]

    def holder_types_pin(self) -> str:
        return self.tr("请持卡人在密码键盘上输入密码。")

    def failure(self, exc: BaseException, lang: str) -> str:
        return error_text(exc, lang)


class ServiceTab(QWidget):
    """A tab whose actions run on the device worker one at a time."""

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.texts = CardTexts(self)
        self.busy = False
        self.pin_pad = None  # the holder's PIN pad while it is open
        self.actions: list[QWidget] = []  # disabled while a job runs
        self.message = QLabel()
        self.message.setObjectName("serviceMessage")
        self.message.setWordWrap(True)

    def run(self, job, on_done) -> None:
        self.busy = True
        for w in self.actions:
            w.setEnabled(False)

        def done(result) -> None:
            self._idle()
            on_done(result)

        self.ctx.device.call(job, done, self.failed)

    def failed(self, exc: BaseException) -> None:
        self._idle()
        self.say(self.texts.failure(exc, self.ctx.lang), error=True)

    def _idle(self) -> None:
        self.busy = False
        for w in self.actions:
            w.setEnabled(True)
        self.update_actions()

    def update_actions(self) -> None:
        """Subclasses disable what needs more input."""

    def say(self, text: str, *, error: bool = False, warning: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #c62828; font-weight: bold;" if error
                                   else "color: #e65100; font-weight: bold;" if warning else "color: #1b5e20;")

    # --- the holder's PIN pad -----------------------------------------------------------------

    def open_pad(self, pad, on_pins) -> None:
        """Show ``pad`` (one at a time, never while a job runs); ``on_pins`` gets the typed buffers,
        which go straight to a device job that wipes them."""
        if self.busy or self.pin_pad is not None:
            pad.deleteLater()
            return
        self.pin_pad = pad
        pad.entered.connect(on_pins)
        pad.finished.connect(self._pad_closed)
        self.say(self.texts.holder_types_pin())
        pad.open()

    def _pad_closed(self, _result: int) -> None:
        pad, self.pin_pad = self.pin_pad, None
        if pad is not None:
            pad.deleteLater()
        if not self.busy:
            self.message.clear()
