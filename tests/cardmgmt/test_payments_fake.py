"""The in-memory payment gateway follows the contract: pay, no cancel once paid, refund only a paid order."""

import pytest

from counter_app.cardmgmt.payments import InMemoryPaymentGateway, PaymentUnavailable


def test_pay_cancel_refund():
    gw = InMemoryPaymentGateway()
    assert gw.create_order("o1", 2000, "补卡").status == "pending"
    assert gw.create_order("o1", 2000, "补卡") == gw.order_status("o1")
    assert gw.pay("o1").status == "paid"
    with pytest.raises(PaymentUnavailable):
        gw.cancel_order("o1")
    assert gw.refund("o1", 2000, "card spoiled").status == "refunded"
    gw.create_order("o2", 2000, "补卡")
    assert gw.cancel_order("o2").status == "cancelled"
