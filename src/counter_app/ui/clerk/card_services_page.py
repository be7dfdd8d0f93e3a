"""卡片服务: what a clerk does with a card already issued — the in-card query with its receipt, the
holder's PIN (tries left, verify, change, reset) and the card's status (loss, cancellation). Reached
from the clerk's home; one tab per service, every card command on the device worker."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from counter_app.ui.clerk.card_pin_tab import CardPinTab
from counter_app.ui.clerk.card_query_tab import CardQueryTab
from counter_app.ui.clerk.card_status_tab import CardStatusTab


class CardServicesPage(QWidget):
    finished = Signal()           # back to the home page
    openIssuance = Signal(str)    # noqa: N815  a replacement application to continue in the flow

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("cardServices")
        title = QLabel(self.tr("卡片服务"))
        title.setObjectName("pageTitle")
        self.query_tab = CardQueryTab(app_ctx)
        self.pin_tab = CardPinTab(app_ctx)
        self.status_tab = CardStatusTab(app_ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.query_tab, self.tr("卡内查询"))
        self.tabs.addTab(self.pin_tab, self.tr("密码服务"))
        self.tabs.addTab(self.status_tab, self.tr("卡状态"))
        self.query_tab.queried.connect(self._queried)
        self.status_tab.openIssuance.connect(self.openIssuance)
        self.home_button = QPushButton(self.tr("返回首页 (Esc)"))
        self.home_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.home_button.clicked.connect(self.go_home)
        bottom = QHBoxLayout()
        bottom.addWidget(self.home_button)
        bottom.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(self.tabs, 1)
        box.addLayout(bottom)

    @property
    def busy(self) -> bool:
        return any(t.busy for t in (self.query_tab, self.pin_tab, self.status_tab))

    def start(self) -> None:
        """Opened from the home page: the in-card query first, nothing left from the last holder."""
        self.tabs.setCurrentWidget(self.query_tab)
        self.query_tab.query = None
        self.query_tab.table.setRowCount(0)
        self.query_tab.summary.clear()
        for tab in (self.query_tab, self.pin_tab, self.status_tab):
            tab.message.clear()
            tab.update_actions()
        self.status_tab.card_number.clear()
        self.status_tab.replacement_button.setVisible(False)
        self.pin_tab.id_number.clear()
        self.pin_tab.tries.clear()
        self.query_tab.read_button.setFocus()

    def _queried(self, query) -> None:
        if not query.blank and query.card_number:
            self.status_tab.set_card_number(query.card_number)

    def go_home(self) -> None:
        if self.busy:
            return
        self.finished.emit()
