"""The fee page of the clerk's flow (``fees.enabled``): confirming the review of a replacement opens it;
the write waits for the card only once the fee is paid by QR (polled), in cash (receipt printed) or waived;
a first card goes straight to the write; a cancelled issuance's paid fee is refunded and a spoiled card's
fee is carried over to the issuance that makes it again. Over the real services, no Qt."""

from __future__ import annotations

import dataclasses

import pytest

from counter_app.cardmgmt.payments import InMemoryPaymentGateway
from counter_app.domain.applicant import ApplicationType, ReplacementReason
from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import After, Choice, FlowStep
from tests.support.store import sample_applicant

S = IssuanceState


@pytest.fixture
def gateway(services):
    services.settings.set("fees.enabled", True)
    gw = InMemoryPaymentGateway()
    services.payments = gw  # the ledger's gateway stands in: tests/cardmgmt runs it over the server
    printed = []
    services.fees._printer = printed.append  # the receipt printer (tests/fees prints over CUPS-PDF)
    gw.printed = printed
    return gw


def replacement():
    return dataclasses.replace(sample_applicant(), application_type=ApplicationType.REPLACEMENT,
                               reason=ReplacementReason.LOST)


def to_fee(flow, applicant=None):
    flow.new()
    view = flow.submit_applicant(applicant or replacement())
    assert view.error is None, view.zh
    flow.accept_photo(None)
    return flow.confirm_review()


def test_a_replacement_opens_the_fee_page_and_nothing_waits_for_a_card(flow, gateway):
    view = to_fee(flow)
    assert view.step is FlowStep.FEE and view.issuance.state is S.PHOTO_OK
    assert view.then is After.NOTHING and view.choices == (Choice.CANCEL,)
    assert (view.fee.amount_fen, view.fee.status, view.fee.yuan) == (2000, "quoted", "20.00")
    assert "20.00" in view.prompt("zh") and view.fee.waivers and view.fee.qr_available


def test_a_first_card_is_free_and_goes_straight_to_the_write(flow, gateway):
    view = to_fee(flow, sample_applicant())
    assert view.step is FlowStep.ENCODE and view.then is After.ENCODE_ON_CARD


def test_paid_by_qr_the_flow_goes_on_to_the_write_by_itself(flow, gateway, encoder):
    to_fee(flow)
    view = flow.pay_by_qr()
    assert view.step is FlowStep.FEE and view.fee.status == "pending"
    order = view.fee.order
    assert order.qr_payload and order.amount_fen == 2000
    assert flow.poll_payment().fee.status == "pending"  # not paid yet: the page stays
    gateway.pay(order.order_id)  # the applicant's phone
    view = flow.poll_payment()
    assert view.step is FlowStep.ENCODE and view.then is After.ENCODE_ON_CARD and "20.00" in view.zh
    encoder.insert_blank()
    assert flow.encode().issuance.state is S.ENCODED


def test_cash_prints_a_receipt_and_a_waiver_settles_the_fee(flow, gateway):
    to_fee(flow)
    view = flow.pay_cash(1500)
    assert view.step is FlowStep.FEE and view.error is not None and "20.00" in view.zh  # short: stays
    view = flow.pay_cash(5000)
    assert view.then is After.ENCODE_ON_CARD and "30.00" in view.zh  # the change
    (receipt,) = gateway.printed
    assert (receipt.amount_fen, receipt.received_fen, receipt.change_fen) == (2000, 5000, 3000)

    to_fee(flow)
    view = flow.waive("nonsense")
    assert view.step is FlowStep.FEE and view.error is not None  # not one of fees.waivers: stays
    view = flow.waive("elderly", "年满70周岁")  # a clerk's waiver needs the reason (tests/fees)
    assert view.then is After.ENCODE_ON_CARD and flow.s.fees.fee_of(view.issuance.id).status == "waived"


def test_a_cancelled_issuance_refunds_the_qr_payment(flow, gateway):
    to_fee(flow)
    order = flow.pay_by_qr().fee.order
    gateway.pay(order.order_id)
    view = flow.poll_payment()
    issuance_id = view.issuance.id
    view = flow.cancel("申请人放弃办理")
    assert view.issuance.state is S.CANCELLED and "退费" in view.zh
    assert gateway.orders[order.order_id].status == "refunded"
    assert flow.s.fees.fee_of(issuance_id).status == "refunded"


def test_an_open_qr_order_is_cancelled_with_the_issuance(flow, gateway):
    to_fee(flow)
    order = flow.pay_by_qr().fee.order
    flow.cancel("申请人放弃办理")
    assert gateway.orders[order.order_id].status == "cancelled"


def test_a_spoiled_card_carries_its_fee_over_to_the_new_card(flow, gateway, encoder):
    to_fee(flow)
    flow.pay_cash(2000)
    encoder.insert_blank()
    view = flow.encode()
    old = view.issuance.id
    flow.spoil("卡面损坏（划伤、弯折）")
    view = flow.restart()
    assert view.error is None and view.then is After.ENCODE_ON_CARD  # no fee page again
    assert flow.s.fees.fee_of(view.issuance.id).carried_from == old
    assert flow.s.fees.fee_of(old).status == "carried_over"


def test_a_failed_card_refunds_an_applicant_who_does_not_wait(flow, gateway, encoder):
    to_fee(flow)
    order = flow.pay_by_qr().fee.order
    gateway.pay(order.order_id)
    flow.poll_payment()
    encoder.insert_blank()
    flow.encode()
    view = flow.spoil("写卡失败，芯片无法使用")
    assert view.issuance.state is S.SPOILED and view.choices == (Choice.RESTART, Choice.REFUND)
    view = flow.refund_fee("制卡失败，申请人不再等候")
    assert view.error is None and "退费 20.00" in view.zh
    assert gateway.orders[order.order_id].status == "refunded"
    assert Choice.REFUND not in view.choices  # once
