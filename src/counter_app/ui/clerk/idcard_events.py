"""The ID card reader's events as Qt signals: :class:`~counter_app.idcard.watcher.IdCardWatcher` bridged to Qt.

The watcher calls back on its own thread; there the callbacks only emit queued signals, which the
applicant page's slots receive on the GUI thread (as :mod:`counter_app.ui.clerk.card_events` does for the
card encoder). The watcher comes from ``Backends.make_idcard_watch(settings, on_card, on_lifted, on_error)``:
an ``IdCardWatcher`` over the reader at ``idcard.port`` (found among the serial ports when empty), or None
when there is no reader; tests pass an in-process stand-in. Building it may probe serial ports, so it is
built and started through ``run`` (the database worker in the app), never on the GUI thread.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class IdCardEvents(QObject):
    """``cardRead(IdCardData)``, ``cardLifted()`` and ``readError(IdCardError)`` from the ID card reader."""

    cardRead = Signal(object)  # noqa: N815
    cardLifted = Signal()  # noqa: N815
    readError = Signal(object)  # noqa: N815

    def __init__(self, make_watch, settings, run=None, parent: QObject | None = None, *, lights=None):
        super().__init__(parent)
        self._lights = lights  # counter_app.sync.heartbeat.DeviceLights: the reader's light in the heartbeat
        self._make_watch = make_watch
        self._settings = settings
        self._run = run or (lambda fn: fn())
        self._watch = None
        self._started = False
        self._lock = threading.Lock()

    @property
    def watch(self):
        """The watcher once armed (None: no reader, or not armed yet)."""
        return self._watch

    def start(self) -> None:
        if self._started or self._make_watch is None:
            return
        self._started = True
        self._run(self._arm)

    def _arm(self) -> None:
        with self._lock:
            if not self._started or self._watch is not None:
                return
            try:
                self._watch = self._make_watch(self._settings, self._on_card, self._on_lifted, self._on_error)
            except Exception:  # no reader must never keep the clerk from typing the data in
                log.exception("the ID card watcher could not be built")
                self._watch = None
                self._light("error")
            else:
                self._light("ok" if self._watch is not None else "absent")
            if self._watch is not None:
                self._watch.start()

    def _light(self, state: str) -> None:
        if self._lights is not None:
            self._lights.set("id_reader", state)

    # The watcher's thread: nothing but queued signals.
    def _on_card(self, card) -> None:
        self._light("ok")
        if self._started:
            self.cardRead.emit(card)

    def _on_lifted(self) -> None:
        if self._started:
            self.cardLifted.emit()

    def _on_error(self, exc) -> None:
        self._light("warning")
        if self._started:
            self.readError.emit(exc)

    def stop(self) -> None:
        with self._lock:
            self._started = False
            watch, self._watch = self._watch, None
        if watch is not None:
            try:
                watch.stop()
            except Exception:
                log.exception("stopping the ID card watcher failed")
