"""Card insertion and removal as Qt signals: pyscard's monitors (through ``ReaderWatcher``) bridged to Qt.

The watcher calls back on pyscard's monitor thread. There the callback does two things only: it
feeds the thread-safe :class:`~counter_app.ui.clerk.flow_jobs.CardSlot` (which the device thread's
encode job waits on, so the write starts without a trip through the GUI thread) and emits
``cardPresent``, a queued signal the GUI's slots receive on the GUI thread. A timer asks the watcher
every few seconds whether pyscard's threads still run (they die when pcscd stops) and re-arms them:
that is a watch on the service, not a poll of the card.

The watcher comes from ``Backends.make_card_watch(settings, callback)``: ``ReaderWatcher`` over
pcscd, or an in-process encoder's own events in tests. Arming and checking it asks pcscd for its
readers, so both run through ``run`` (the database worker in the app): the GUI thread never waits on
PC/SC, and the device worker may be blocked waiting for the card meanwhile.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.card.pcsc import ReaderEvent
from counter_app.ui.clerk.flow_jobs import CardSlot

log = logging.getLogger(__name__)

SERVICE_CHECK_MS = 3000  # how soon a restarted pcscd is noticed


class CardEvents(QObject):
    """``cardPresent(bool)`` when a card comes into or leaves the encoder's card reader."""

    cardPresent = Signal(bool)  # noqa: N815
    serviceLost = Signal()  # noqa: N815

    def __init__(self, make_watch, settings, run=None, parent: QObject | None = None):
        super().__init__(parent)
        self._run = run or (lambda fn: fn())  # where start and check run (off the GUI thread in the app)
        self.slot = CardSlot(str(settings["card.reader"]))
        self._watch = make_watch(settings, self._on_event)
        self._timer = QTimer(self)
        self._timer.setInterval(SERVICE_CHECK_MS)
        self._timer.timeout.connect(self._check)
        self._started = False
        self._lock = threading.Lock()

    def _on_event(self, event: ReaderEvent) -> None:
        # pyscard's thread: no widget work here, only the slot and a queued signal.
        if not self._started:  # stopped (the window going away): nothing may reach this object any more
            return
        if event.kind == "service_lost":
            self.slot.feed(event)
            self.serviceLost.emit()
        elif self.slot.feed(event):
            self.cardPresent.emit(event.kind == "card_inserted")

    def start(self) -> None:
        """Arm the watcher (once); without pcscd it is re-armed by the timer when the service returns."""
        if self._started:
            return
        self._started = True
        self._run(self._arm)
        self._timer.start()

    def _arm(self) -> None:
        with self._lock:  # a stop may have come first: then it stays unarmed
            if self._started:
                self._watch.start()

    def _check(self) -> None:
        self._run(self._guarded_check)

    def _guarded_check(self) -> None:
        try:
            with self._lock:
                if self._started:
                    self._watch.check()
        except Exception:  # never let it end a worker job or a slot
            log.exception("checking the card watcher failed")

    def stop(self) -> None:
        self._timer.stop()
        with self._lock:
            if self._started:
                self._watch.stop()
            self._started = False
