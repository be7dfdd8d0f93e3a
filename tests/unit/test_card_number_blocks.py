"""The counter's card numbers come from blocks the ledger allocated; a number is never given twice."""

import datetime as dt

import pytest

from counter_app.domain.cardids import check_card_number
from counter_app.store.card_numbers import CardNumberBlocks, nth_card_number

NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


def test_numbers_of_a_block_count_up_the_trailing_digits_with_fresh_check_characters():
    assert nth_card_number("X00000019", 0) == "X00000019"
    numbers = [nth_card_number("X00000019", i) for i in range(12)]
    assert numbers[1].startswith("X0000002")
    assert all(check_card_number(n).valid for n in numbers)
    assert len(set(numbers)) == 12


def test_a_block_that_would_overflow_its_digits_is_refused(fresh_store):
    with fresh_store.transaction() as db, pytest.raises(ValueError):
        CardNumberBlocks(db).add_block("b1", make("X9999999"), 5, at=NOW)


def make(body):
    from counter_app.domain.cardids import make_card_number

    return make_card_number(body)


def test_numbers_are_taken_in_order_across_blocks_and_never_again(fresh_store):
    with fresh_store.transaction() as db:
        blocks = CardNumberBlocks(db)
        assert blocks.add_block("b1", make("A0000001"), 2, at=NOW)
        assert blocks.add_block("b2", make("B0000001"), 1, at=NOW)
        assert not blocks.add_block("b1", make("A0000001"), 2, at=NOW)  # the same block again: ignored
    taken = []
    for _ in range(3):
        with fresh_store.transaction() as db:
            taken.append(CardNumberBlocks(db).take_next())
    assert [n[:8] for n in taken] == ["A0000001", "A0000002", "B0000001"]
    with fresh_store.transaction() as db:
        assert CardNumberBlocks(db).take_next() is None
        assert CardNumberBlocks(db).stock().remaining == 0


def test_a_number_taken_in_a_transaction_that_rolls_back_is_not_consumed(fresh_store):
    with fresh_store.transaction() as db:
        CardNumberBlocks(db).add_block("b1", make("A0000001"), 2, at=NOW)
    with pytest.raises(RuntimeError), fresh_store.transaction() as db:
        CardNumberBlocks(db).take_next()
        raise RuntimeError("power cut")
    with fresh_store.transaction() as db:
        assert CardNumberBlocks(db).take_next()[:8] == "A0000001"
