"""The supervisor's home page: a chosen day (default today) or range — issuances by state, clerk,
type and reason, spoiled cards, reprints, times, pending sync, the cards per co-issuing bank (with
each bank's blank cards on hand) — with two charts and exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.issuance import IssuanceState
from counter_app.ui.errors import error_text
from counter_app.ui.supervisor.charts import DailySeriesChart, TypeBreakdownChart, type_label
from counter_app.ui.supervisor.jobs import job_by_bank, job_daily, job_export
from counter_app.ui.supervisor.widgets import date_range, fill, make_table, qdate, seconds


class DashboardPage(QWidget):
    loaded = Signal(object)  # the DailyReport shown
    banks_loaded = Signal(object)  # (cards per bank, stock per bank)

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("supervisorDashboard")
        self.report = None
        lang = app_ctx.lang
        today = dt.date.today()
        self.date_from = QDateEdit(qdate(today))
        self.date_to = QDateEdit(qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.export_buttons = {}
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("日期")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("至")))
        bar.addWidget(self.date_to)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        for fmt in ("csv", "xlsx", "pdf"):
            b = QPushButton(self.tr("导出 %1").replace("%1", fmt.upper()))
            b.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = b
            bar.addWidget(b)
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        self.by_state = make_table("byState", [self.tr("状态"), self.tr("数量")])
        self.by_clerk = make_table("byClerk", [self.tr("柜员"), self.tr("受理"), self.tr("发卡"), self.tr("废卡")])
        self.by_type = make_table("byType", [self.tr("申请类型 / 原因"), self.tr("数量")])
        self.timing = make_table("timing", [self.tr("步骤"), self.tr("次数"), self.tr("平均"), self.tr("90%")])
        self.spoiled = make_table("spoiledCards", [self.tr("时间"), self.tr("柜员"), self.tr("卡号"),
                                                   self.tr("证件号码"), self.tr("原因")])
        self.reprints = make_table("reprints", [self.tr("时间"), self.tr("柜员"), self.tr("卡号")])
        self.by_bank = make_table("byBank", [self.tr("合作银行"), self.tr("发卡"), self.tr("废卡"), self.tr("制作中"),
                                             self.tr("账面结存")])
        self.series_chart = DailySeriesChart(lang)
        self.type_chart = TypeBreakdownChart(lang)
        grid = QGridLayout()
        for i, (label, table) in enumerate(((self.tr("按状态"), self.by_state), (self.tr("按柜员"), self.by_clerk),
                                            (self.tr("按类型"), self.by_type), (self.tr("用时"), self.timing),
                                            (self.tr("废卡"), self.spoiled), (self.tr("重新打印"), self.reprints),
                                            (self.tr("按合作银行"), self.by_bank))):
            box = QVBoxLayout()
            box.addWidget(QLabel(label))
            box.addWidget(table)
            grid.addLayout(box, i // 4, i % 4)
        charts = QSplitter()
        charts.addWidget(self.series_chart)
        charts.addWidget(self.type_chart)
        self.message = QLabel()
        self.message.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(charts, 2)
        layout.addLayout(grid, 3)
        layout.addWidget(self.message)

    def range(self) -> tuple[dt.date, dt.date]:
        return date_range(self.date_from, self.date_to)

    def refresh(self) -> None:
        first, last = self.range()
        self.message.setText(self.tr("正在统计…"))
        self.ctx.db.call(job_daily(self.ctx.session, first, last), self.show_report,
                         lambda exc: self.message.setText(error_text(exc, self.ctx.lang)))
        self.ctx.db.call(job_by_bank(self.ctx.session, first, last), self.show_banks,
                         lambda exc: self.message.setText(error_text(exc, self.ctx.lang)))

    def show_banks(self, value) -> None:
        cards, stock = value
        on_hand = {s.bank_code: s.expected_on_hand for s in stock}
        codes = [t.bank_code for t in cards] + [c for c in on_hand if c not in {t.bank_code for t in cards}]
        by_code = {t.bank_code: t for t in cards}
        names = {**{s.bank_code: s.bank_name for s in stock}, **{t.bank_code: t.bank_name for t in cards}}
        rows = []
        for code in codes:
            t = by_code.get(code)
            label = "—" if code is None else f"{code} {names.get(code, '')}".strip()
            rows.append([label, t.issued if t else 0, t.spoiled if t else 0, t.in_progress if t else 0,
                         on_hand.get(code, "")])
        fill(self.by_bank, rows)
        self.banks_loaded.emit(value)

    def show_report(self, report) -> None:
        self.report = report
        lang = self.ctx.lang
        oldest = seconds(report.oldest_pending_seconds)
        self.summary.setText(
            self.tr("受理 %1，发卡 %2，废卡 %3，重新打印 %4；平均每张 %5（90%：%6）；待同步 %7 条，最早 %8 前")
            .replace("%1", str(report.created)).replace("%2", str(report.issued))
            .replace("%3", str(report.spoiled)).replace("%4", str(report.reprints))
            .replace("%5", seconds(report.per_issuance.mean_seconds))
            .replace("%6", seconds(report.per_issuance.p90_seconds))
            .replace("%7", str(report.pending_sync)).replace("%8", oldest))
        fill(self.by_state, [[IssuanceState(k).label(lang), v] for k, v in report.by_state.items()])
        fill(self.by_clerk, [[k, v["started"], v["issued"], v["spoiled"]] for k, v in report.by_clerk.items()])
        type_rows = [[type_label(k), v] for k, v in report.by_type.items()]
        type_rows += [[self.tr("原因 %1").replace("%1", k), v] for k, v in report.by_reason.items()]
        fill(self.by_type, type_rows)
        fill(self.timing, [[self.tr("每张卡"), report.per_issuance.count, seconds(report.per_issuance.mean_seconds),
                            seconds(report.per_issuance.p90_seconds)]]
             + [[k, t.count, seconds(t.mean_seconds), seconds(t.p90_seconds)] for k, t in report.per_step.items()])
        fill(self.spoiled, [[s.at[11:16], s.clerk, s.card_number, s.id_number_masked, s.reason]
                            for s in report.spoiled_cards])
        fill(self.reprints, [[r.at[11:16], r.clerk, r.card_number] for r in report.reprint_list])
        self.series_chart.show_series(report.series)
        self.type_chart.show_types(report.by_type)
        self.message.setText("")
        self.loaded.emit(report)

    def export(self, fmt: str, path: Path | None = None) -> None:
        first, last = self.range()
        span = first.isoformat() + ("" if first == last else f"_{last.isoformat()}")
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("导出报表"), f"report-{span}.{fmt}")
            if not name:
                return
            path = Path(name)
        title = self.tr("制卡日报 %1").replace("%1", span.replace("_", " — "))

        def done(rows):
            if fmt == "pdf":
                from counter_app.services.report_export import write_pdf

                write_pdf(rows, path, title)
            self.message.setText(self.tr("已导出：%1").replace("%1", str(path)))

        self.ctx.db.call(job_export(self.ctx.session, first, last, fmt, path, title), done,
                         lambda exc: self.message.setText(error_text(exc, self.ctx.lang)))
