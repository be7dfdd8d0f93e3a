"""Background work for the GUI: a QThread that owns its resources and runs jobs one at a time.

The GUI thread only draws and routes signals (ARCHITECTURE.md). Everything else runs on a
:class:`ThreadWorker`: a ``QObject`` moved to its own ``QThread`` (Nitrokey App 2's worker
pattern), whose *context* — a :class:`~counter_app.store.database.Store` and the services built
on it, the encoder, the print service — is created inside that thread by a factory, because a
SQLite connection belongs to the thread that opened it and the PC/SC connection must stay on
one thread (Electrum's device thread).

The app runs two of them:

- the **device worker**: the clerk's :class:`~counter_app.services.flow.IssuanceFlow` with its
  own Store, the encoder (PC/SC) and the printer; the chip write and the print run here;
- the **database worker**: quick reads and writes that must not queue behind a card (login,
  the home list, the status probes, the ledger look-up), with a second Store.

A job is ``fn(context, report) -> result``; ``report(obj)`` sends progress. Every exception ends
at the worker boundary as ``failed`` (an exception escaping a slot aborts a PySide6 process).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from counter_app.card.errors import CardError
from counter_app.domain.problems import DomainError, is_user_facing

log = logging.getLogger(__name__)

Job = Callable[[Any, Callable[[Any], None]], Any]


class _Runner(QObject):
    """Lives in the worker thread; runs the jobs it is sent, in order."""

    done = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, object)

    def __init__(self, factory: Callable[[], Any], closer: Callable[[Any], None] | None):
        super().__init__()
        self._factory = factory
        self._closer = closer
        self.context: Any = None
        self.thread_id: int | None = None

    @Slot(int, object)
    def run(self, token: int, job: Job) -> None:
        try:
            if self.context is None:
                self.thread_id = threading.get_ident()
                self.context = self._factory()
            result = job(self.context, lambda obj: self.progress.emit(token, obj))
        except BaseException as exc:  # the worker boundary: report, never crash the GUI
            if _expected(exc):  # a refusal with its message for the clerk: one line, no traceback
                log.warning("background job %d: %s: %s", token, type(exc).__name__, exc)
            else:
                log.exception("background job %d failed", token)
            self.failed.emit(token, exc)
            return
        self.done.emit(token, result)

    @Slot()
    def close(self) -> None:
        if self.context is not None and self._closer is not None:
            try:
                self._closer(self.context)
            except Exception:
                log.exception("closing the worker's context failed")
        self.context = None


class ThreadWorker(QObject):
    """Submit jobs from the GUI thread; callbacks run back in the GUI thread."""

    _submit = Signal(int, object)
    _close = Signal()
    busyChanged = Signal(bool)  # noqa: N815

    def __init__(self, name: str, factory: Callable[[], Any], closer: Callable[[Any], None] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._runner = _Runner(factory, closer)
        self._runner.moveToThread(self._thread)
        self._submit.connect(self._runner.run)
        self._close.connect(self._runner.close)
        self._runner.done.connect(self._on_done)
        self._runner.failed.connect(self._on_failed)
        self._runner.progress.connect(self._on_progress)
        self._tokens = itertools.count(1)
        self._pending: dict[int, tuple[Callable | None, Callable | None, Callable | None]] = {}
        self._thread.start()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def call(self, job: Job, on_done: Callable[[Any], None] | None = None,
             on_failed: Callable[[BaseException], None] | None = None,
             on_progress: Callable[[Any], None] | None = None) -> int:
        token = next(self._tokens)
        was_busy = self.busy
        self._pending[token] = (on_done, on_failed, on_progress)
        self._submit.emit(token, job)
        if not was_busy:
            self.busyChanged.emit(True)
        return token

    def _finish(self, token: int):
        callbacks = self._pending.pop(token, (None, None, None))
        if not self._pending:
            self.busyChanged.emit(False)
        return callbacks

    def _on_done(self, token: int, result: Any) -> None:
        on_done, _f, _p = self._finish(token)
        if on_done is not None:
            _guarded(on_done, result)

    def _on_failed(self, token: int, exc: BaseException) -> None:
        _d, on_failed, _p = self._finish(token)
        if on_failed is not None:
            _guarded(on_failed, exc)
        else:
            log.error("unhandled failure of a %s job: %r", self.name, exc)

    def _on_progress(self, token: int, obj: Any) -> None:
        entry = self._pending.get(token)
        if entry and entry[2] is not None:
            _guarded(entry[2], obj)

    def in_worker_thread(self) -> bool:
        return threading.get_ident() == self._runner.thread_id

    def stop(self, timeout_ms: int = 30_000) -> None:
        """Close the context in its own thread, then end the thread (after the running job)."""
        if not self._thread.isRunning():
            return
        self._close.emit()
        self._thread.quit()
        if not self._thread.wait(timeout_ms):
            log.warning("worker %s did not stop within %d ms", self.name, timeout_ms)


def _guarded(fn: Callable, arg: Any) -> None:
    try:
        fn(arg)
    except Exception:  # a slot must never raise under PySide6
        log.exception("GUI callback failed")


def _expected(exc: BaseException) -> bool:
    """Errors that carry a message for the clerk (any ``UserFacingError``: domain refusals, card/device
    errors, an unreadable photo...) are outcomes, not bugs."""
    return is_user_facing(exc) or isinstance(exc, DomainError | CardError)
