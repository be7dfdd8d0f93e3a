"""Exponential back-off with full jitter, honouring the ledger's ``Retry-After``.

The n-th retry waits a uniformly random time in ``[0, min(maximum, initial · 2ⁿ)]`` ("full jitter"):
after an outage many counters come back at once, and random waits spread their retries instead of
making them arrive together. A ``Retry-After`` from the ledger is a floor (capped at ``maximum``).
"""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, initial: float = 1.0, maximum: float = 300.0, *, rng: random.Random | None = None):
        if initial <= 0 or maximum < initial:
            raise ValueError("back-off needs 0 < initial <= maximum")
        self.initial = initial
        self.maximum = maximum
        self.failures = 0
        self._rng = rng or random.Random()

    def ceiling(self) -> float:
        """The longest wait the next retry may draw."""
        return min(self.maximum, self.initial * (2 ** min(self.failures, 62)))

    def next_delay(self, retry_after: float | None = None) -> float:
        """Count one more failure and return how long to wait before the next attempt."""
        delay = self._rng.uniform(0.0, self.ceiling())
        self.failures += 1
        if retry_after is not None and retry_after > 0:
            delay = max(delay, min(retry_after, self.maximum))
        return delay

    def reset(self) -> None:
        """After a success the next failure starts again from ``initial``."""
        self.failures = 0
