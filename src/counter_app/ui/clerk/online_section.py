"""线上申请（今日领取）on the clerk's home: the hall's online applications due today, and the find box.

The list comes from the ledger through the database worker (:func:`job_online_due`), and from what this counter
kept when the ledger is away (said in the line under it). The find box takes what a keyboard-wedge scanner types
from the status page's QR code (ending with Enter), a typed application number (WA…) or ID number, and the
applicant's ID card laid on the reader while the home is shown: the application is found (kept first, then the
ledger), its issuance started with the applicant and the approved photo, and :attr:`OnlineSection.opened` gives
the issuance to continue in the clerk's flow.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.masking import mask_id_number
from counter_app.domain.online_application import STATUS_LABELS
from counter_app.domain.problems import pick
from counter_app.ui.clerk.online_jobs import Opened, job_online_due, job_online_open
from counter_app.ui.errors import error_text


class OnlineSection(QWidget):
    """The section; ``opened(issuance_id)`` once a find started (or found) the application's issuance."""

    opened = Signal(str)
    loaded = Signal(object)   # the DueList shown (tests)
    failed = Signal(object)   # an exception shown (tests)

    COLUMNS = 4

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("onlineSection")
        self.applications: list = []
        self.busy = False
        title = QLabel(self.tr("线上申请（今日领取）"))
        title.setObjectName("pageTitle")
        self.find = QLineEdit()
        self.find.setObjectName("onlineFind")
        self.find.setPlaceholderText(self.tr("扫描申请二维码，或输入申请编号（WA…）、身份证号后按回车"))
        self.find.setClearButtonEnabled(True)
        self.find.returnPressed.connect(self.find_typed)
        self.find_button = QPushButton(self.tr("查找"))
        self.find_button.clicked.connect(self.find_typed)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("onlineApplications")
        self.table.setHorizontalHeaderLabels([self.tr("申请编号"), self.tr("姓名"), self.tr("证件号码"), self.tr("状态")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.find, 1)
        row.addWidget(self.find_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(title)
        box.addLayout(row)
        box.addWidget(self.table, 1)
        box.addWidget(self.status)

    # --- the due list --------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.ctx.db is None or self.ctx.session is None:
            return
        self.ctx.db.call(job_online_due(self.ctx.session), self.show_due, self._due_failed)

    def show_due(self, due) -> None:
        self.applications = list(due.applications)
        lang = self.ctx.lang
        self.table.setRowCount(len(self.applications))
        for r, app in enumerate(self.applications):
            label = STATUS_LABELS.get(app.status, (app.status, app.status))
            values = [app.app_id, app.applicant.name, mask_id_number(app.applicant.document_number),
                      pick(lang, *label)]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, app.app_id)
                self.table.setItem(r, c, item)
        waiting = sum(1 for a in self.applications if a.collectable)
        text = self.tr("今日 %1 件，待办 %2 件").replace("%1", str(len(self.applications))).replace("%2", str(waiting))
        if due.offline:
            text += self.tr("（中心台账暂不可达，显示本机保存的名单：%1）").replace(
                "%1", due.problem.message(lang) if due.problem is not None else "")
        self._say(text, error=False)
        self.loaded.emit(due)

    def _due_failed(self, exc: BaseException) -> None:
        self._say(error_text(exc, self.ctx.lang), error=True)
        self.failed.emit(exc)

    # --- finding one -------------------------------------------------------------------------------

    def find_typed(self) -> None:
        text = self.find.text().strip()
        if text:
            self.open_application(text)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            self.open_application(self.applications[rows[0].row()].app_id)

    def idcard_read(self, card) -> None:
        """The applicant's ID card laid on the reader while the home is shown: their application, identity checked."""
        if self.isVisible():
            self.open_application(card.id_number, id_card=card)

    def open_application(self, text: str, *, id_card=None) -> None:
        if self.busy or self.ctx.db is None:
            return
        self.busy = True
        self._say(self.tr("正在查找线上申请…"), error=False)
        self.ctx.db.call(job_online_open(self.ctx.session, text, id_card=id_card), self._opened, self._open_failed)

    def _opened(self, opened: Opened) -> None:
        self.busy = False
        self.find.clear()
        self._say(self.tr("已打开线上申请 %1").replace("%1", opened.application.app_id), error=False)
        self.opened.emit(opened.issuance_id)

    def _open_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.find.selectAll()
        self._say(error_text(exc, self.ctx.lang), error=True)
        self.failed.emit(exc)

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.setStyleSheet("color: #c62828;" if error else "")
