"""Offline by policy (``cardmgmt.when_unreachable = allow``, the default): a bank pre-opening that cannot reach
the card-management system is deferred, the card is made, and the pre-opening is made (with the same request id)
just before the completion report is sent once the system answers again. With ``refuse`` the write stops."""

from __future__ import annotations

import dataclasses

import pytest

from counter_app.cardmgmt.fake import InMemoryCardManagement
from counter_app.services.auth import Session
from counter_app.services.card_management import DEFERRED, BankPreopenRefused, CardManagementService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.cardmgmt_queue import CardManagementRecords, ReportQueue
from tests.support.store import sample_applicant

OPERATOR = Session.local_operator()


def _issuance(store):
    applicant = dataclasses.replace(sample_applicant(), bank_code="102")
    issuance_id = IntakeService(store).open_application(OPERATOR, applicant)
    return IssuanceService(store).get(issuance_id)


def test_an_unreachable_pre_opening_is_deferred_and_made_before_the_completion(fresh_store):
    port = InMemoryCardManagement(reachable=False)
    service = CardManagementService(fresh_store, port, when_unreachable="allow")
    issuance = _issuance(fresh_store)
    record = service.preopen(issuance)  # the write goes on
    assert record.status == DEFERRED and not record.preopen_id
    with fresh_store.transaction() as db:
        service.queue_completion(db, issuance)
    assert service.send_reports() == 0  # still away: nothing sent, nothing lost
    port.reachable = True
    assert service.send_reports() == 1
    (kind, report), = port.reports
    assert kind == "completion" and report["preopen_id"] and report["bank_code"] == "102"
    assert list(port.preopenings) == [f"preopen-{issuance.id}"]  # the request id the write used
    assert CardManagementRecords(fresh_store.db).preopening(issuance.id).preopen_id == report["preopen_id"]
    assert not ReportQueue(fresh_store.db).pending(10)


def test_with_refuse_an_unreachable_pre_opening_stops_the_write(fresh_store):
    service = CardManagementService(fresh_store, InMemoryCardManagement(reachable=False), when_unreachable="refuse")
    with pytest.raises(BankPreopenRefused):
        service.preopen(_issuance(fresh_store))


def test_an_applicant_who_chose_no_bank_is_pre_opened_with_the_default_bank(fresh_store):
    port = InMemoryCardManagement()
    service = CardManagementService(fresh_store, port, default_bank="105")
    applicant = dataclasses.replace(sample_applicant(), bank_code="")
    issuance = IssuanceService(fresh_store).get(IntakeService(fresh_store).open_application(OPERATOR, applicant))
    assert service.preopen(issuance).bank_code == "105"
    with fresh_store.transaction() as db:
        service.queue_completion(db, issuance)
    service.send_reports()
    (_kind, report), = port.reports
    assert report["bank_code"] == "105" and report["preopen_id"]
