"""The device jobs of the clerk's flow, and the card slot they wait on.

Each job runs on the device worker (:class:`~counter_app.ui.workers.ThreadWorker`) with its
:class:`~counter_app.ui.context.DeviceContext` and calls one :class:`IssuanceFlow` method: the flow
decides, the job only carries the call across threads. Jobs are typed callables, not method names.

The encode job waits for the card on :class:`CardSlot`, which card *events* feed (pyscard's
monitors through :class:`~counter_app.card.pcsc.ReaderWatcher`, see
:mod:`counter_app.ui.clerk.card_events`); nothing opens the card to see whether it is there. The
device thread blocks on a condition variable while it waits, so the write begins as soon as the
event arrives: no poll interval, no trip through the GUI's event loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counter_app.card import errors as card_errors
from counter_app.card.pcsc import ReaderEvent, match_reader
from counter_app.domain.pin import wipe
from counter_app.services.flow import After, CardWait, FlowView, IssuanceFlow
from counter_app.ui.backends import run_autoinsert

log = logging.getLogger(__name__)

Report = Callable[[Any], None]
FlowJob = Callable[[Any, Report], Any]   # (DeviceContext, report) -> FlowView | None


# --- the card slot, fed by events ------------------------------------------------------------------

class CardSlot:
    """Whether a card is in the encoder's user-card reader, as the card events last said.

    Fed from any thread (:meth:`feed`: pyscard's monitor thread), waited on from the device thread
    (:meth:`wait_for`). ``present`` is None until the first event (the monitor reports the cards
    already in when it starts). ``insertions`` counts cards put in; ``inserted_at`` is the
    ``time.perf_counter()`` of the last insertion event, taken as it arrived.
    """

    def __init__(self, reader: str):
        self.wanted = reader              # the setting card.reader: a name, a glob or a part of one
        self._cond = threading.Condition()
        self._readers: set[str] = set()
        self.present: bool | None = None
        self.insertions = 0
        self.inserted_at: float | None = None

    def _is_ours(self, reader: str) -> bool:
        try:
            return match_reader(self.wanted, sorted(self._readers | {reader})) == reader
        except card_errors.ReaderNotFound:
            return False

    def feed(self, event: ReaderEvent) -> bool:
        """Take one event; True when it changed this slot (the card reader's card came or went)."""
        at = time.perf_counter()
        with self._cond:
            if event.kind == "reader_added":
                self._readers.add(event.reader)
                return False
            if event.kind == "reader_removed":
                self._readers.discard(event.reader)
                if self._is_ours(event.reader):
                    self.present = False
                    self._cond.notify_all()
                    return True
                return False
            if event.kind == "service_lost":
                self.present = None
                return False
            if event.kind not in ("card_inserted", "card_removed") or not self._is_ours(event.reader):
                return False
            if event.kind == "card_inserted":
                self.present = True
                self.insertions += 1
                self.inserted_at = at
            else:
                self.present = False
            self._cond.notify_all()
            return True

    def wait_for(self, present: bool, cancel: threading.Event, *, after: int | None = None,
                 slice_s: float = 0.25) -> bool:
        """Block until the card is in (``present``) or out; with ``after``, in means inserted after the
        ``after``-th insertion. False when ``cancel`` was set first. ``slice_s`` only bounds how long a
        cancel may wait to be seen (the cancel is a threading.Event, not a card event)."""
        def reached() -> bool:
            if present:
                return bool(self.present) and (after is None or self.insertions > after)
            return self.present is False
        with self._cond:
            while not reached():
                if cancel.is_set():
                    return False
                self._cond.wait(slice_s)
        return not cancel.is_set()


# --- the flow's jobs --------------------------------------------------------------------------------

def job_start_flow(session, issuance_id: str | None) -> FlowJob:
    def job(ctx, _report) -> FlowView:
        ctx.flow = IssuanceFlow(ctx.services, session)
        return ctx.flow.resume(issuance_id) if issuance_id else ctx.flow.new()
    return job


def job_flow(call: Callable[[IssuanceFlow], FlowView]) -> FlowJob:
    """``call(flow)`` on the device thread, e.g. ``job_flow(lambda f: f.spoil(reason))``."""
    def job(ctx, _report) -> FlowView:
        return call(ctx.flow)
    return job


def job_photo_and_preview(dpi: float = 150) -> FlowJob:
    def job(ctx, _report) -> tuple[bytes | None, bytes | None]:
        return ctx.flow.photo(), ctx.flow.preview_png(dpi)
    return job


@dataclass(frozen=True)
class Writing:
    """Progress of the encode job: step ``index`` of ``count`` of the chip write."""

    step: Any
    index: int
    count: int


def job_encode_on_card(slot: CardSlot, cancel: threading.Event, autoinsert: str | None, *,
                       wait: CardWait | None = None, another_card: bool = False) -> FlowJob:
    """Wait for the card as the flow says (``wait``, else :meth:`IssuanceFlow.want_card`), then write it.

    Progress: the :class:`FlowView` of each wait (its prompt), then :class:`Writing` steps. A card
    pulled mid-write gives a view that asks for the same card again (``then`` is ENCODE_ON_CARD): the
    job reports it and waits again, for an insertion after the pull, and the write resumes. Returns
    the last view, or None when ``cancel`` was set while waiting.
    """
    def job(ctx, report: Report) -> FlowView | None:
        flow: IssuanceFlow = ctx.flow
        view = flow.want_card(another_card=another_card) if wait is None else None
        how = wait or view.wait
        baseline = slot.insertions
        while True:
            if view is not None:
                report(view)
            if how.take_out_first and not autoinsert:
                if not slot.wait_for(False, cancel):
                    return None
            flow.prepare_write()  # while the card is not there yet
            if how.blank_may_be_inserted:
                run_autoinsert(autoinsert, flow.card_bank)  # the demo's blank card; nothing outside the demo
            if not slot.wait_for(True, cancel, after=baseline if how.new_insertion else None):
                return None
            view = flow.encode(on_progress=lambda step, i, n: report(Writing(step, i, n)), cancel=cancel)
            if view.then is not After.ENCODE_ON_CARD or cancel.is_set():
                return view
            how, baseline = view.wait, slot.insertions
    return job


def job_pin_entry() -> FlowJob:
    """How the holder will type the new PIN: ``(on_reader, policy)``; a reader that cannot say means
    the on-screen pad."""
    def job(ctx, _report):
        try:
            on_reader = bool(ctx.flow.pin_entry_on_reader())
        except Exception:  # a reader that cannot say: the on-screen pad still works
            log.exception("asking the reader for a PIN pad failed")
            on_reader = False
        return on_reader, ctx.flow.pin_policy
    return job


def job_set_holder_pin(new: bytearray) -> FlowJob:
    """``IssuanceFlow.set_holder_pin`` with the pad's buffer, wiped whatever happens."""
    def job(ctx, _report) -> FlowView:
        try:
            return ctx.flow.set_holder_pin(new)
        finally:
            wipe(new)
    return job
