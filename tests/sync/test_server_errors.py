"""5xx answers, timeouts, slow answers and reset connections are retried with back-off until the ledger
holds every event once; none of them is a refusal."""

from tests.sync.conftest import assert_ledger_holds_exactly, drain_with_worker


def test_500_answers_are_retried_until_the_ledger_takes_the_batch(counter, ledger, proxy):
    counter.seed(60)
    counter.use_ledger(proxy.url)
    proxy.add("500", "500", "500", "pass", "500", "pass")
    drain_with_worker(counter, ledger)
    assert proxy.actions("500") == 4
    assert_ledger_holds_exactly(ledger, counter)
    status = counter.sync_service().status()
    assert status.open_refusals == 0 and status.last_error.code == "sync.unavailable"
    assert status.last_success > status.last_error.at


def test_an_answer_slower_than_the_timeout_is_retried_and_the_ledger_keeps_one_copy(make_counter, ledger, proxy):
    counter = make_counter("C001", sync__timeout_seconds=0.5)
    counter.seed(60)
    counter.use_ledger(proxy.url)
    # The ledger stores the batch, but the counter has given up waiting: it must send it again.
    proxy.add("hold:1.5", "hold:1.5", "delay:0.2", "pass")
    drain_with_worker(counter, ledger)
    assert_ledger_holds_exactly(ledger, counter)


def test_slow_answers_within_the_timeout_are_simply_waited_for(counter, ledger, proxy):
    counter.seed(60)
    counter.use_ledger(proxy.url)
    proxy.add("hold:0.3", "delay:0.3", "hold:0.3")
    drain_with_worker(counter, ledger)
    assert_ledger_holds_exactly(ledger, counter)


def test_connections_reset_before_or_after_the_ledger_saw_the_batch(counter, ledger, proxy):
    counter.seed(60)
    counter.use_ledger(proxy.url)
    proxy.add("reset", "reset_after", "pass", "reset", "reset_after", "reset_after")
    drain_with_worker(counter, ledger)
    assert proxy.actions("reset_after") == 3
    assert_ledger_holds_exactly(ledger, counter)


def test_a_failed_send_is_counted_on_the_events_without_acknowledging_them(counter, ledger, proxy):
    counter.seed(5)
    counter.use_ledger(proxy.url)
    proxy.default = "down"
    report = counter.sync_service().sync_once()
    assert not report.reached and report.acknowledged == 0
    rows = counter.store.db.execute("SELECT attempts, last_error, acknowledged_at FROM outbox").fetchall()
    assert all(attempts == 1 and error and acked is None for attempts, error, acked in rows)
