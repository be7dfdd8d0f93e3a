"""Card numbers ahead of time: ask the ledger for a block when the counter's stock runs low.

A counter must be able to issue offline for days, so it asks while online, at a low-water mark
(``sync.card_number_low_water``), for a block of ``sync.card_number_block_size`` numbers.

Nothing is lost when an answer is: the request (its ``request_id`` and ``count``) is written to
``card_block_requests`` before it is sent, and every retry — also after a crash — sends the same
``request_id``, for which the ledger answers with the same block. The block is stored and the request
closed in one transaction.

The ledger answers with the explicit list of numbers; the counter stores blocks as ``first_number`` +
``count`` and counts up the trailing digits (:func:`counter_app.store.card_numbers.nth_card_number`).
The list is therefore checked against that rule and stored as runs of consecutive numbers: the
reference ledger's block is one run (prefix + serial + check character), and a ledger that handed
out scattered numbers would still be stored exactly, number by number.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from counter_app.domain.cardids import check_card_number
from counter_app.store.card_numbers import CardNumberBlocks, nth_card_number
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.sync.client import LedgerClient
from counter_app.sync.errors import LedgerUnavailable
from counter_app.sync.records import SyncRecords

log = logging.getLogger(__name__)

MAX_BLOCKS_PER_PASS = 10


def runs_of_consecutive(numbers: list[str]) -> list[tuple[str, int]]:
    """Split a list of card numbers into (first_number, count) runs that ``nth_card_number`` counts
    through exactly, keeping the ledger's order."""
    runs: list[tuple[str, int]] = []
    for number in numbers:
        if runs:
            first, count = runs[-1]
            try:
                follows = nth_card_number(first, count) == number
            except ValueError:
                follows = False
            if follows:
                runs[-1] = (first, count + 1)
                continue
        nth_card_number(number, 0)  # a number without digits to count with cannot be stored
        runs.append((number, 1))
    return runs


class CardNumberReplenisher:
    def __init__(self, store: Store, client: LedgerClient, *, low_water: int = 200, block_size: int = 500,
                 clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._client = client
        self._low_water = max(0, int(low_water))
        self._block_size = max(1, min(int(block_size), 1000))
        self._clock = clock

    def remaining(self) -> int:
        return CardNumberBlocks(self._store.db).stock().remaining

    def replenish(self) -> int:
        """Fetch blocks until the stock is at the low-water mark; returns how many numbers were added.

        Raises :class:`LedgerUnavailable` or :class:`LedgerRefused` from the client (the request stays
        recorded and is retried with the same id next time).
        """
        added = 0
        for _ in range(MAX_BLOCKS_PER_PASS):
            with self._store.transaction() as tx:
                records = SyncRecords(tx)
                pending = records.pending_block_request()
                if pending is None:
                    if CardNumberBlocks(tx).stock().remaining >= self._low_water:
                        return added
                    pending = (str(uuid.uuid4()), self._block_size)
                    records.add_block_request(*pending, self._clock())
            request_id, count = pending
            answer = self._client.request_block(request_id, count)
            added += self._store_block(request_id, answer)
        return added

    def _store_block(self, request_id: str, answer: dict) -> int:
        numbers: list[str] = answer["numbers"]
        bad = [n for n in numbers if not check_card_number(n).valid]
        if bad or not numbers:
            raise LedgerUnavailable(f"card-number block {answer['block_id']} holds invalid numbers {bad[:3]}")
        runs = runs_of_consecutive(numbers)
        now = self._clock()
        with self._store.transaction() as tx:
            blocks = CardNumberBlocks(tx)
            for i, (first, count) in enumerate(runs):
                block_id = answer["block_id"] if i == 0 else f"{answer['block_id']}/{i}"
                blocks.add_block(block_id, first, count, at=now)
            records = SyncRecords(tx)
            records.complete_block_request(request_id, answer["block_id"], now)
            records.resolve_refusals("card_block", now)
        log.info("card-number block %s: %d numbers from %s", answer["block_id"], len(numbers), numbers[0])
        return len(numbers)
