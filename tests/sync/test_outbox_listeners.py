"""The outbox tells its listeners about new events after the commit, once per transaction, and never
about a transaction that was rolled back (the sync worker would find nothing, or worse, too early)."""

from __future__ import annotations

import pytest

from counter_app.store import outbox
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.outbox import OutboxRepository


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "counter.sqlite3") as s:
        yield s


def test_listeners_hear_of_a_commit_once_and_never_of_a_rollback(store):
    heard: list[int] = []

    def listener() -> None:  # runs after the commit: the events are readable by another connection
        heard.append(store.db.execute("SELECT count(*) FROM outbox").fetchone()[0])

    remove = outbox.add_listener(listener)
    try:
        with store.transaction() as db:
            OutboxRepository(db).append("test.event", at=utc_now(), payload={"n": 1})
            OutboxRepository(db).append("test.event", at=utc_now(), payload={"n": 2})
            assert heard == []  # not before the commit
        assert heard == [2]
        with pytest.raises(RuntimeError), store.transaction() as db:
            OutboxRepository(db).append("test.event", at=utc_now(), payload={"n": 3})
            raise RuntimeError("the transition failed")
        assert heard == [2]
        with store.transaction() as db:  # a transaction without outbox events says nothing
            db.execute("INSERT INTO settings_kv (key, value, updated_at) VALUES ('k', 'v', 'now')")
        assert heard == [2]
    finally:
        remove()
    with store.transaction() as db:
        OutboxRepository(db).append("test.event", at=utc_now(), payload={"n": 4})
    assert heard == [2]  # unregistered


def test_a_failing_listener_does_not_break_the_commit_or_the_others(store):
    heard: list[str] = []

    def broken() -> None:
        raise ValueError("a listener bug")

    removers = [outbox.add_listener(broken), outbox.add_listener(lambda: heard.append("second"))]
    try:
        with store.transaction() as db:
            OutboxRepository(db).append("test.event", at=utc_now(), payload={})
    finally:
        for remove in removers:
            remove()
    assert heard == ["second"] and len(OutboxRepository(store.db).pending()) == 1
