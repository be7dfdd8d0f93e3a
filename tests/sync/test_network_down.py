"""The network is down while a thousand issuances are made; when it is back, the backlog drains."""

from tests.sync.conftest import assert_ledger_holds_exactly, wait_until


def test_a_thousand_issuances_made_offline_reach_the_ledger_once_the_network_is_up(make_counter, ledger, proxy):
    counter = make_counter("C001", sync__card_number_low_water=1000)
    assert counter.sync_service().status().card_numbers_remaining >= 1000  # enough to issue offline
    counter.use_ledger(proxy.url)
    proxy.default = "down"
    worker = counter.sync_service().worker()
    worker.start()
    try:
        counter.seed(1000, days=3)  # while the worker keeps failing and backing off
        # Passes made during the seed may have found the database busy and recorded nothing;
        # the ones after it are what the counter's status shows.
        passes_after_seed = worker.passes
        wait_until(lambda: worker.passes >= passes_after_seed + 2, "a few failed passes after the seed")
        status = counter.sync_service().status()
        assert status.pending == 8000 and status.oldest_pending_seconds > 0
        assert status.last_error.code == "sync.unavailable" and ledger.event_count("C001") == 0

        proxy.default = "pass"
        wait_until(lambda: counter.pending() == 0, "the backlog to drain")
    finally:
        worker.stop()
    assert_ledger_holds_exactly(ledger, counter)
    stats = ledger.stats()
    assert stats["issuances_by_state"] == {"issued": 1000} and stats["active_cards"] == 1000
    assert stats["conflicts"] == 0
