"""The supervisor's home: tabs for the dashboard (first), the hall's figures of today from the central
ledger (本厅), the year, the exceptions, the stock with the day close, the service ratings (好差评) and the
issuance history (papers reprinted from it). Each tab loads when first shown and on F5."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counter_app.ui.supervisor.dashboard import DashboardPage
from counter_app.ui.supervisor.exceptions_page import ExceptionsPage
from counter_app.ui.supervisor.hall_page import HallPage
from counter_app.ui.supervisor.history_page import HistoryPage
from counter_app.ui.supervisor.ratings_page import RatingsPage
from counter_app.ui.supervisor.stock_page import StockPage
from counter_app.ui.supervisor.year_page import YearPage


class SupervisorHome(QWidget):
    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("supervisorHome")
        self.dashboard = DashboardPage(app_ctx)
        self.hall = HallPage(app_ctx)
        self.year = YearPage(app_ctx)
        self.exceptions = ExceptionsPage(app_ctx)
        self.stock = StockPage(app_ctx)
        self.ratings = RatingsPage(app_ctx)
        self.history = HistoryPage(app_ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.dashboard, self.tr("当日概况"))
        self.tabs.addTab(self.hall, self.tr("本厅"))
        self.tabs.addTab(self.year, self.tr("年度进度"))
        self.tabs.addTab(self.exceptions, self.tr("例外审批"))
        self.tabs.addTab(self.stock, self.tr("卡片库存与日结"))
        self.tabs.addTab(self.ratings, self.tr("服务评价"))
        self.tabs.addTab(self.history, self.tr("业务查询"))
        self.tabs.currentChanged.connect(self._refresh_tab)
        self.exceptions.loaded.connect(self._count_exceptions)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh)
        box = QVBoxLayout(self)
        box.addWidget(self.tabs)

    def refresh(self) -> None:
        self._refresh_tab(self.tabs.currentIndex())

    def refresh_all(self) -> None:
        self.dashboard.refresh()
        self.exceptions.refresh()  # its count shows on the tab from the start

    def _refresh_tab(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is not None:
            page.refresh()

    def _count_exceptions(self, n: int) -> None:
        label = self.tr("例外审批")
        self.tabs.setTabText(self.tabs.indexOf(self.exceptions), f"{label} ({n})" if n else label)
