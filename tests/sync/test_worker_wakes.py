"""The sync worker does not sit out its idle wait when there is something to send: every transition
committed in the app wakes it, and a refusal (4xx) no longer stops it until a restart — it tries
again on its back-off and at the next transition.

Each test makes the wait that would otherwise hide the event far longer than the test's bound
(an hour), so a worker that is not woken fails the test instead of passing late.
"""

from __future__ import annotations

import datetime as dt
import random

from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.seed import random_applicant
from counter_app.services.sync import SyncService
from counter_app.store.clock import utc_now
from tests.sync.conftest import assert_ledger_holds_exactly, wait_until

OPERATOR = Session.local_operator()
HOUR = 3600.0
BOUND = 30.0  # how long a test waits for what a woken worker does in a fraction of a second


def _open_application(counter) -> None:
    """One application through the service layer, as the clerk's first page does: new outbox events."""
    intake = IntakeService(counter.store)
    issuance_id = intake.open_application(OPERATOR, random_applicant(random.Random(11)))
    intake.accept_photo(OPERATOR, issuance_id, None)


def _all_sent(counter, ledger) -> bool:
    return ledger.event_count(counter.counter_id) == len(counter.outbox()) and counter.pending() == 0


def test_a_transition_wakes_the_apps_sync_worker_at_once(counter, ledger):
    """The worker the GUI starts (``AppContext.start_sync``) sends a new transition without waiting
    out its idle interval."""
    from counter_app.ui.context import AppContext

    counter.configure(**{"sync.idle_seconds": HOUR})
    app = AppContext(counter.paths, counter.settings)
    app.start_sync()
    try:
        worker = app.sync_worker
        assert worker is not None and worker.is_alive()
        wait_until(lambda: worker.passes >= 1, "the first pass (then the hour's idle wait)")
        _open_application(counter)
        assert counter.pending() > 0
        wait_until(lambda: _all_sent(counter, ledger), "the transition to reach the ledger", BOUND)
        passes = worker.passes
        _open_application(counter)  # and the next one, once the worker is idle again
        wait_until(lambda: _all_sent(counter, ledger), "the second transition to reach the ledger", BOUND)
        assert worker.passes > passes
    finally:
        app.stop()
    assert_ledger_holds_exactly(ledger, counter)


def _skewed_service(counter, skew: list[bool]) -> SyncService:
    """The counter's sync service with a clock two hours slow while ``skew[0]``: the ledger refuses
    its requests (401 stale_request) until the clock is put right."""
    return SyncService(counter.store, counter.settings, counter.paths,
                       clock=lambda: utc_now() - (dt.timedelta(hours=2) if skew[0] else dt.timedelta()))


def test_after_a_refusal_the_worker_tries_again_on_its_backoff_and_recovers(counter, ledger):
    counter.seed(2)
    skew = [True]
    worker = _skewed_service(counter, skew).worker()
    worker.start()
    try:
        wait_until(lambda: any(r.error_code == "stale_request" for r in counter.sync_service().refusals()),
                   "the ledger to refuse the slow clock")
        wait_until(lambda: worker.passes >= 3, "the worker to keep trying on its back-off", BOUND)
        assert len(counter.sync_service().refusals()) == 1  # one open refusal, however often it is repeated
        skew[0] = False  # the technician puts the clock right; nobody restarts the app
        wait_until(lambda: _all_sent(counter, ledger), "the backlog to reach the ledger after the refusal", BOUND)
    finally:
        worker.stop()
    assert_ledger_holds_exactly(ledger, counter)
    status = counter.sync_service().status()
    assert status.open_refusals == 0 and status.last_success is not None


def test_after_a_refusal_the_next_transition_tries_again_at_once(counter, ledger):
    """With a back-off of an hour, only the wake of a new transition can bring the worker back."""
    counter.configure(**{"sync.idle_seconds": HOUR, "sync.backoff_initial_seconds": HOUR,
                         "sync.backoff_max_seconds": HOUR})
    counter.seed(1)
    skew = [True]
    worker = _skewed_service(counter, skew).worker()
    worker.follow_outbox()  # as the GUI's composition does
    worker.start()
    try:
        wait_until(lambda: worker.last_report is not None and worker.last_report.refused, "the refusal")
        skew[0] = False
        _open_application(counter)
        wait_until(lambda: _all_sent(counter, ledger), "the events to reach the ledger after the refusal", BOUND)
    finally:
        worker.stop()
    assert_ledger_holds_exactly(ledger, counter)
