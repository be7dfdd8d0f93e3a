"""The two pictures of the dashboard (QtCharts): issued cards per day of the range, and the
issuances of the range by application type."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QPieSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPainter


def type_label(key: str) -> str:
    """An application type's name in the interface language (Qt's translator); an unknown key as itself."""
    labels = {"new": QCoreApplication.translate("ApplicationType", "新申领"),
              "replacement": QCoreApplication.translate("ApplicationType", "补换卡"),
              "renewal": QCoreApplication.translate("ApplicationType", "换新卡"),
              "upgrade": QCoreApplication.translate("ApplicationType", "升级三代卡")}
    return labels.get(key, key)


class DailySeriesChart(QChartView):
    """Bars per day: issued and spoiled."""

    def __init__(self, lang: str = "zh", parent=None):
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.lang = lang
        self.setObjectName("dailySeriesChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setMinimumHeight(220)
        self.issued_total = 0

    def show_series(self, series) -> None:
        self.chart_.removeAllSeries()
        for axis in self.chart_.axes():
            self.chart_.removeAxis(axis)
        issued = QBarSet(self.tr("已发卡"))
        spoiled = QBarSet(self.tr("废卡"))
        categories = []
        for day in series:
            issued.append(day.issued)
            spoiled.append(day.spoiled)
            categories.append(day.day.strftime("%m-%d"))
        self.issued_total = sum(d.issued for d in series)
        bars = QBarSeries()
        bars.append(issued)
        bars.append(spoiled)
        self.chart_.addSeries(bars)
        x = QBarCategoryAxis()
        x.append(categories)
        y = QValueAxis()
        y.setLabelFormat("%d")
        y.setRange(0, max([1, *(d.issued for d in series)]))
        self.chart_.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x)
        bars.attachAxis(y)
        self.chart_.setTitle(self.tr("每日发卡"))


class TypeBreakdownChart(QChartView):
    """A pie of the issuances by application type."""

    def __init__(self, lang: str = "zh", parent=None):
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.lang = lang
        self.setObjectName("typeBreakdownChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumHeight(220)
        self.slices: dict[str, int] = {}

    def show_types(self, by_type: dict[str, int]) -> None:
        self.chart_.removeAllSeries()
        pie = QPieSeries()
        self.slices = dict(by_type)
        for key, n in by_type.items():
            pie.append(f"{type_label(key)} {n}", n)
        self.chart_.addSeries(pie)
        self.chart_.setTitle(self.tr("按申请类型"))
