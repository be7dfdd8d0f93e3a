"""The same batch delivered twice changes nothing on the ledger; the counter acknowledges from the answer."""

from counter_app.sync.engine import outbox_events
from tests.sync.conftest import assert_ledger_holds_exactly, drain_with_worker


def test_a_batch_delivered_twice_by_the_network_is_stored_once(counter, ledger, proxy):
    counter.seed(60)
    counter.use_ledger(proxy.url)
    proxy.add("twice", "twice", "reset_after", "twice")
    drain_with_worker(counter, ledger)
    assert proxy.actions("twice") == 3
    assert_ledger_holds_exactly(ledger, counter)


def test_sending_the_same_batch_again_gives_the_same_answer_with_nothing_stored(counter, ledger):
    counter.seed(10)
    events = outbox_events(counter.store.db, 1, 50)
    with counter.sync_service().client() as client:
        first = client.post_batch(events)
        second = client.post_batch(events)
    assert (first["acknowledged_seq"], first["stored"], first["duplicates"]) == (50, 50, 0)
    assert (second["acknowledged_seq"], second["stored"], second["duplicates"]) == (50, 0, 50)
    counter.sync_service().sync_once()
    assert_ledger_holds_exactly(ledger, counter)
