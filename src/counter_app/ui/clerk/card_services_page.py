"""卡片服务: what a clerk does with a card already issued — the in-card query with its receipt, the
holder's PIN (tries left, verify, change, reset), the card's status (loss, cancellation) and, where the
counter runs the certificate step (setting ``card.certificates``), its certificates. Reached
from the clerk's home; one tab per service, every card command on the device worker."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from counter_app.ui.clerk.card_cert_tab import CardCertTab
from counter_app.ui.clerk.card_pin_tab import CardPinTab
from counter_app.ui.clerk.card_query_tab import CardQueryTab
from counter_app.ui.clerk.card_status_tab import CardStatusTab
from counter_app.ui.clerk.pages import bind_key


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
        self.cert_tab: CardCertTab | None = None
        if _certificates_on(app_ctx.settings):
            self.cert_tab = CardCertTab(app_ctx)
            self.tabs.addTab(self.cert_tab, self.tr("数字证书"))
        self.query_tab.queried.connect(self._queried)
        self.query_tab.certificatesRequested.connect(self.show_certificates)
        self.status_tab.openIssuance.connect(self.openIssuance)
        self.home_button = QPushButton(self.tr("返回首页 (Esc)"))
        bind_key(self.home_button, QKeySequence(Qt.Key.Key_Escape))
        self.home_button.clicked.connect(self.go_home)
        bottom = QHBoxLayout()
        bottom.addWidget(self.home_button)
        bottom.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(self.tabs, 1)
        box.addLayout(bottom)

    @property
    def service_tabs(self) -> list:
        return [t for t in (self.query_tab, self.pin_tab, self.status_tab, self.cert_tab) if t is not None]

    @property
    def busy(self) -> bool:
        return any(t.busy for t in self.service_tabs)

    def start(self) -> None:
        """Opened from the home page: the in-card query first, nothing left from the last holder."""
        self.tabs.setCurrentWidget(self.query_tab)
        self.query_tab.query = None
        self.query_tab.table.setRowCount(0)
        self.query_tab.summary.clear()
        self.query_tab.cert_button.setVisible(False)
        for tab in self.service_tabs:
            tab.message.clear()
            tab.update_actions()
        if self.cert_tab is not None:
            self.cert_tab.clear()
        self.status_tab.card_number.clear()
        self.status_tab.replacement_button.setVisible(False)
        self.pin_tab.id_number.clear()
        self.pin_tab.tries.clear()
        self.query_tab.read_button.setFocus()

    def _queried(self, query) -> None:
        if not query.blank and query.card_number:
            self.status_tab.set_card_number(query.card_number)

    def show_certificates(self) -> None:
        """The certificates tab (the query's hint for a certificate still to be issued leads here)."""
        if self.cert_tab is not None:
            self.tabs.setCurrentWidget(self.cert_tab)

    def go_home(self) -> None:
        if self.busy:
            return
        self.finished.emit()


def _certificates_on(settings) -> bool:
    try:
        return bool(settings["card.certificates"])
    except KeyError:
        return False
