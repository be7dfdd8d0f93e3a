"""The main window: the role's home, the clerk's flow, the status bar, the idle lock.

Idle lock: every key press and mouse click in the app marks activity on the session (pure Python,
no I/O); a timer checks the session's idle limit (``security.idle_lock_minutes``) and, once it is
exceeded, covers the window with the lock dialog until the same user's password is given.

Never stalling the event loop: the activity filter sits on the app's top-level *windows*
(``QWindow``), where the window system delivers every key press and mouse click, not on the
application, which would call Python for each of the thousands of internal events (polish, layout,
paint) of every widget — that alone made the first show of this window take ~100 ms. The clerk's
flow and card services pages are built the first time they are shown, not with the window.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget

from counter_app.ui.clerk.home import ClerkHome
from counter_app.ui.context import job_status
from counter_app.ui.login import LockDialog
from counter_app.ui.placeholder import PlaceholderHome
from counter_app.ui.session import job_logout, role_of
from counter_app.ui.status import DeviceStatusBar

log = logging.getLogger(__name__)
STATUS_INTERVAL_MS = 3000
SYNC_NOW_REFRESH_MS = 1000  # after "sync now": long enough for a pass on a reachable ledger
IDLE_CHECK_MS = 5000
FLOW_WARM_UP_MS = 250  # after the main window is shown: its first paint and the home's data come first


class _ActivityFilter(QObject):
    """Calls ``on_activity`` for each key press and mouse click delivered to the windows it watches.

    It watches top-level windows (every window that gets the focus: the main window, dialogs, the PIN
    pad), not the application: input comes from the window system to a ``QWindow`` first, and a
    window sees a few events where the application sees every widget's internal ones.
    """

    def __init__(self, on_activity):
        super().__init__()
        self._on_activity = on_activity
        self._watching = False

    def watch(self) -> None:
        """Watch every top-level window there is now and each one that gets the focus from now on."""
        app = QGuiApplication.instance()
        if not self._watching:
            self._watching = True
            app.focusWindowChanged.connect(self._add)
        for window in app.topLevelWindows():
            self._add(window)

    def unwatch(self) -> None:
        if not self._watching:
            return
        self._watching = False
        app = QGuiApplication.instance()
        app.focusWindowChanged.disconnect(self._add)
        for window in app.topLevelWindows():
            window.removeEventFilter(self)

    def _add(self, window) -> None:
        if window is not None and self._watching:
            window.installEventFilter(self)  # installing twice keeps one: Qt replaces the earlier one

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self._on_activity()
        return False


class MainWindow(QMainWindow):
    loggedOut = Signal()  # noqa: N815

    def __init__(self, app_ctx, parent=None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("社会保障卡即时制卡"))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.status = DeviceStatusBar(app_ctx.lang)
        self.setStatusBar(self.status)
        self.status.syncRequested.connect(self.sync_now)
        session = app_ctx.session
        role = role_of(session)
        self.status.user.setText(self.tr("操作员：%1").replace("%1", getattr(session, "username", "")))
        self.home = None
        self._role = role
        self._flow = None           # built on first use: see the ``flow`` property
        self._card_services = None  # likewise
        self._postal_batch = None   # likewise (the card centre's postal batch, F10 on the clerk's home)
        if role == "clerk":
            self.home = ClerkHome(app_ctx)
            self.stack.addWidget(self.home)
            self.home.newRequested.connect(self.new_application)
            self.home.continueRequested.connect(self.continue_issuance)
            self.home.cardServicesRequested.connect(self.show_card_services)
            self.home.refresh()
            postal = QShortcut(QKeySequence(Qt.Key.Key_F10), self.home, activated=self.show_postal_batch)
            postal.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        elif role == "technician":
            from counter_app.ui.technician.home import TechnicianHome

            self.home = TechnicianHome(app_ctx)
            self.stack.addWidget(self.home)
        elif role == "supervisor":
            from counter_app.ui.supervisor.home import SupervisorHome

            self.home = SupervisorHome(app_ctx)
            self.stack.addWidget(self.home)
            self.home.refresh_all()
        else:
            labels = {"supervisor": self.tr("主管"), "technician": self.tr("技术员")}
            self.stack.addWidget(PlaceholderHome(labels.get(role, role)))
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.lock_now)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, activated=self.logout)
        self._probe_running = False
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_INTERVAL_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start()
        self.refresh_status()
        self._lock_dialog = None
        self._activity = _ActivityFilter(self._touch)
        self._activity.watch()
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(IDLE_CHECK_MS)
        self._idle_timer.timeout.connect(self._check_idle)
        self._idle_timer.start()
        self.resize(1180, 780)

    # --- pages built on first use ------------------------------------------------------------------

    @property
    def flow(self):
        """The clerk's issuance flow (None for other roles), made the first time it is asked for."""
        if self._flow is None and self._role == "clerk":
            from counter_app.ui.clerk.flow_widget import IssuanceFlowWidget

            self._flow = IssuanceFlowWidget(self.ctx)
            self.stack.addWidget(self._flow)
            self._flow.finished.connect(self.show_home)
        return self._flow

    @property
    def card_services(self):
        """The clerk's card services page (None for other roles), made the first time it is asked for."""
        if self._card_services is None and self._role == "clerk":
            from counter_app.ui.clerk.card_services_page import CardServicesPage

            self._card_services = CardServicesPage(self.ctx)
            self.stack.addWidget(self._card_services)
            self._card_services.finished.connect(self.show_home)
            self._card_services.openIssuance.connect(self.continue_issuance)
        return self._card_services

    @property
    def postal_batch(self):
        """The card centre's postal batch page (None for other roles), made the first time it is asked for."""
        if self._postal_batch is None and self._role == "clerk":
            from counter_app.ui.clerk.postal_batch_page import PostalBatchPage

            self._postal_batch = PostalBatchPage(self.ctx)
            self.stack.addWidget(self._postal_batch)
            self._postal_batch.finished.connect(self.show_home)
        return self._postal_batch

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._activity.watch()  # this window's QWindow exists from its first show on
        if self._role == "clerk" and self._flow is None:
            # The clerk's next click is almost always "new application": make the flow while the home
            # is idle (once the home is painted), so that the click only shows it.
            QTimer.singleShot(FLOW_WARM_UP_MS, self._warm_up)

    def _warm_up(self) -> None:
        if self.ctx.session is not None and self.isVisible():
            self.flow  # noqa: B018 - the property builds it

    # --- navigation --------------------------------------------------------------------------------

    def new_application(self) -> None:
        self.stack.setCurrentWidget(self.flow)
        self.flow.start_new()

    def continue_issuance(self, issuance_id: str) -> None:
        self.stack.setCurrentWidget(self.flow)
        self.flow.resume(issuance_id)

    def show_card_services(self) -> None:
        self.stack.setCurrentWidget(self.card_services)
        self.card_services.start()

    def show_postal_batch(self) -> None:
        """邮寄制卡批次 (F10 on the clerk's home)."""
        page = self.postal_batch
        if page is not None:
            self.stack.setCurrentWidget(page)
            page.open()

    def show_home(self) -> None:
        self.stack.setCurrentWidget(self.home)
        self.home.refresh()
        self.home.table.setFocus()

    # --- status ------------------------------------------------------------------------------------

    def refresh_status(self) -> None:
        if self._probe_running or self.ctx.db is None:
            return
        self._probe_running = True

        def done(snap):
            self._probe_running = False
            self.status.show_snapshot(snap)
            snap.light_devices(self.ctx.device_lights)

        def failed(_exc):
            self._probe_running = False

        self.ctx.db.call(job_status(self.ctx.backends), done, failed)

    def sync_now(self) -> None:
        """"同步 / Sync now": wake the sync worker; the status shows the outcome a moment later."""
        if not self.ctx.sync_now():
            self.status.showMessage(self.tr("本柜台尚未在中心台账登记，无法同步"), 5000)
        QTimer.singleShot(SYNC_NOW_REFRESH_MS, self.refresh_status)

    # --- idle lock ---------------------------------------------------------------------------------

    def _touch(self) -> None:
        session = self.ctx.session
        if session is None or self._lock_dialog is not None or getattr(session, "locked", False):
            return
        try:
            session.touch()
        except Exception:  # SessionLocked: idle for too long already
            self.lock_now(already=True)

    def _check_idle(self) -> None:
        session = self.ctx.session
        if session is None or self._lock_dialog is not None:
            return
        try:
            session.check_open()
        except Exception:
            self.lock_now(already=True)

    def lock_now(self, already: bool = False) -> None:
        if self._lock_dialog is not None or self.ctx.session is None:
            return
        if not already:
            session = self.ctx.session
            session.locked = True  # at once in this thread; the service audits it
            self.ctx.db.call(lambda c, _r: c.auth.lock(session), None, lambda _e: None)
        self._lock_dialog = LockDialog(self.ctx, self)
        self._lock_dialog.finished.connect(self._lock_closed)
        self._lock_dialog.open()

    def _lock_closed(self, result: int) -> None:
        self._lock_dialog = None
        if result != QDialog.DialogCode.Accepted:
            self.logout()

    def logout(self) -> None:
        if self._flow is not None and self._flow.busy:
            return
        if self._card_services is not None and self._card_services.busy:
            return
        self.ctx.db.call(job_logout(self.ctx.session), lambda _r: self.loggedOut.emit(),
                         lambda _e: self.loggedOut.emit())

    def shutdown(self) -> None:
        self._status_timer.stop()
        self._idle_timer.stop()
        self._activity.unwatch()
        if self._flow is not None:
            self._flow.shutdown()
        if hasattr(self.home, "shutdown"):
            self.home.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._flow is not None and self._flow._encoding:
            event.ignore()  # never walk away from a card half-written
            self.status.showMessage(self.tr("正在写卡，请等待完成后再关闭。"), 5000)
            return
        self.shutdown()
        super().closeEvent(event)
