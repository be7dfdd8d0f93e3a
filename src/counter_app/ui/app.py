"""``counter-app`` with no command: the GUI. Login window first, then the home of the user's role.

:func:`run` is what the CLI calls; :class:`Shell` is the part tests and the screenshot script drive
(login window ↔ main window, the workers' lifetime). Start-up work that touches the database
(migrations, keys) happens on the database worker's first job, after the login window is shown.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from counter_app.printing.template import resources_dir
from counter_app.ui.backends import Backends
from counter_app.ui.context import AppContext
from counter_app.ui.i18n import install_translators, ui_lang

log = logging.getLogger(__name__)
PROCESS_START = time.monotonic()  # of this module's import; bench_gui measures from the process start
GIL_SWITCH_INTERVAL_S = 0.001
_UI_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei")


def apply_style(app: QApplication) -> None:
    """The app's style sheet and a CJK interface font (so Chinese never falls back to boxes)."""
    families = set(QFontDatabase.families())
    for family in _UI_FONTS:
        if family in families:
            font = QFont(family, 11)
            app.setFont(font)
            break
    qss = resources_dir() / "style" / "app.qss"
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


class Shell(QObject):
    """The windows of one GUI process: login, then the main window, and back after logout."""

    loginShown = Signal()  # noqa: N815
    mainShown = Signal(object)  # noqa: N815

    def __init__(self, app_ctx: AppContext):
        super().__init__()
        self.ctx = app_ctx
        self.login = None
        self.main = None
        self._preload: threading.Thread | None = None

    def start(self) -> None:
        # The workers (database, devices, preload) run Python too: each time the GUI thread needs the
        # GIL (any slot or event handler in Python) it may wait a whole switch interval for it. 1 ms
        # instead of CPython's 5 keeps those waits well below a frame.
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        self.ctx.start_workers()
        self.show_login()
        self.ctx.start_sync()
        self._preload = _preload_in_background()

    def show_login(self) -> None:
        from counter_app.ui.login import LoginWindow

        if self.main is not None:
            self.main.shutdown()
            self.main.close()
            self.main.deleteLater()
            self.main = None
        self.ctx.session = None
        self.login = LoginWindow(self.ctx)
        self.login.loggedIn.connect(self.logged_in)
        self.login.show()
        self.login.username.setFocus()
        self.loginShown.emit()

    def logged_in(self, session) -> None:
        from counter_app.ui.main_window import MainWindow

        self.ctx.session = session
        self.main = MainWindow(self.ctx)
        self.main.loggedOut.connect(self.show_login)
        self.main.show()
        if self.login is not None:
            self.login.close()
            self.login.deleteLater()
            self.login = None
        self.mainShown.emit(self.main)

    def stop(self) -> None:
        if self.main is not None:
            self.main.shutdown()
        self.ctx.stop()
        # An interpreter that exits while the preload thread is inside an import of a Qt extension
        # module can crash (SIGSEGV at exit, seen when the app is closed within a second of start).
        if self._preload is not None:
            self._preload.join(PRELOAD_JOIN_S)


# What the first screens after login need, the clerk's first (the most frequent role): the main
# window, the issuance flow and the card services page with the services they call, then the other
# roles' homes. Each one imported here is one the GUI thread does not import while the clerk waits.
_PRELOAD = (
    "counter_app.ui.main_window", "counter_app.ui.clerk.home", "counter_app.ui.clerk.flow_widget",
    "PySide6.QtMultimedia", "counter_app.ui.clerk.photo_page", "counter_app.ui.camera",
    "counter_app.photo.process", "counter_app.printing.face", "counter_app.ui.clerk.card_services_page",
    "counter_app.ui.supervisor.home", "counter_app.ui.technician.home",
)


def _warm_id_checks() -> None:
    """The first ID number checked loads python-stdnum's region code table (~40 ms of parsing):
    load it here rather than on the GUI thread at the clerk's first keystrokes."""
    from counter_app.domain.idnumbers import region_code_known

    region_code_known("110101")


PRELOAD_JOIN_S = 30.0  # a bound: the imports take about a second; a hung import must not hang the exit


def _preload_in_background() -> threading.Thread:
    """Import the main window's modules (the clerk flow pulls in NumPy and Pillow through the photo
    step) and load the ID checks' table on a helper thread while the login window waits for the
    password, so that the first main window after login does not stall the event loop on imports.
    Imports and pure-Python tables only: every widget is still made on the GUI thread."""
    import importlib

    def work() -> None:
        for name in _PRELOAD:
            try:
                importlib.import_module(name)
            except Exception:  # the GUI thread imports it again and reports what is wrong
                log.debug("preloading %s failed", name, exc_info=True)
        try:
            _warm_id_checks()
        except Exception:  # the GUI thread meets it again and reports what is wrong
            log.debug("warming the ID checks failed", exc_info=True)

    thread = threading.Thread(target=work, name="preload", daemon=True)
    thread.start()
    return thread


def make_context(paths, settings, lang: str, backends: Backends | None = None) -> AppContext:
    paths.ensure()
    return AppContext(paths, settings, lang, backends or Backends.for_settings(settings))


def run(args, ctx) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("counter-app")
    lang = ui_lang(ctx.settings["ui.language"], getattr(args, "lang", None))
    translators = install_translators(app, lang)  # noqa: F841 - must stay alive while the app runs
    apply_style(app)
    shell = Shell(make_context(ctx.paths, ctx.settings, lang))
    shell.loginShown.connect(lambda: log.info("login window shown %.3f s after start",
                                              time.monotonic() - PROCESS_START))
    shell.start()
    try:
        return int(app.exec())
    finally:
        shell.stop()
