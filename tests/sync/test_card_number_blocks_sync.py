"""Card numbers come from the ledger in blocks ahead of time: counters issuing offline never share one."""


import pytest

from counter_app.store.card_numbers import CardNumberBlocks, nth_card_number
from counter_app.sync.card_blocks import runs_of_consecutive
from counter_app.sync.errors import LedgerUnavailable
from tests.sync.conftest import assert_ledger_holds_exactly


def test_the_counter_counts_through_a_block_exactly_as_the_ledger_allocated_it(counter):
    with counter.sync_service().client() as client:
        block = client.request_block("5b0b7e0e-4c55-4a4e-9d0e-0d8c1d0e0001", 300)
    numbers = block["numbers"]
    assert [nth_card_number(numbers[0], i) for i in range(len(numbers))] == numbers
    assert runs_of_consecutive(numbers) == [(numbers[0], 300)]


def test_a_scattered_list_of_numbers_is_stored_as_runs_in_the_ledgers_order():
    numbers = [nth_card_number("L00000011", i) for i in (0, 1, 2, 7, 8, 20)]
    assert runs_of_consecutive(numbers) == [(numbers[0], 3), (numbers[3], 2), (numbers[5], 1)]


def test_two_counters_issuing_offline_never_use_the_same_number(make_counter, ledger):
    small = {"sync__card_number_block_size": 100, "sync__card_number_low_water": 50}
    first, second = make_counter("C001", **small), make_counter("C002", **small)
    for c in (first, second):  # a second block each, in turns: their numbers interleave on the ledger
        c.configure(**{"sync.card_number_low_water": 150})
        c.sync_service().replenish_card_numbers()
    taken = {}
    for c in (first, second):
        assert c.sync_service().status().card_numbers_remaining == 200
        c.seed(200)  # every number it holds, offline
        with c.store.transaction() as db:
            assert CardNumberBlocks(db).take_next() is None
        taken[c.counter_id] = {n for (n,) in c.store.db.execute("SELECT card_number FROM issuances")}
    assert len(taken["C001"]) == len(taken["C002"]) == 200
    assert not taken["C001"] & taken["C002"]

    for c in (first, second):
        assert c.sync_service().sync_once().ok
        assert_ledger_holds_exactly(ledger, c)
    stats = ledger.stats()
    assert stats["conflicts"] == 0 and stats["active_cards"] == 400


def test_a_block_whose_answer_was_lost_is_asked_for_again_with_the_same_request(counter, ledger, proxy):
    counter.configure(**{"sync.card_number_low_water": 1500, "ledger.url": proxy.url})
    proxy.match = "/v1/card-numbers/blocks"
    proxy.add("reset_after", "500")
    service = counter.sync_service()
    for _ in range(2):  # the answer is lost (the ledger did allocate), then the ledger fails
        with pytest.raises(LedgerUnavailable):
            service.replenish_card_numbers()
    assert service.replenish_card_numbers() == 1000  # the same block as the lost answer: one request id
    [(allocated,)] = ledger.query("SELECT count(*) FROM card_numbers WHERE counter_id = ?", ("C001",))
    # Every number the ledger allocated to this counter is in its blocks: none was lost with the answer.
    assert allocated == service.status().card_numbers_remaining == 2000
