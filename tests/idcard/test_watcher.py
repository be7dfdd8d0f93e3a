"""IdCardWatcher over the pseudo-terminal: a card laid is read and given to on_card, its lifting to
on_lifted; a silent reader is reported once; a failing callback does not stop the watcher."""

import queue
import threading

from counter_app.idcard.errors import IdCardLifted, IdCardReaderSilent
from counter_app.idcard.watcher import IdCardWatcher

WAIT_S = 5.0


def _watch(reader, events: queue.Queue, **kw) -> IdCardWatcher:
    return IdCardWatcher(reader, on_card=lambda card: events.put(("card", card)),
                         on_lifted=lambda: events.put(("lifted", None)),
                         on_error=lambda exc: events.put(("error", exc)),
                         interval_s=0.02, fault_interval_s=0.05, **kw).start()


def test_a_card_laid_and_lifted(sim, reader, example):
    events: queue.Queue = queue.Queue()
    watcher = _watch(reader, events)
    try:
        sim.put(example["rare-name"])
        kind, card = events.get(timeout=WAIT_S)
        assert kind == "card" and card.name == "刘䶮" and watcher.card == card
        # find (9F), select, read: no second look for the card just found
        first_read = sim.commands.index((0x30, 0x01))
        assert sim.commands[first_read - 2: first_read] == [(0x20, 0x01), (0x20, 0x02)]
        assert (0x20, 0x02) not in sim.commands[:first_read - 1]  # nothing selected before the card came
        sim.put(example["permit"])  # another card laid at once: read, without a lift in between
        kind, card = events.get(timeout=WAIT_S)
        assert kind == "card" and card.name == "陈家明"
        sim.lift()
        assert events.get(timeout=WAIT_S) == ("lifted", None)
        assert watcher.card is None
        sim.put(example["long-term"])
        kind, card = events.get(timeout=WAIT_S)
        assert kind == "card" and card.valid_to == "长期"
    finally:
        watcher.stop()
    assert not watcher.running
    assert events.empty()  # one event per change: a card lying there is not given again at every poll


def test_a_silent_reader_is_reported_once_and_the_card_read_when_it_answers_again(sim, reader, example):
    events: queue.Queue = queue.Queue()
    sim.fault("silent", times=0)
    watcher = _watch(reader, events)
    try:
        kind, exc = events.get(timeout=WAIT_S)
        assert kind == "error" and isinstance(exc, IdCardReaderSilent)
        sim.put(example["rare-name"])
        sim.fault("clear")
        kind, card = events.get(timeout=WAIT_S)
        assert kind == "card" and card.name == "刘䶮"
    finally:
        watcher.stop()
    assert events.empty()


def test_a_callback_that_raises_does_not_stop_the_watcher(sim, reader, example, caplog):
    seen = threading.Event()
    calls = []

    def on_card(card):
        calls.append(card)
        raise RuntimeError("the form is not there")

    watcher = IdCardWatcher(reader, on_card, on_lifted=seen.set, interval_s=0.02).start()
    try:
        sim.put(example["rare-name"])
        assert _wait(lambda: calls)
        sim.lift()
        assert seen.wait(WAIT_S) and watcher.running
    finally:
        watcher.stop()
    assert "ID card watcher callback" in caplog.text


def _wait(cond, timeout_s: float = WAIT_S) -> bool:
    done = threading.Event()
    for _ in range(int(timeout_s / 0.01)):
        if cond():
            return True
        done.wait(0.01)
    return False


def test_a_card_lifted_during_its_read_is_said_and_read_when_laid_again(sim, reader, example):
    events: queue.Queue = queue.Queue()
    sim.fault("lift-mid-read")
    watcher = _watch(reader, events)
    try:
        sim.put(example["permit"])
        kind, exc = events.get(timeout=WAIT_S)
        assert kind == "error" and isinstance(exc, IdCardLifted) and watcher.card is None
        sim.put(example["permit"])
        kind, card = events.get(timeout=WAIT_S)
        assert kind == "card" and card.permit_number == "H60234567"
    finally:
        watcher.stop()
    assert events.empty()
