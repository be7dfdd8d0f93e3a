"""The financial account's activation, done at the co-issuing bank: the counter keeps the bank's report,
audited, shows it in the in-card query, and queues nothing (the bank told the card system itself)."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.card.profile import load_profile
from counter_app.domain.pin import pin_buffer
from counter_app.services.activation import ActivationTimeInFuture
from counter_app.services.card_query import CardQueryService
from counter_app.services.card_services import NoIssuanceForCard
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditLog
from tests.activation.conftest import HOLDER_PIN, activation, card_services, printed, reports
from tests.card_services.conftest import NOW, OPERATOR


def test_the_banks_report_is_kept_and_shown_in_the_card_query(fresh_store, encoder, applicant):
    issuance_id = printed(fresh_store, encoder, applicant)
    card_services(fresh_store, encoder).set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN))
    number = IssuanceService(fresh_store).hand_over(OPERATOR, issuance_id).card_number
    query = CardQueryService(fresh_store, EncodingService(fresh_store, encoder, EncoderSettings(profile=load_profile())))
    assert query.query(OPERATOR).record.financial_activated_at is None
    queued = len(reports(fresh_store))

    at = NOW - dt.timedelta(hours=3)
    svc = activation(fresh_store, encoder)
    kept = svc.record_financial_activation(OPERATOR, number, at)

    assert kept.activated_at == at and kept.recorded_by == OPERATOR.actor
    assert svc.financial_activation(OPERATOR, number) == kept
    record = query.query(OPERATOR).record
    assert record is not None and record.financial_activated_at == at
    assert len(reports(fresh_store)) == queued  # nothing queued
    audit = [e for e in AuditLog.entries(fresh_store.db, limit=100) if e.action == "card.financial_activated"]
    assert [e.detail["card_number"] for e in audit] == [number]
    # a date is that day; a later report replaces the time
    assert svc.record_financial_activation(OPERATOR, number, dt.date(2026, 11, 26)).activated_at == dt.datetime(
        2026, 11, 26, tzinfo=dt.UTC)


def test_a_report_in_the_future_or_for_a_card_not_issued_here_is_refused(fresh_store, encoder, applicant):
    svc = activation(fresh_store, encoder)
    with pytest.raises(NoIssuanceForCard):
        svc.record_financial_activation(OPERATOR, "X00000019", NOW)
    printed(fresh_store, encoder, applicant)
    with pytest.raises(ActivationTimeInFuture) as future:
        svc.record_financial_activation(OPERATOR, "X00000019", NOW + dt.timedelta(days=1))
    assert "晚于当前时间" in future.value.message("zh")
    with pytest.raises(NoIssuanceForCard):  # written and printed, not issued yet
        svc.record_financial_activation(OPERATOR, "X00000019", NOW)
    assert fresh_store.db.execute("SELECT count(*) FROM card_financial_activations").fetchone()[0] == 0
