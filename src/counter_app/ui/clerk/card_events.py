"""Card insertion and removal as Qt signals: pyscard's monitors (through ``ReaderWatcher``) bridged to Qt.

The watcher calls back on pyscard's monitor thread. There the callback does two things only: it
feeds the thread-safe :class:`~counter_app.ui.clerk.flow_jobs.CardSlot` (which the device thread's
encode job waits on, so the write starts without a trip through the GUI thread) and emits
``cardPresent``, a queued signal the GUI's slots receive on the GUI thread. A timer asks the watcher
every few seconds whether pyscard's threads still run (they die when pcscd stops) and re-arms them:
that is a watch on the service, not a poll of the card.

The watcher comes from ``Backends.make_card_watch(settings, callback)``: ``ReaderWatcher`` over
pcscd, or an in-process encoder's own events in tests.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.card.pcsc import ReaderEvent
from counter_app.ui.clerk.flow_jobs import CardSlot

log = logging.getLogger(__name__)

SERVICE_CHECK_MS = 3000  # how soon a restarted pcscd is noticed


class CardEvents(QObject):
    """``cardPresent(bool)`` when a card comes into or leaves the encoder's card reader."""

    cardPresent = Signal(bool)  # noqa: N815
    serviceLost = Signal()  # noqa: N815

    def __init__(self, make_watch, settings, parent: QObject | None = None):
        super().__init__(parent)
        self.slot = CardSlot(str(settings["card.reader"]))
        self._watch = make_watch(settings, self._on_event)
        self._timer = QTimer(self)
        self._timer.setInterval(SERVICE_CHECK_MS)
        self._timer.timeout.connect(self._check)
        self._started = False

    def _on_event(self, event: ReaderEvent) -> None:
        # pyscard's thread: no widget work here, only the slot and a queued signal.
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
        self._watch.start()
        self._timer.start()

    def _check(self) -> None:
        try:
            self._watch.check()
        except Exception:  # a slot must never raise under PySide6
            log.exception("checking the card watcher failed")

    def stop(self) -> None:
        self._timer.stop()
        if self._started:
            self._watch.stop()
        self._started = False
