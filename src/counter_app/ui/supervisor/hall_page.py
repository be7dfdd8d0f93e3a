"""本厅 (the hall): today's figures of the service hall this counter belongs to, from the central ledger
(``SyncService.hall_summary`` on the database worker: the network call never runs in the GUI thread).

The totals (cards issued, third generation, spoiled, reprints, waiting, the average issuance time), the two
target lines of the year and a table by counter. When the ledger cannot be reached, the counter is not
enrolled or belongs to no hall, a message in the interface language stands in place of the figures; the
refresh button (and showing the tab again) retries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.sync.errors import LedgerRefused, LedgerUnavailable, NotEnrolled
from counter_app.ui.errors import error_text
from counter_app.ui.supervisor.jobs import job_hall_summary
from counter_app.ui.supervisor.widgets import fill, make_table, seconds


def _count(value: Any) -> str:
    return "—" if value is None else str(value)


class HallPage(QWidget):
    loaded = Signal(object)  # the hall summary shown (the ledger's dict)
    failed = Signal(object)  # the error shown in place of the figures

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("supervisorHall")
        self.summary: dict[str, Any] | None = None
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        self.refresh_button.setObjectName("hallRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.title = QLabel()
        self.title.setObjectName("hallTitle")
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        self.message = QLabel()
        self.message.setObjectName("hallMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.totals = QLabel()
        self.totals.setObjectName("hallTotals")
        self.totals.setWordWrap(True)
        self.target_third = QLabel()
        self.target_third.setObjectName("hallTargetThird")
        self.target_all = QLabel()
        self.target_all.setObjectName("hallTargetAll")
        self.by_counter = make_table("hallByCounter", [
            self.tr("柜台编号"), self.tr("名称"), self.tr("发卡"), self.tr("三代卡"), self.tr("废卡"),
            self.tr("重新打印"), self.tr("制作中")])
        self.figures = QWidget()
        self.figures.setObjectName("hallFigures")
        figures = QVBoxLayout(self.figures)
        figures.setContentsMargins(0, 0, 0, 0)
        figures.addWidget(self.totals)
        figures.addWidget(self.target_third)
        figures.addWidget(self.target_all)
        figures.addWidget(QLabel(self.tr("按柜台")))
        figures.addWidget(self.by_counter, 1)
        self.status = QLabel()
        self.status.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.figures, 1)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        self.status.setText(self.tr("正在向中心台账查询…"))
        self.refresh_button.setEnabled(False)
        self.ctx.db.call(job_hall_summary(self.ctx.session, dt.date.today()), self.show_summary, self.show_error)

    # --- the answer ---------------------------------------------------------------------------------------

    def show_summary(self, summary: dict[str, Any]) -> None:
        self.summary = summary
        self.refresh_button.setEnabled(True)
        self.status.setText(self.tr("更新于 %1").replace("%1", str(summary.get("generated_at") or "")))
        hall = summary.get("hall")
        name = next((h.get("name") for h in summary.get("by_hall") or []
                     if isinstance(h, dict) and h.get("hall_id") == hall and h.get("name")), None) or hall
        self.title.setText(self.tr("本厅 %1 · %2").replace("%1", str(name or "")).replace(
            "%2", str(summary.get("date") or "")))
        self.totals.setText(
            self.tr("发卡 %1，其中三代卡 %2；废卡 %3，重新打印 %4，制作中 %5；平均每张 %6")
            .replace("%1", _count(summary.get("cards_issued"))).replace("%2", _count(summary.get("third_generation")))
            .replace("%3", _count(summary.get("spoiled"))).replace("%4", _count(summary.get("reprints")))
            .replace("%5", _count(summary.get("in_progress")))
            .replace("%6", seconds(summary.get("average_issuance_seconds"))))
        targets = summary.get("targets") or {}
        self.target_third.setText(self._target_line(self.tr("三代卡年度目标"), targets.get("third_generation")))
        self.target_all.setText(self._target_line(self.tr("全部卡年度目标"), targets.get("all")))
        fill(self.by_counter, [[c.get("counter_id"), c.get("name"), c.get("cards_issued"), c.get("third_generation"),
                                c.get("spoiled"), c.get("reprints"), c.get("in_progress")]
                               for c in summary.get("by_counter") or [] if isinstance(c, dict)])
        self.message.setVisible(False)
        self.figures.setVisible(True)
        self.loaded.emit(summary)

    def _target_line(self, label: str, line: dict[str, Any] | None) -> str:
        if not isinstance(line, dict):
            return self.tr("%1：无数据").replace("%1", label)
        if line.get("target") is None:
            return (self.tr("%1：未设定目标；实际 %2，预计全年 %3").replace("%1", label)
                    .replace("%2", _count(line.get("actual"))).replace("%3", _count(line.get("projected"))))
        percent = line.get("percent")
        on_track = line.get("on_track")
        track = "" if on_track is None else (self.tr("（可达成）") if on_track else self.tr("（进度落后）"))
        return (self.tr("%1：目标 %2，实际 %3，预计全年 %4，完成 %5%6").replace("%1", label)
                .replace("%2", _count(line.get("target"))).replace("%3", _count(line.get("actual")))
                .replace("%4", _count(line.get("projected")))
                .replace("%5", "—" if percent is None else f"{float(percent):.1f}%").replace("%6", track))

    def show_error(self, exc: BaseException) -> None:
        self.summary = None
        self.refresh_button.setEnabled(True)
        self.status.setText("")
        self.title.setText("")
        self.message.setText(self.error_message(exc))
        self.message.setVisible(True)
        self.figures.setVisible(False)
        self.failed.emit(exc)

    def error_message(self, exc: BaseException) -> str:
        if isinstance(exc, LedgerUnavailable):
            return self.tr("中心台账暂不可达，无法显示本厅数据；本柜台自己的日报见“当日概况”。可点击“刷新”重试。")
        if isinstance(exc, NotEnrolled):
            return self.tr("本柜台尚未在中心台账登记，无法显示本厅数据（请技术人员运行 counter-app enroll）。")
        if isinstance(exc, LedgerRefused) and exc.code == "no_hall":
            return self.tr("本柜台尚未归属服务大厅：请区级管理员在中心台账中为本柜台指定大厅。")
        return error_text(exc, self.ctx.lang)
