"""``counter-app`` with no command: the GUI. Login window first, then the home of the user's role.

:func:`run` is what the CLI calls; :class:`Shell` is the part tests and the screenshot script drive
(login window ↔ main window, the workers' lifetime). Start-up work that touches the database
(migrations, keys) happens on the database worker's first job, after the login window is shown.
"""

from __future__ import annotations

import logging
import sys
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

    def start(self) -> None:
        self.ctx.start_workers()
        self.show_login()
        self.ctx.start_sync()
        _preload_in_background()

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


def _preload_in_background() -> None:
    """Import the main window's modules (the clerk flow pulls in OpenCV and NumPy through the photo
    step) on a helper thread while the login window waits for the password, so that the first
    main window after login does not stall the event loop on imports. Imports only: every widget is
    still made on the GUI thread."""
    import importlib
    import threading

    def work() -> None:
        for name in ("PySide6.QtMultimedia", "counter_app.ui.main_window", "counter_app.ui.clerk.flow_widget",
                     "counter_app.photo.widget", "counter_app.photo.sources",
                     "counter_app.photo.process", "counter_app.printing.face"):
            try:
                importlib.import_module(name)
            except Exception:  # the GUI thread imports it again and reports what is wrong
                log.debug("preloading %s failed", name, exc_info=True)

    threading.Thread(target=work, name="preload", daemon=True).start()


def make_context(paths, settings, lang: str, backends: Backends | None = None) -> AppContext:
    paths.ensure()
    return AppContext(paths, settings, lang, backends or Backends())


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
