"""The year against the district's targets: year-to-date cards, run rate, projected year end and
the date each target is reached at that rate; the months as bars."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from counter_app.ui.errors import error_text
from counter_app.ui.supervisor.jobs import job_year


class YearPage(QWidget):
    loaded = Signal(object)

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("supervisorYear")
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.new_bar, self.new_text = QProgressBar(), QLabel()
        self.all_bar, self.all_text = QProgressBar(), QLabel()
        for bar in (self.new_bar, self.all_bar):
            bar.setRange(0, 1000)
        self.chart = QChart()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setMinimumHeight(240)
        self.message = QLabel()
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        for label, bar, text in ((self.tr("三代卡新发"), self.new_bar, self.new_text),
                                 (self.tr("全部发卡"), self.all_bar, self.all_text)):
            box.addWidget(QLabel(label))
            box.addWidget(bar)
            box.addWidget(text)
        box.addWidget(self.chart_view, 1)
        box.addWidget(self.message)

    def refresh(self, year: int | None = None) -> None:
        self.ctx.db.call(job_year(self.ctx.session, year or dt.date.today().year), self.show_view,
                         lambda exc: self.message.setText(error_text(exc, self.ctx.lang)))

    def show_view(self, view) -> None:
        self.title.setText(self.tr("%1 年，截至 %2").replace("%1", str(view.year)).replace("%2", view.as_of.isoformat()))
        for p, bar, text in ((view.new_ssc3_progress, self.new_bar, self.new_text),
                             (view.cards_progress, self.all_bar, self.all_text)):
            bar.setValue(min(1000, int(p.percent * 10)))
            bar.setFormat(f"{p.actual} / {p.target} ({p.percent}%)")
            reach = p.reach_date.isoformat() if p.reach_date else self.tr("百年内不能")
            text.setText(self.tr("日均 %1 张，年末预计 %2 张，按此速度 %3 达标").replace("%1", str(p.run_rate_per_day))
                         .replace("%2", str(p.projected_year_end)).replace("%3", reach))
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        cards, new = QBarSet(self.tr("全部发卡")), QBarSet(self.tr("三代卡新发"))
        for m in view.monthly:
            cards.append(m["cards"])
            new.append(m["new_ssc3"])
        series = QBarSeries()
        series.append(cards)
        series.append(new)
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([str(m["month"]) for m in view.monthly])
        y = QValueAxis()
        y.setLabelFormat("%d")
        y.setRange(0, max([1, *(m["cards"] for m in view.monthly)]))
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.loaded.emit(view)
