"""Retries back off exponentially with full jitter, from 1 s doubling to 5 minutes, and honour Retry-After."""

import random

from counter_app.sync.backoff import Backoff


def test_each_wait_is_drawn_between_zero_and_a_ceiling_that_doubles_up_to_the_maximum():
    backoff = Backoff(1.0, 300.0, rng=random.Random(1))
    ceilings = []
    for _ in range(12):
        ceilings.append(backoff.ceiling())
        assert 0.0 <= backoff.next_delay() <= ceilings[-1]
    assert ceilings[:5] == [1, 2, 4, 8, 16] and ceilings[-1] == 300


def test_retry_after_is_a_floor_capped_at_the_maximum():
    backoff = Backoff(1.0, 300.0, rng=random.Random(2))
    assert backoff.next_delay(retry_after=30) >= 30
    assert backoff.next_delay(retry_after=3600) == 300


def test_a_success_starts_the_doubling_again():
    backoff = Backoff(1.0, 300.0)
    for _ in range(5):
        backoff.next_delay()
    backoff.reset()
    assert backoff.ceiling() == 1.0
