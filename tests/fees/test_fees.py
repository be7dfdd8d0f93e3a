"""Fees: the rules (first card free, a replacement 20 yuan, waivers), QR and cash payment, waivers, the write
check refusing an unsettled fee, a refund of a failed card and the carry-over after a spoiled card."""

import dataclasses
import datetime as dt
import random

import pytest

from counter_app.domain.applicant import ApplicationType, ReplacementReason
from counter_app.domain.fees import FeeSchedule
from counter_app.domain.problems import DomainError
from counter_app.services.auth import Role, Session
from counter_app.services.encoding import WriteRefused
from counter_app.services.fees import FeeService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.services.seed import random_applicant
from counter_app.settings import Settings
from tests.fees.fake_gateway import FakeGateway

NOW = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)
OPERATOR = Session.local_operator()


def clerk(role=Role.CLERK) -> Session:
    return Session(None, "clerk1", role, "C01", NOW, NOW, idle_limit=dt.timedelta(days=3650), clock=lambda: NOW)


def _applicant(kind=ApplicationType.REPLACEMENT, seed=1):
    a = random_applicant(random.Random(seed))
    reason = ReplacementReason.LOST if kind is ApplicationType.REPLACEMENT else None
    return dataclasses.replace(a, application_type=kind, reason=reason)


def _open(store, kind=ApplicationType.REPLACEMENT, seed=1):
    return IntakeService(store).open_application(OPERATOR, _applicant(kind, seed))


@pytest.fixture
def setup(fresh_store):
    gw = FakeGateway()
    printed = []
    fees = FeeService(fresh_store, Settings(None), gateway=lambda: gw,
                      clock=lambda: NOW, printer=printed.append)
    return fresh_store, fees, gw, printed


def test_quote_rules_first_card_free_replacement_twenty_yuan_and_waivers():
    schedule = FeeSchedule.from_settings(Settings(None))
    assert schedule.quote(_applicant(ApplicationType.NEW), first_card=True).free_reason == "first_card"
    q = schedule.quote(_applicant(), first_card=False)
    assert q.amount_fen == 2000 and q.due
    assert schedule.quote(_applicant(), first_card=True).amount_fen == 0
    assert schedule.quote(_applicant(ApplicationType.RENEWAL), first_card=False).amount_fen == 0
    assert schedule.waiver("elderly").code == "elderly"
    with pytest.raises(DomainError):
        schedule.waiver("friend_of_the_clerk")


def test_a_first_card_passes_the_write_check(setup):
    store, fees, _, _ = setup
    iid = _open(store, ApplicationType.NEW)
    fees.write_check.before_claim(IssuanceService(store).get(iid))
    assert fees.is_settled(iid)


def test_not_settled_refuses_the_write_then_qr_paid_allows_it(setup):
    store, fees, gw, _ = setup
    iid = _open(store)
    issuance = IssuanceService(store).get(iid)
    with pytest.raises(WriteRefused) as refused:
        fees.write_check.before_claim(issuance)
    assert "20.00" in refused.value.message("zh")
    order = fees.start_qr(clerk(), iid)
    assert order.amount_fen == 2000 and order.qr_payload
    assert fees.start_qr(clerk(), iid).order_id == order.order_id     # same attempt, same order
    assert fees.poll(clerk(), iid).status == "pending"
    gw.pay(order.order_id)
    assert fees.poll(clerk(), iid).status == "paid"
    fees.write_check.before_claim(issuance)


def test_an_expired_qr_goes_back_to_unpaid_and_a_new_attempt_gets_a_new_order(setup):
    store, fees, gw, _ = setup
    iid = _open(store)
    first = fees.start_qr(clerk(), iid)
    gw.expire(first.order_id)
    assert fees.poll(clerk(), iid).status == "quoted"
    assert fees.start_qr(clerk(), iid).order_id != first.order_id


def test_cash_with_change_and_a_printed_receipt(setup):
    store, fees, _, printed = setup
    iid = _open(store)
    with pytest.raises(DomainError):
        fees.pay_cash(clerk(), iid, 1000)
    receipt = fees.pay_cash(clerk(), iid, 5000)
    assert receipt.change_fen == 3000 and printed == [receipt]
    assert "20.00" in receipt.text() and "30.00" in receipt.text()
    assert fees.is_settled(iid)


def test_a_waived_fee_needs_a_known_code_and_a_clerks_reason(setup):
    store, fees, _, _ = setup
    iid = _open(store)
    with pytest.raises(DomainError):
        fees.waive(clerk(), iid, "nope", "x")
    with pytest.raises(DomainError):
        fees.waive(clerk(), iid, "elderly")
    assert fees.waive(clerk(), iid, "elderly", "72 岁").status == "waived"
    fees.write_check.before_claim(IssuanceService(store).get(iid))


def test_a_failed_card_is_refunded_qr_through_the_gateway_cash_with_a_receipt(setup):
    store, fees, gw, printed = setup
    a, b = _open(store, seed=1), _open(store, seed=2)
    order = fees.start_qr(clerk(), a)
    gw.pay(order.order_id)
    fees.poll(clerk(), a)
    assert fees.refund(clerk(), a, "card failed").status == "refunded"
    assert gw.refunds == [(order.order_id, 2000, "card failed")]
    fees.pay_cash(clerk(), b, 2000)
    refund = fees.refund(clerk(), b, "card failed")
    assert refund.refund and "退费" in refund.text() and printed[-1] is refund
    assert not fees.is_settled(a)


def test_the_payment_carries_over_to_the_new_issuance_after_a_spoiled_card(setup):
    store, fees, _, _ = setup
    old, new = _open(store, seed=1), _open(store, seed=3)
    fees.pay_cash(clerk(), old, 2000)
    moved = fees.carry_over(clerk(), old, new)
    assert moved.carried_from == old and fees.is_settled(new)
    assert fees.fee_of(old).status == "carried_over" and not fees.is_settled(old)


def test_the_close_of_day_totals_fees_by_method_and_reconciles_cash_and_qr(fresh_store):
    gw = FakeGateway()
    day1 = NOW
    day2 = NOW + dt.timedelta(days=1)
    clock = [day1]
    fees = FeeService(fresh_store, Settings(None), gateway=lambda: gw, clock=lambda: clock[0])
    a, b, c, d = (_open(fresh_store, seed=s) for s in (1, 2, 3, 4))
    fees.pay_cash(clerk(), a, 5000)
    order = fees.start_qr(clerk(), b)
    gw.pay(order.order_id)
    fees.poll(clerk(), b)
    fees.waive(clerk(), c, "disability", "残疾人证")
    clock[0] = day2                       # the next day: a cash payment and a refund of yesterday's cash
    fees.pay_cash(clerk(), d, 2000)
    fees.refund(clerk(), a, "card failed")
    boss = clerk(Role.SUPERVISOR)
    first = fees.day_fees(boss, day1, day1 + dt.timedelta(days=1), cash_counted_fen=2000)
    assert first.by_method == {"cash": 2000, "qr": 2000} and first.waived_count == 1
    assert first.reconciles and first.qr_gateway_fen == 2000
    second = fees.day_fees(boss, day2, day2 + dt.timedelta(days=1), cash_counted_fen=500)
    assert second.by_method == {"cash": 2000} and second.refunded_fen == {"cash": 2000}
    assert second.cash_recorded_fen == 0 and second.cash_difference_fen == 500 and not second.reconciles
    with pytest.raises(DomainError):
        fees.day_fees(clerk(), day1, day2)


def test_a_carried_over_payment_counts_once_in_the_close_of_day(fresh_store):
    fees = FeeService(fresh_store, Settings(None), gateway=lambda: None, clock=lambda: NOW)
    old, new, other = (_open(fresh_store, seed=s) for s in (1, 3, 5))
    fees.pay_cash(clerk(), old, 2000)
    fees.carry_over(clerk(), old, new)  # the card was spoiled: the same payment pays for the new one
    fees.pay_cash(clerk(), other, 2000)
    day = fees.day_fees(clerk(Role.SUPERVISOR), NOW - dt.timedelta(hours=1), NOW + dt.timedelta(hours=1),
                        cash_counted_fen=4000)
    assert day.by_method == {"cash": 4000} and day.reconciles
