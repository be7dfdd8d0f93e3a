"""The clerk's home: today's issuances with their states, unfinished ones first, and the actions
"new application" (F2), "continue" (Enter on an unfinished row) and "card services" (F7). One line
under the list counts the issued cards whose certificates still wait for the ledger (证书待签发), any
day: they are finished in the card services' certificates tab when the holder comes back.

Below, 线上申请（今日领取）: the hall's online applications due today and the find box
(:mod:`counter_app.ui.clerk.online_section`); what a scanner types while the list has the focus goes to the find
box, and the applicant's ID card laid on the reader while the home is shown finds their application. The
issuance a find opens is continued like an unfinished one (``continueRequested``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.issuance import IssuanceState
from counter_app.domain.masking import mask_id_number
from counter_app.ui.clerk.online_section import OnlineSection
from counter_app.ui.context import job_certificate_pending, job_today
from counter_app.ui.errors import error_text

_STATE_COLOURS = {
    IssuanceState.ISSUED: "#1b7f3b", IssuanceState.SPOILED: "#757575", IssuanceState.CANCELLED: "#757575",
    IssuanceState.ENCODE_FAILED: "#c62828", IssuanceState.PRINT_FAILED: "#c62828",
}


def mask_number(number: str) -> str:
    """An ID number as the home list shows it: enough to recognise, not to copy (the domain's one rule)."""
    return mask_id_number(number)


class ClerkHome(QWidget):
    newRequested = Signal()  # noqa: N815
    continueRequested = Signal(str)  # noqa: N815  issuance id
    cardServicesRequested = Signal()  # noqa: N815

    COLUMNS = 5

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("clerkHome")
        self.issuances: list = []
        title = QLabel(self.tr("今日制卡"))
        title.setObjectName("pageTitle")
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("issuances")
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("姓名"), self.tr("证件号码"), self.tr("状态"), self.tr("卡号")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self.continue_selected())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.certificates_pending = QLabel()
        self.certificates_pending.setObjectName("certificatesPending")
        self.certificates_pending.setStyleSheet("color: #e65100;")
        self.certificates_pending.setVisible(False)
        self.pending_certificates: list = []
        self.new_button = QPushButton(self.tr("新申请 (F2)"))
        self.new_button.setObjectName("primary")
        self.continue_button = QPushButton(self.tr("继续办理 (Enter)"))
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        self.card_services_button = QPushButton(self.tr("卡片服务 (F7)"))
        self.card_services_button.setObjectName("cardServicesButton")
        self.card_services_button.setToolTip(self.tr("卡内查询、密码修改与重置、挂失与注销"))
        self.card_services_button.clicked.connect(self.cardServicesRequested)
        self.new_button.clicked.connect(self.newRequested)
        self.continue_button.clicked.connect(self.continue_selected)
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, activated=self.newRequested.emit)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self, activated=self.cardServicesRequested.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.card_services_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        self.online = OnlineSection(app_ctx, self)
        self.online.opened.connect(self.continueRequested)
        listeners = getattr(app_ctx, "idcard_listeners", None)
        if listeners is not None:  # the ID card laid on the reader while the home is shown (the flow's reader)
            listeners.append(self.online.idcard_read)
        self.table.installEventFilter(self)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(self.table, 2)
        box.addWidget(self.summary)
        box.addWidget(self.certificates_pending)
        box.addWidget(self.online, 1)
        box.addLayout(buttons)
        self.setTabOrder(self.new_button, self.table)
        self._selection_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A scanner typing while the list has the focus: its characters go to the online find box."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            text = event.text()
            if text and text.isprintable() and not text.isspace() and not (event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
                self.online.find.setFocus()
                self.online.find.insert(text)
                return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        self.ctx.db.call(job_today(), self.show_issuances, lambda exc: self.summary.setText(
            error_text(exc, self.ctx.lang)))
        self.online.refresh()
        self.ctx.db.call(job_certificate_pending(), self.show_certificates_pending,
                         lambda exc: self.show_certificates_pending([]))

    def show_certificates_pending(self, issuances: list) -> None:
        """The line "证书待签发 N 张" (hidden when none), the cards' numbers in its tooltip."""
        self.pending_certificates = list(issuances)
        n = len(self.pending_certificates)
        self.certificates_pending.setVisible(n > 0)
        self.certificates_pending.setText(
            self.tr("证书待签发 %1 张：持卡人再来时，在“卡片服务 → 数字证书”补签。").replace("%1", str(n)))
        self.certificates_pending.setToolTip("\n".join(
            f"{i.card_number or '—'}  {i.applicant.name}" for i in self.pending_certificates[:20]))

    def show_issuances(self, issuances: list) -> None:
        self.issuances = list(issuances)
        self.table.setRowCount(len(self.issuances))
        lang = self.ctx.lang
        for row, iss in enumerate(self.issuances):
            values = [iss.created_at.astimezone().strftime("%H:%M"), iss.applicant.name,
                      mask_number(iss.applicant.document_number), iss.state.label(lang), iss.card_number or ""]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, iss.id)
                if col == 3:
                    colour = _STATE_COLOURS.get(iss.state)
                    if colour:
                        item.setForeground(QColor(colour))
                    if iss.failure_reason:
                        item.setToolTip(iss.failure_reason)
                    if iss.is_unfinished:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                self.table.setItem(row, col, item)
        unfinished = sum(1 for i in self.issuances if i.is_unfinished)
        self.summary.setText(self.tr("共 %1 条，未完成 %2 条").replace("%1", str(len(self.issuances)))
                             .replace("%2", str(unfinished)))
        if unfinished:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.issuances[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        iss = self.selected()
        self.continue_button.setEnabled(iss is not None and iss.is_unfinished)

    def continue_selected(self) -> None:
        iss = self.selected()
        if iss is not None and iss.is_unfinished:
            self.continueRequested.emit(iss.id)
