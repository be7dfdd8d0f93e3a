"""A service rating reaches the ledger like every other event: queued with the rating, synced by the worker."""

import datetime as dt

from counter_app.services.auth import Role, Session
from counter_app.services.ratings import RATING_EVENT, RatingService

from .conftest import drain_with_worker


def test_a_rating_is_synced_to_the_ledger(counter, ledger):
    counter.seed(1)
    (issuance_id,) = [r[0] for r in counter.store.db.execute("SELECT id FROM issuances WHERE state = 'issued'")]
    now = dt.datetime.now(dt.UTC)
    clerk = Session(None, "clerk1", Role.CLERK, counter.counter_id, now, now)
    rating = RatingService(counter.store).rate(clerk, issuance_id, 2, "slow")
    drain_with_worker(counter, ledger)
    rows = ledger.query("SELECT payload FROM events WHERE type = ? AND counter_id = ?", (RATING_EVENT, counter.counter_id))
    assert len(rows) == 1 and rating.case_number in rows[0][0] and '"level":2' in rows[0][0]
