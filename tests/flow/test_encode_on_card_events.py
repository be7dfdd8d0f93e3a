"""The encode job waits for the card on card events, without Qt: nothing opens the card to look for it, the
write begins when the insertion event comes, a card pulled mid-write is waited for again and the write
resumes on it, "another card" waits for the one in the encoder to come out, and a cancel ends the wait.

The job (``ui/clerk/flow_jobs.job_encode_on_card``) runs on one plain thread with the flow and its store, as
on the device worker, with the slot fed by the in-process encoder's events (``SlotEncoder.watch``, as
``ReaderWatcher`` feeds it from pcscd)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from counter_app.domain.issuance import IssuanceState
from counter_app.services import flow_prompts
from counter_app.services.flow import After, FlowView, IssuanceFlow
from counter_app.ui.clerk.flow_jobs import CardSlot, Writing, job_encode_on_card
from tests.flow.conftest import CLERK, open_services
from tests.support.store import sample_applicant

S = IssuanceState
TIMEOUT = 30


@dataclass
class Ctx:
    flow: IssuanceFlow


class Device:
    """One thread for the flow, its store and its jobs, as the device worker (without Qt)."""

    def __init__(self, counter, encoder):
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="device")
        self.ctx = self._pool.submit(lambda: Ctx(IssuanceFlow(open_services(counter, encoder), CLERK))).result()
        self.reports: list = []

    def do(self, fn):
        return self._pool.submit(fn, self.ctx.flow).result(TIMEOUT)

    def start(self, job):
        self.future = self._pool.submit(job, self.ctx, self.reports.append)

    def views(self) -> list[FlowView]:
        return [r for r in self.reports if isinstance(r, FlowView)]

    def wait_views(self, n: int) -> None:
        deadline = time.monotonic() + TIMEOUT
        while len(self.views()) < n:
            assert time.monotonic() < deadline, f"the job reported {len(self.views())} views, not {n}"
            time.sleep(0.01)

    def join(self):
        return self.future.result(TIMEOUT)

    def close(self):
        self._pool.submit(lambda: self.ctx.flow.s.store.close()).result(TIMEOUT)
        self._pool.shutdown()


@pytest.fixture
def device(counter, encoder, printer):
    d = Device(counter, encoder)
    yield d
    d.close()


def ready(flow):
    flow.new()
    flow.submit_applicant(sample_applicant())
    flow.accept_photo(None)
    return flow.confirm_review()


def watched(encoder, counter) -> CardSlot:
    _paths, settings = counter
    slot = CardSlot(str(settings["card.reader"]))
    encoder.watch(settings, slot.feed).start()
    return slot


def count_opens(encoder) -> list[int]:
    opened: list[int] = []
    real = encoder.open_card
    encoder.open_card = lambda: opened.append(1) or real()
    return opened


def test_the_write_begins_on_the_insertion_event_and_not_before(device, encoder, counter):
    view = device.do(ready)
    slot = watched(encoder, counter)
    opened = count_opens(encoder)
    device.start(job_encode_on_card(slot, threading.Event(), None, wait=view.wait))
    time.sleep(0.3)  # the job waits: it never opens the card to see whether one is there
    assert opened == [] and device.reports == []

    encoder.insert_blank()
    result = device.join()
    assert result.issuance.state is S.ENCODED and result.then is After.PRINT
    assert any(isinstance(r, Writing) for r in device.reports)
    assert slot.insertions == 1 and slot.inserted_at is not None


def test_a_card_pulled_mid_write_is_waited_for_and_the_write_resumes(device, encoder, counter):
    device.do(ready)
    slot = watched(encoder, counter)
    card = encoder.insert_blank()
    encoder.tear_after = 20
    device.start(job_encode_on_card(slot, threading.Event(), None))
    device.wait_views(2)  # the first wait (want_card), then "put the same card back"
    back = device.views()[-1]
    assert back.prompt is flow_prompts.PUT_CARD_BACK and back.issuance.state is S.ENCODE_FAILED
    assert back.then is After.ENCODE_ON_CARD and back.wait.new_insertion
    assert slot.present is False  # the pull was an event

    encoder.insert(card)
    result = device.join()
    assert result.issuance.state is S.ENCODED and result.issuance.card_id == back.issuance.card_id


def test_another_card_waits_for_the_card_in_the_encoder_to_come_out(device, encoder, counter):
    device.do(ready)
    slot = watched(encoder, counter)
    encoder.insert_blank()
    opened = count_opens(encoder)
    device.start(job_encode_on_card(slot, threading.Event(), None, another_card=True))
    device.wait_views(1)
    assert device.views()[0].wait.take_out_first
    time.sleep(0.3)
    assert opened == []  # the card still in is not the one to write

    encoder.remove()
    encoder.insert_blank()
    assert device.join().issuance.state is S.ENCODED and opened


def test_a_cancel_ends_the_wait_without_touching_the_issuance(device, encoder, counter):
    view = device.do(ready)
    slot = watched(encoder, counter)
    cancel = threading.Event()
    device.start(job_encode_on_card(slot, cancel, None, wait=view.wait))
    time.sleep(0.1)
    cancel.set()
    assert device.join() is None
    issuance = device.ctx.flow.issuance
    assert issuance.state is S.PHOTO_OK and not issuance.card_number


def test_events_of_another_reader_are_not_the_encoders(counter):
    from counter_app.card.pcsc import ReaderEvent

    slot = CardSlot(str(counter[1]["card.reader"]))
    assert not slot.feed(ReaderEvent("card_inserted", "Virtual PCD 00 01"))  # the PSAM slot
    assert slot.present is None
    assert slot.feed(ReaderEvent("card_inserted", "Virtual PCD 00 00"))
    assert slot.present is True and slot.insertions == 1
