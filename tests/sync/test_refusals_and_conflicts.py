"""What the ledger refuses or reports back is kept for the supervisor: refusals (4xx) are recorded once
(the worker keeps retrying on its back-off), conflicts are listed, and a ledger that lost events gets them again."""


from counter_app.domain.applicant import ApplicationType
from counter_app.domain.issuance import IssuanceAction as A
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.services.seed import random_applicant
from counter_app.store.card_numbers import CardNumberBlocks
from tests.sync.conftest import assert_ledger_holds_exactly, ledger_cli, wait_until

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator


def test_a_disabled_counter_is_refused_recorded_once_and_the_worker_keeps_trying(counter, ledger):
    counter.seed(3)
    assert ledger_cli(ledger.db, "counters", "disable", "--id", "C001").returncode == 0
    worker = counter.sync_service().worker()
    worker.start()
    try:
        # Not stopped until a restart: it tries again on its back-off (and at the next transition).
        wait_until(lambda: worker.passes >= 3, "a few refused passes")
        [refusal] = counter.sync_service().refusals()  # one refusal, however often it is repeated
        assert (refusal.http_status, refusal.error_code, refusal.first_seq) == (403, "counter_disabled", 1)
        assert worker.last_report.refused
    finally:
        worker.stop()
    status = counter.sync_service().status()
    assert status.pending == 24 and status.open_refusals == 1
    assert status.last_error.code == "sync.refused.counter_disabled"
    (error,) = {e for (e,) in counter.store.db.execute("SELECT last_error FROM outbox")}
    assert "counter_disabled" in error


def test_conflicts_the_ledger_reports_are_listed_once(counter, ledger):
    intake, issuances = IntakeService(counter.store), IssuanceService(counter.store)
    person = random_applicant(__import__("random").Random(7))
    for _ in range(2):  # two "new" cards for one person, as two counters offline could do
        issuance_id = intake.open_application(OPERATOR, person)
        intake.accept_photo(OPERATOR, issuance_id, None)
        with counter.store.transaction() as db:
            number = CardNumberBlocks(db).take_next()
        for action, fields in ((A.START_ENCODING, {"card_number": number}), (A.FINISH_ENCODING, {}),
                               (A.START_PRINTING, {}), (A.FINISH_PRINTING, {}), (A.HAND_OVER, {})):
            issuances.advance(issuance_id, action, "clerk", **fields)
    assert person.application_type is ApplicationType.NEW
    service = counter.sync_service()
    assert service.sync_once().new_conflicts == 1
    [conflict] = service.conflicts()
    assert conflict.kind == "second_active_card" and conflict.detail["person_index"]
    with counter.store.transaction() as db:  # the ledger reports it again for the same events: kept once
        db.execute("UPDATE outbox SET acknowledged_at = NULL")
    assert service.sync_once().new_conflicts == 0 and len(service.conflicts()) == 1


def test_a_ledger_restored_from_an_older_copy_gets_the_missing_events_again(counter, ledger):
    counter.seed(10)
    assert counter.sync_service().sync_once().ok
    ledger.stop()
    backup = ledger.snapshot()
    ledger.start()
    counter.seed(10)
    assert counter.sync_service().sync_once().ok
    ledger.stop()
    ledger.restore(backup)  # the second half is gone from the ledger
    ledger.start()

    report = counter.sync_service().sync_once()

    assert report.ok and report.sent == 80 and report.notes
    assert_ledger_holds_exactly(ledger, counter)
