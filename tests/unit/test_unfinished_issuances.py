"""After a restart, the start screen lists every unfinished issuance at its last state, oldest first."""

from __future__ import annotations

import datetime as dt
import itertools

from counter_app.domain.issuance import IssuanceAction, IssuanceState
from counter_app.services.auth import Session
from counter_app.services.issuance import IssuanceService
from counter_app.store.database import Store

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator

A, S = IssuanceAction, IssuanceState


def ticking_clock():
    """A clock that moves one minute per call, so creation order is unambiguous."""
    start = dt.datetime(2025, 3, 7, 1, 0, tzinfo=dt.UTC)
    minutes = itertools.count()
    return lambda: start + dt.timedelta(minutes=next(minutes))


def test_unfinished_issuances_survive_a_restart_oldest_first(tmp_path, applicant):
    path = tmp_path / "counter.sqlite3"
    store = Store.open(path)
    service = IssuanceService(store, clock=ticking_clock())
    draft = service.start(applicant, "clerk-1")
    interrupted = service.start(applicant, "clerk-1")
    for action in (A.CHECK_APPLICANT, A.ACCEPT_PHOTO, A.START_ENCODING):
        service.advance(interrupted, action, "clerk-1")
    cancelled = service.start(applicant, "clerk-1")
    service.cancel(OPERATOR, cancelled, "申请人离开")
    print_failed = service.start(applicant, "clerk-1")
    for action in (A.CHECK_APPLICANT, A.ACCEPT_PHOTO, A.START_ENCODING, A.FINISH_ENCODING,
                   A.START_PRINTING, A.FAIL_PRINTING):
        service.advance(print_failed, action, "clerk-1")
    store.close()  # the app stops (or the power goes)

    with Store.open(path) as reopened:
        unfinished = IssuanceService(reopened).list_unfinished()
    assert [(i.id, i.state) for i in unfinished] == [
        (draft, S.DRAFT), (interrupted, S.ENCODING), (print_failed, S.PRINT_FAILED)]


def test_an_issuance_interrupted_while_writing_the_chip_asks_for_a_card_readback(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = service.start(applicant, "clerk-1")
    for action in (A.CHECK_APPLICANT, A.ACCEPT_PHOTO, A.START_ENCODING):
        service.advance(issuance_id, action, "clerk-1")
    [listed] = service.list_unfinished()
    assert listed.needs_card_readback


def test_issued_spoiled_and_cancelled_issuances_are_not_listed(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issued, spoiled, cancelled = (service.start(applicant, "clerk-1") for _ in range(3))
    for action in (A.CHECK_APPLICANT, A.ACCEPT_PHOTO, A.START_ENCODING, A.FINISH_ENCODING,
                   A.START_PRINTING, A.FINISH_PRINTING, A.HAND_OVER):
        service.advance(issued, action, "clerk-1")
    for action in (A.CHECK_APPLICANT, A.ACCEPT_PHOTO, A.START_ENCODING, A.FAIL_ENCODING):
        service.advance(spoiled, action, "clerk-1")
    service.advance(spoiled, A.SPOIL, "clerk-1", failure_reason="芯片上电失败，重试三次")
    service.cancel(OPERATOR, cancelled, "重复申请")
    assert service.list_unfinished() == []
