"""The one way the windows show an error that came back from a worker job.

Every error meant for a person is a :class:`~counter_app.domain.problems.UserFacingError` (domain,
card, store, print, sync, photo and record errors): it brings its own message in the app's language.
Anything else is a fault of the program: the worker has logged it with its traceback, and the window
says only "internal error" and the type, as the command line does.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.domain.problems import Severity, UserFacingError, is_user_facing


def error_text(exc: BaseException, lang: str) -> str:
    """The text a window shows for ``exc`` (``lang``: "zh" or "en", the services' message languages)."""
    if is_user_facing(exc):
        assert isinstance(exc, UserFacingError)
        return exc.message(lang)
    return QCoreApplication.translate("ErrorText", "内部错误：%1（详情见日志）").replace("%1", type(exc).__name__)


def error_severity(exc: BaseException) -> Severity:
    """How grave ``exc`` is for the window (an unexpected error is always an error)."""
    return exc.severity if is_user_facing(exc) else Severity.ERROR  # type: ignore[union-attr]
