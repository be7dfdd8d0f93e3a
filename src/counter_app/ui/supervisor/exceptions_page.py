"""The exception list: select one or more items, give one reason, confirm with the password once,
approve or reject. Items the supervisor did themselves are refused by the service (separation of
duties); the page says so and decides nothing of the batch. Items listed for information only (cards
whose certificates wait) are tinted amber and cannot be selected: they clear by themselves."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.errors import error_text
from counter_app.ui.supervisor.jobs import job_decide, job_exceptions
from counter_app.ui.supervisor.widgets import make_table


class ExceptionsPage(QWidget):
    decided = Signal(int)   # how many were decided
    loaded = Signal(int)    # how many are open

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("supervisorExceptions")
        self.items: list = []
        self.table = make_table("exceptions", [self.tr("时间"), self.tr("类型"), self.tr("经办人"), self.tr("内容")],
                                multi=True)
        self.reason = QLineEdit()
        self.reason.setObjectName("decisionReason")
        self.reason.setPlaceholderText(self.tr("审批意见（必填）"))
        self.password = QLineEdit()
        self.password.setObjectName("decisionPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码（确认身份）"))
        self.approve_button = QPushButton(self.tr("批准所选"))
        self.approve_button.setObjectName("primary")
        self.reject_button = QPushButton(self.tr("驳回所选"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.reason, 2)
        row.addWidget(self.password, 1)
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        row.addWidget(self.refresh_button)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addWidget(self.message)

    def refresh(self) -> None:
        self.ctx.db.call(job_exceptions(self.ctx.session), self.show_items,
                         lambda exc: self.message.setText(error_text(exc, self.ctx.lang)))

    def show_items(self, items: list) -> None:
        self.items = list(items)
        lang = self.ctx.lang
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            values = [item.at.astimezone().strftime("%m-%d %H:%M"), item.kind.label(lang), item.done_by or "—",
                      item.detail]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.key)
                if not item.kind.decidable:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    cell.setBackground(QColor("#fff3e0"))
                    cell.setToolTip(self.tr("只供查看，无需审批：持卡人再来时，在任一柜台补签证书后自动消除。"))
                self.table.setItem(r, c, cell)
        self.loaded.emit(len(self.items))

    def selected_keys(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.items[r].key for r in rows if self.items[r].kind.decidable]

    def decide(self, approve: bool) -> None:
        keys = self.selected_keys()
        if not keys:
            self.message.setText(self.tr("请先选择要处理的事项。"))
            return
        password = self.password.text() or None
        self.password.clear()  # never kept longer than the one request

        def done(n: int) -> None:
            self.message.setText(self.tr("已处理 %1 项。").replace("%1", str(n)))
            self.reason.clear()
            self.decided.emit(n)
            self.refresh()

        self.ctx.db.call(job_decide(self.ctx.session, keys, approve, self.reason.text(), password), done,
                         lambda exc: self.message.setText(error_text(exc, self.ctx.lang)))
