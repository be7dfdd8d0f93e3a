"""ReaderWatcher: pyscard's monitors only hand events over; removable; re-armed after a pcscd restart.

pyscard's monitors are replaced by fakes here: the real ones need pcscd (tests/integration).
"""

from __future__ import annotations

import logging
import queue
import threading

import pytest

from counter_app.card import pcsc
from counter_app.card.errors import PcscUnavailable


class FakeThread:
    def __init__(self):
        self.alive = True

        class _Event:
            def is_set(inner):  # noqa: N805
                return not self.alive

        self.stopEvent = _Event()

    def is_alive(self):
        return self.alive


class FakeMonitor:
    observers: list = []

    def __init__(self):
        self.rmthread = FAKE_THREAD

    def addObserver(self, obs):  # noqa: N802 (pyscard's names)
        FakeMonitor.observers.append(obs)

    def deleteObserver(self, obs):  # noqa: N802
        FakeMonitor.observers.remove(obs)


FAKE_THREAD = FakeThread()


class Card:
    def __init__(self, reader, atr):
        self.reader, self.atr = reader, atr


@pytest.fixture
def fakes(monkeypatch):
    FakeMonitor.observers = []
    FAKE_THREAD.alive = True
    state = {"service": True}

    def list_readers():
        if not state["service"]:
            raise PcscUnavailable()
        return ["Virtual PCD 00 00"]

    monkeypatch.setattr(pcsc, "ReaderMonitor", FakeMonitor)
    monkeypatch.setattr(pcsc, "CardMonitor", FakeMonitor)
    monkeypatch.setattr(pcsc.CardMonitoringThread, "instance", None)
    monkeypatch.setattr(pcsc, "list_readers", list_readers)
    return state


def test_events_reach_the_callback_and_stop_removes_the_observers(fakes):
    events = []
    watcher = pcsc.ReaderWatcher(events.append)
    assert watcher.start()
    reader_obs, card_obs = FakeMonitor.observers
    reader_obs.update(None, (["Virtual PCD 00 00"], []))
    card_obs.update(None, ([Card("Virtual PCD 00 00", [0x3B, 0x8A])], []))
    card_obs.update(None, ([], [Card("Virtual PCD 00 00", [0x3B, 0x8A])]))
    assert [(e.kind, e.reader) for e in events] == [
        ("reader_added", "Virtual PCD 00 00"), ("card_inserted", "Virtual PCD 00 00"),
        ("card_removed", "Virtual PCD 00 00")]
    assert events[1].atr == bytes([0x3B, 0x8A])
    watcher.stop()
    assert FakeMonitor.observers == []


class MonitorThread(threading.Thread):
    """What pyscard's monitor threads do: take a change and call each observer's ``update`` with it, with no
    try/except around the call (an exception there ends the thread, and with it every later event)."""

    def __init__(self, observer):
        super().__init__(daemon=True)
        self.observer = observer
        self.changes: queue.Queue = queue.Queue()
        self.delivered = threading.Event()

    def run(self):
        while (change := self.changes.get()) is not None:
            self.observer.update(None, change)
            self.delivered.set()

    def deliver(self, change) -> None:
        self.delivered.clear()
        self.changes.put(change)
        assert self.delivered.wait(5), "the monitor thread did not finish delivering (it died)"


def test_a_failing_callback_does_not_kill_the_monitor_thread(fakes, caplog):
    seen = []

    def flaky(event):
        seen.append(event.reader)
        if event.reader == "bad":
            raise RuntimeError("slot raised")

    watcher = pcsc.ReaderWatcher(flaky)
    watcher.start()
    monitor = MonitorThread(FakeMonitor.observers[0])  # the reader monitor's thread
    monitor.start()
    try:
        with caplog.at_level(logging.ERROR, logger=pcsc.log.name):
            monitor.deliver((["bad", "next in the same change"], []))
        monitor.deliver((["later"], []))
        assert monitor.is_alive()
        # the failure did not swallow what came after it, in the same change or a later one
        assert seen == ["bad", "next in the same change", "later"]
        # and it is not hidden: logged with its traceback
        [record] = [r for r in caplog.records if "callback failed" in r.getMessage()]
        assert record.exc_info and "slot raised" in str(record.exc_info[1])
    finally:
        monitor.changes.put(None)
        monitor.join(5)
        watcher.stop()


def test_pcscd_going_away_and_coming_back_is_reported_once_each(fakes):
    events = []
    watcher = pcsc.ReaderWatcher(events.append)
    watcher.start()
    FAKE_THREAD.alive = False      # pyscard's thread died with pcscd
    fakes["service"] = False
    watcher.check()
    watcher.check()
    assert [e.kind for e in events] == ["service_lost"]
    FAKE_THREAD.alive = True       # pcscd restarted
    fakes["service"] = True
    watcher.check()
    assert [e.kind for e in events] == ["service_lost", "service_back"]
    assert len(FakeMonitor.observers) == 2
    watcher.stop()


def test_starting_without_pcscd_returns_false(fakes):
    fakes["service"] = False
    assert not pcsc.ReaderWatcher(lambda e: None).start()
