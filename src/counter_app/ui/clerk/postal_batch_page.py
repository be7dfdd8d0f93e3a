"""邮寄制卡批次: the card centre's postal production at a counter (the clerk's home, F9).

The clerk chooses how many cards, starts the batch and watches one row per card (application number, masked name,
its state: waiting, writing, printing, spoiled → retry, done, left for the next batch); the manifest and the address
labels print at the end by themselves. Then each tracking number is typed or scanned into the box and
"标记已寄出 / Mark posted" (Enter) posts the selected card and moves to the next one. Every step runs on the device
worker (:mod:`counter_app.ui.clerk.postal_batch_jobs`); the GUI thread only draws. The rules are the service's
(:mod:`counter_app.services.postal_batch`)."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.postal_batch import (
    MAX_BATCH,
    BatchView,
    InvalidTrackingNumber,
    ItemView,
    normalize_tracking,
)
from counter_app.ui.backends import run_autoinsert
from counter_app.ui.clerk.pages import bind_key
from counter_app.ui.clerk.postal_batch_jobs import Produced, job_current, job_posted, job_print, job_run
from counter_app.ui.errors import error_text

COLUMNS = 6  # app id, name, state, card number, tracking number, note


class PostalBatchPage(QWidget):
    finished = Signal()  # back to the home page

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("postalBatch")
        self.batch: BatchView | None = None
        self.busy = False
        self._cancel = threading.Event()
        # What feeds the next blank card into the encoder: the card printer's hopper does (None), the demo inserts one.
        command = getattr(app_ctx.backends, "demo_autoinsert", None)
        self.feed = (lambda bank: run_autoinsert(command, bank)) if command else None
        self.ledger = None  # the counter's ledger client (a test gives its own)

        title = QLabel(self.tr("邮寄制卡批次"))
        title.setObjectName("pageTitle")
        self.batch_label = QLabel()
        self.count = QSpinBox()
        self.count.setRange(1, MAX_BATCH)
        self.count.setValue(min(10, MAX_BATCH))
        self.start_button = QPushButton(self.tr("开始制卡 (F5)"))
        self.stop_button = QPushButton(self.tr("停止 (F6)"))
        self.print_button = QPushButton(self.tr("打印清单和标签 (F4)"))
        bind_key(self.start_button, "F5")
        bind_key(self.stop_button, "F6")
        bind_key(self.print_button, "F4")
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.print_button.clicked.connect(self.print_documents)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("本批张数")))
        top.addWidget(self.count)
        top.addWidget(self.start_button)
        top.addWidget(self.stop_button)
        top.addWidget(self.print_button)
        top.addStretch(1)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels([self.tr("申请编号"), self.tr("姓名"), self.tr("状态"), self.tr("卡号"),
                                              self.tr("邮件号"), self.tr("说明")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self.update_actions)

        self.tracking = QLineEdit()
        self.tracking.setPlaceholderText(self.tr("扫描或输入邮件号（10至20位字母或数字）"))
        self.tracking.returnPressed.connect(self.mark_posted)
        self.tracking.textChanged.connect(self.update_actions)
        self.posted_button = QPushButton(self.tr("标记已寄出 (Enter)"))
        self.posted_button.clicked.connect(self.mark_posted)
        post = QHBoxLayout()
        post.addWidget(QLabel(self.tr("邮件号")))
        post.addWidget(self.tracking, 1)
        post.addWidget(self.posted_button)

        self.message = QLabel()
        self.message.setObjectName("serviceMessage")
        self.message.setWordWrap(True)
        self.home_button = QPushButton(self.tr("返回首页 (Esc)"))
        bind_key(self.home_button, QKeySequence(Qt.Key.Key_Escape))
        self.home_button.clicked.connect(self.go_home)
        bottom = QHBoxLayout()
        bottom.addWidget(self.home_button)
        bottom.addStretch(1)

        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(self.batch_label)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addLayout(post)
        box.addWidget(self.message)
        box.addLayout(bottom)
        self.update_actions()

    # --- words ------------------------------------------------------------------------------------

    def state_text(self, state: str) -> str:
        return {
            "waiting": self.tr("等待"),
            "writing": self.tr("写卡中"),
            "printing": self.tr("打印中"),
            "retry": self.tr("已作废→换卡重做"),
            "done": self.tr("已完成"),
            "left": self.tr("留待下批"),
            "carried": self.tr("转入下批"),
            "posted": self.tr("已寄出"),
        }.get(state, state)

    def batch_state_text(self, state: str) -> str:
        return {
            "producing": self.tr("制卡中"),
            "produced": self.tr("制卡完成，待打印清单"),
            "documents_printed": self.tr("清单和标签已打印，待登记邮件号"),
            "closed": self.tr("已全部寄出"),
        }.get(state, state)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #c62828; font-weight: bold;" if error else "color: #1b5e20;")

    # --- showing the batch ---------------------------------------------------------------------------

    def open(self) -> None:
        """Shown from the home page: the open (or last) batch, read on the device worker."""
        self.message.clear()
        self._run(job_current(), self.show_batch)

    def show_batch(self, batch: BatchView | None) -> None:
        self.batch = batch
        self.table.setRowCount(0)
        if batch is None:
            self.batch_label.setText(self.tr("尚无邮寄批次。"))
            self.update_actions()
            return
        self.batch_label.setText(self.tr("批次 %1：%2").replace("%1", batch.batch_id)
                                 .replace("%2", self.batch_state_text(batch.state)))
        for item in batch.items:
            self.show_item(item)
        self.update_actions()

    def _row_of(self, app_id: str) -> int:
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None and cell.text() == app_id:
                return row
        return -1

    def show_item(self, item: ItemView) -> None:
        row = self._row_of(item.app_id)
        if row < 0:
            row = self.table.rowCount()
            self.table.insertRow(row)
        values = (item.app_id, item.masked_name, self.state_text(item.state), item.card_number or "",
                  item.tracking_number or "", item.reason or "")
        for col, value in enumerate(values):
            cell = QTableWidgetItem(value)
            cell.setData(Qt.ItemDataRole.UserRole, item.state)
            self.table.setItem(row, col, cell)

    def row_state(self, row: int) -> str | None:
        cell = self.table.item(row, 2)
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def selected_app(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        row = rows[0].row()
        return self.table.item(row, 0).text() if self.row_state(row) == "done" else None

    def select_next_to_post(self) -> None:
        for row in range(self.table.rowCount()):
            if self.row_state(row) == "done":
                self.table.selectRow(row)
                self.tracking.setFocus()
                return
        self.table.clearSelection()

    def update_actions(self) -> None:
        state = self.batch.state if self.batch else None
        self.start_button.setEnabled(not self.busy and state in (None, "producing", "closed"))
        self.count.setEnabled(not self.busy and state in (None, "closed"))
        self.stop_button.setEnabled(self.busy)
        self.print_button.setEnabled(not self.busy and state in ("produced", "documents_printed")
                                     and bool(self.batch and self.batch.made))
        can_post = not self.busy and state == "documents_printed" and self.selected_app() is not None
        self.tracking.setEnabled(not self.busy and state == "documents_printed")
        self.posted_button.setEnabled(can_post and bool(self.tracking.text().strip()))
        self.home_button.setEnabled(not self.busy)

    # --- actions ----------------------------------------------------------------------------------

    def _run(self, job, on_done, on_progress=None) -> None:
        self.busy = True
        self.update_actions()

        def done(result) -> None:
            self.busy = False
            on_done(result)
            self.update_actions()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.say(error_text(exc, self.ctx.lang), error=True)
            self.update_actions()

        self.ctx.device.call(job, done, failed, on_progress)

    def start(self) -> None:
        if self.busy:
            return
        self._cancel = threading.Event()
        self.say(self.tr("正在制卡，请勿取出卡盒中的空白卡……"))
        self._run(job_run(self.ctx.session, int(self.count.value()), self._cancel, self.feed,
                          self.ledger), self._produced,
                  self._progress)

    def _progress(self, item) -> None:
        if isinstance(item, ItemView):
            if self.batch is None or self.batch.batch_id != item.batch_id:
                self.batch_label.setText(self.tr("批次 %1：%2").replace("%1", item.batch_id)
                                         .replace("%2", self.batch_state_text("producing")))
                if self.batch is not None and self.batch.batch_id != item.batch_id:
                    self.table.setRowCount(0)
            self.show_item(item)

    def stop(self) -> None:
        """Stop after the card being made (its write and print are not cut short)."""
        self._cancel.set()
        self.say(self.tr("将在当前卡片完成后停止。"))

    def _produced(self, produced: Produced) -> None:
        self.show_batch(produced.batch)
        if produced.paused is not None:
            self.say(error_text(produced.paused, self.ctx.lang), error=True)
        elif produced.documents is not None and not produced.documents.ok:
            self.say(self.tr("清单或标签打印失败：请检查打印机后点击“打印清单和标签”。"), error=True)
        elif produced.batch.state == "documents_printed":
            left = len(produced.batch.left)
            text = self.tr("制卡完成：%1 张，清单和地址标签已打印。请逐张登记邮件号。").replace(
                "%1", str(len(produced.batch.made)))
            if left:
                text += self.tr("%1 个申请留待下一批。").replace("%1", str(left))
            self.say(text, error=bool(left))
            self.select_next_to_post()
        elif produced.batch.state == "producing":
            self.say(self.tr("已停止。再次点击“开始制卡”继续本批次。"))

    def print_documents(self) -> None:
        if self.busy or self.batch is None:
            return
        self._run(job_print(self.ctx.session, self.batch.batch_id), self._printed)

    def _printed(self, produced: Produced) -> None:
        self.show_batch(produced.batch)
        if produced.documents is not None and produced.documents.ok:
            self.say(self.tr("清单和地址标签已打印。"))
            self.select_next_to_post()
        else:
            self.say(self.tr("清单或标签打印失败：请检查打印机后点击“打印清单和标签”。"), error=True)

    def mark_posted(self) -> None:
        app_id = self.selected_app()
        if self.busy or self.batch is None or app_id is None:
            return
        try:
            tracking = normalize_tracking(self.tracking.text())
        except InvalidTrackingNumber as exc:
            self.say(error_text(exc, self.ctx.lang), error=True)
            self.tracking.selectAll()
            return

        def posted(batch: BatchView) -> None:
            self.show_batch(batch)
            self.tracking.clear()
            self.say(self.tr("%1 已寄出（邮件号 %2）。卡片未启用，待持卡人激活。").replace("%1", app_id)
                     .replace("%2", tracking))
            self.select_next_to_post()

        self._run(job_posted(self.ctx.session, self.batch.batch_id, app_id, tracking), posted)

    def go_home(self) -> None:
        if not self.busy:
            self.finished.emit()
