"""A background thread that notices a card laid on the ID card reader and lifted off it.

A serial ID card reader sends nothing by itself (it has no card events), so the watcher asks it: every
``interval_s`` (0.3 s: a clerk lays a card and expects the form filled at once, and one find-card exchange is
a few milliseconds) it sends find card; a card found is selected and read and given to ``on_card``. While
that card lies there the reader no longer "finds" it (it was read), so the watcher selects it instead to see
it still there; when that fails, ``on_lifted`` is called. A card lifted during its read is given to
``on_error`` as :class:`~counter_app.idcard.errors.IdCardLifted` (lay it down again). A reader fault is given
to ``on_error`` once and polled again more slowly until the reader answers.

No Qt: the GUI hands the callbacks on to its own thread (a queued signal). Callbacks run on the watcher's
thread; an exception in one is logged and the watcher goes on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from counter_app.idcard.errors import IdCardError, IdCardLifted, NoIdCard
from counter_app.idcard.model import IdCardData
from counter_app.idcard.reader import IdCardReader

log = logging.getLogger(__name__)

POLL_SECONDS = 0.3
FAULT_POLL_SECONDS = 2.0


class IdCardWatcher:
    """Watch ``reader`` on a thread of its own: ``start()``, then ``stop()`` (which joins)."""

    def __init__(self, reader: IdCardReader, on_card: Callable[[IdCardData], None],
                 on_lifted: Callable[[], None] = lambda: None, *,
                 on_error: Callable[[IdCardError], None] | None = None,
                 interval_s: float = POLL_SECONDS, fault_interval_s: float = FAULT_POLL_SECONDS):
        self.reader = reader
        self.on_card = on_card
        self.on_lifted = on_lifted
        self.on_error = on_error
        self.interval_s = interval_s
        self.fault_interval_s = fault_interval_s
        self.card: IdCardData | None = None  # the card lying on the reader, as read
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> IdCardWatcher:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="idcard-watcher", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop polling and wait for the thread (at most one exchange with the reader, a few seconds)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        faulted = False
        while not self._stop.is_set():
            try:
                self.poll()
                faulted = False
                wait = self.interval_s
            except IdCardError as exc:
                if not faulted:
                    log.warning("ID card reader: %s", exc)
                    self._call(self.on_error, exc)
                faulted = True
                wait = self.fault_interval_s
            except Exception:  # a bug must not kill the watcher silently
                log.exception("ID card watcher")
                wait = self.fault_interval_s
            self._stop.wait(wait)
        self.reader.close()

    def poll(self) -> None:
        """One look at the reader (the thread calls it; a test may too)."""
        if self.card is None:
            if not self.reader.find_card():
                return
            try:
                card = self.reader.read_card(found=True)
            except IdCardLifted as exc:  # the clerk is to lay it down again: said through on_error
                self._call(self.on_error, exc)
                return
            except NoIdCard:  # lifted before the read began: nothing lies there
                return
            self.card = card
            self._call(self.on_card, card)
            return
        if self.reader.find_card():  # a card laid anew without our seeing the old one go
            try:
                card = self.reader.read_card(found=True)
            except NoIdCard:
                self._lifted()
                return
            if card != self.card:
                self.card = card
                self._call(self.on_card, card)
            return
        if not self.reader.select_card():
            self._lifted()

    def _lifted(self) -> None:
        self.card = None
        self._call(self.on_lifted)

    @staticmethod
    def _call(fn: Callable | None, *args: object) -> None:
        if fn is None:
            return
        try:
            fn(*args)
        except Exception:
            log.exception("ID card watcher callback %r", fn)
