"""The ledger is SIGKILLed while it processes a batch and comes back: nothing is lost, nothing doubled."""

from tests.sync.conftest import assert_ledger_holds_exactly, drain_with_worker


def test_a_ledger_killed_in_the_middle_of_a_batch_ends_with_every_event_once(counter, ledger, proxy):
    counter.seed(150)  # 1200 events, batches of 200
    counter.use_ledger(proxy.url)
    restarted = []

    def kill_and_restart():
        ledger.kill()
        ledger.start()  # same port, same database file
        restarted.append(True)

    proxy.on_kill = kill_and_restart
    proxy.add("pass", "kill:0.05", "pass", "kill:0.01")  # the 2nd and 4th batch die with the ledger

    drain_with_worker(counter, ledger)

    assert len(restarted) == 2
    assert_ledger_holds_exactly(ledger, counter)
    assert ledger.stats()["issuances_by_state"] == {"issued": 150}
    assert counter.sync_service().refusals() == []
