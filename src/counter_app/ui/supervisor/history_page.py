"""The issuance history (业务查询): the cases of a chosen day, and for the one selected its A4 papers printed so
far, with buttons to print the application form and the collection receipt again (补打). Printing runs in the
database thread through :meth:`~counter_app.services.papers.PaperService.print` (which marks a second print of
a kind as a reprint and records it); the page never waits on the printer."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.domain.case_numbers import case_number
from counter_app.domain.issuance import IssuanceState
from counter_app.domain.masking import mask_id_number
from counter_app.ui.errors import error_text
from counter_app.ui.supervisor.charts import type_label
from counter_app.ui.supervisor.jobs import job_history, job_papers, job_print_paper
from counter_app.ui.supervisor.widgets import fill, make_table, pydate, qdate

APPLICATION_FORM = "application_form"
COLLECTION_RECEIPT = "collection_receipt"



class HistoryPage(QWidget):
    loaded = Signal(int)        # how many cases the day shows
    printed = Signal(object)    # the print's JobResult

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("supervisorHistory")
        self.items: list = []
        self.papers: list = []
        self.day = QDateEdit(qdate(dt.date.today()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.refresh_button = QPushButton(self.tr("查询"))
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("日期")))
        bar.addWidget(self.day)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        self.table = make_table("historyCases", [self.tr("受理时间"), self.tr("业务号"), self.tr("姓名"),
                                                 self.tr("证件号码"), self.tr("申请类型"), self.tr("状态"),
                                                 self.tr("卡号")])
        self.table.itemSelectionChanged.connect(self._selected)
        self.paper_table = make_table("historyPapers", [self.tr("打印时间"), self.tr("材料"), self.tr("补打"),
                                                        self.tr("打印机"), self.tr("经办人")])
        self.form_button = QPushButton(self.tr("打印申请表"))
        self.form_button.setObjectName("printApplicationForm")
        self.receipt_button = QPushButton(self.tr("打印领卡回执"))
        self.receipt_button.setObjectName("printCollectionReceipt")
        self.form_button.clicked.connect(lambda: self.print_paper(APPLICATION_FORM))
        self.receipt_button.clicked.connect(lambda: self.print_paper(COLLECTION_RECEIPT))
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_button)
        buttons.addWidget(self.receipt_button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.table, 2)
        box.addWidget(QLabel(self.tr("已打印的材料")))
        box.addWidget(self.paper_table, 1)
        box.addLayout(buttons)
        box.addWidget(self.message)
        self._update_buttons()

    def refresh(self) -> None:
        self.ctx.db.call(job_history(pydate(self.day.date())), self.show_items, self._failed)

    def show_items(self, items: list) -> None:
        self.items = list(items)
        lang = self.ctx.lang
        fill(self.table, [[i.created_at.astimezone().strftime("%H:%M"), case_number(i.id), i.applicant.name,
                           mask_id_number(i.applicant.document_number),
                           type_label(i.applicant.application_type.value), IssuanceState(i.state).label(lang),
                           i.card_number or ""] for i in self.items])
        fill(self.paper_table, [])
        self.papers = []
        self._update_buttons()
        self.loaded.emit(len(self.items))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selected(self) -> None:
        self._update_buttons()
        item = self.selected()
        if item is not None:
            self.ctx.db.call(job_papers(item.id), self.show_papers, self._failed)

    def show_papers(self, papers: list) -> None:
        self.papers = list(papers)
        names = {APPLICATION_FORM: self.tr("申请表"), COLLECTION_RECEIPT: self.tr("领卡回执")}
        fill(self.paper_table, [[p.printed_at.astimezone().strftime("%Y-%m-%d %H:%M"), names.get(p.kind, p.kind),
                                 self.tr("补打") if p.reprint else "", p.printer, p.printed_by] for p in self.papers])
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.selected()
        self.form_button.setEnabled(item is not None)
        # The collection receipt exists once the card was handed over (the service says so too).
        self.receipt_button.setEnabled(item is not None and IssuanceState(item.state) is IssuanceState.ISSUED)
        kinds = {p.kind for p in self.papers}
        self.form_button.setText(self.tr("补打申请表") if APPLICATION_FORM in kinds else self.tr("打印申请表"))
        self.receipt_button.setText(self.tr("补打领卡回执") if COLLECTION_RECEIPT in kinds
                                    else self.tr("打印领卡回执"))

    def print_paper(self, kind: str) -> None:
        item = self.selected()
        if item is None:
            self.message.setText(self.tr("请先选择一笔业务。"))
            return
        self.form_button.setEnabled(False)
        self.receipt_button.setEnabled(False)
        self.message.setText(self.tr("正在打印…"))

        def done(value) -> None:
            result, papers = value
            self.show_papers(papers)
            if result.state == "failed":
                self.message.setText(self.tr("打印失败：%1").replace("%1", result.message(self.ctx.lang)))
            else:
                self.message.setText(self.tr("已送打印：%1").replace("%1", case_number(item.id)))
            self.printed.emit(result)

        def failed(exc: BaseException) -> None:
            self._update_buttons()
            self._failed(exc)

        self.ctx.db.call(job_print_paper(self.ctx.session, item.id, kind), done, failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc, self.ctx.lang))
