"""Retention: personal data and photos of issuances the ledger acknowledged more than N days ago
are purged — exactly those; the counts, card numbers and dates stay for the reports."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from counter_app.domain.issuance import IssuanceState
from counter_app.services.approvals import ApprovalService
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.services.retention import RetentionService
from counter_app.store.audit import AuditLog
from tests.security.conftest import PASSWORD, acknowledge_all, issue_card

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator

DAY = dt.timedelta(days=1)


@pytest.fixture
def scene(store, applicants, clock):
    """Three issuances: an old issued card, an old cancelled one, and one still open — all acknowledged
    on day 0; then one more issued card whose events the ledger has not acknowledged."""
    old_issued = issue_card(store, applicants[0], "C0000001")
    intake = IntakeService(store)
    cancelled = intake.open_application(OPERATOR, applicants[1])
    IssuanceService(store).cancel(OPERATOR, cancelled, "applicant left")
    still_open = intake.open_application(OPERATOR, applicants[1])
    acknowledge_all(store, clock())
    unacknowledged = issue_card(store, applicants[1], "C0000002")
    return {"old_issued": old_issued, "cancelled": cancelled, "open": still_open, "unacked": unacknowledged}


def _purge(store, clock, days=30, at_days=31):
    clock.advance(days=at_days)
    from counter_app.services.auth import Session

    return RetentionService(store, days=days, clock=clock).purge(Session.local_operator("C-TEST-01", clock=clock))


def test_nothing_is_purged_before_n_days(store, scene, clock):
    assert _purge(store, clock, at_days=29).count == 0


def test_exactly_the_final_and_acknowledged_issuances_are_purged(store, scene, clock):
    report = _purge(store, clock)
    assert set(report.purged_ids) == {scene["old_issued"], scene["cancelled"]}
    issuances = IssuanceService(store)
    for key in ("open", "unacked"):
        kept = issuances.get(scene[key])
        assert kept.applicant.name and kept.applicant.document_number


def test_a_purged_issuance_keeps_what_the_reports_count(store, scene, clock, applicants):
    before = IssuanceService(store).get(scene["old_issued"])
    events = IssuanceService(store).history(scene["old_issued"])
    _purge(store, clock)
    after = IssuanceService(store).get(scene["old_issued"])  # reading it does not crash
    assert after.state is IssuanceState.ISSUED and after.card_number == before.card_number
    assert after.created_at == before.created_at and after.card_id == before.card_id
    assert after.applicant.application_type == before.applicant.application_type
    assert (after.applicant.name, after.applicant.document_number, after.applicant.phone,
            after.applicant.address) == ("", "", "", "")
    assert not after.has_photo and IssuanceService(store).photo(scene["old_issued"]) is None
    row = store.db.execute("SELECT person_index, personal_data_purged_at FROM issuances WHERE id = ?",
                           (scene["old_issued"],)).fetchone()
    assert row[0] == "" and row[1] == "2025-04-07T08:00:00.000000Z"
    assert IssuanceService(store).history(scene["old_issued"]) == events  # the events stay


def test_retention_days_are_configurable(store, scene, clock):
    assert _purge(store, clock, days=7, at_days=8).count == 2


def test_a_later_unacknowledged_event_keeps_the_data(store, applicants, clock):
    issued = issue_card(store, applicants[0], "C0000003")
    acknowledge_all(store, clock())
    with store.transaction() as db:  # e.g. the certificate step finished later, not yet sent
        from counter_app.store.outbox import OutboxRepository

        OutboxRepository(db).append("issuance.certificates", at=clock(), issuance_id=issued, payload={})
    assert _purge(store, clock).count == 0


def test_approval_reasons_about_a_purged_issuance_are_emptied(store, scene, clock, auth, people):
    approvals = ApprovalService(store, clock=clock)
    request = approvals.request_approval(auth.login("clerk", PASSWORD), "reprint", scene["old_issued"], "name smudged")
    _purge(store, clock)
    assert approvals._get(request.id).reason == ""


def test_the_purge_is_audited_without_personal_data(store, scene, clock):
    _purge(store, clock)
    entry = [e for e in AuditLog.entries(store.db) if e.action == "data.purged"][0]
    assert entry.detail["issuances"] == 2 and json.dumps(entry.detail).isascii()


def test_purging_twice_changes_nothing_more(store, scene, clock):
    _purge(store, clock)
    assert _purge(store, clock, at_days=1).count == 0


def test_the_purge_is_a_versioned_change_of_the_issuance(store, scene, clock):
    """Like every write to an issuance, through the repository's versioned update: a reader holding the
    old version cannot write over the purge unnoticed."""
    before = IssuanceService(store).get(scene["old_issued"])
    _purge(store, clock)
    after = IssuanceService(store).get(scene["old_issued"])
    assert after.version == before.version + 1 and after.state is before.state
