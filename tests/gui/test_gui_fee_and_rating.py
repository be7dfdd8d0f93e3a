"""A replacement in the clerk's window with fees on: the fee page after the review, the QR code on the screen
facing the applicant, the write once the phone has paid (the page polls the order), and after the hand-over
the applicant rates the service on that screen; cash with the change shown and its receipt printed; the papers
printed from the review and the done page (2nd print marked 补打)."""

from __future__ import annotations

import pytest

from counter_app.cardmgmt import payments
from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import FlowStep
from counter_app.store.database import Store
from tests.support.gui import TIMEOUT_MS, log_in, set_holder_pin, wait_step

REPLACEMENT = {"application_type": "replacement", "reason": "12"}


@pytest.fixture
def gateway(monkeypatch):
    gw = payments.InMemoryPaymentGateway()
    # The ledger's gateway stands in (tests/gui_devices pays over the real ledger): every service of the
    # process (the device worker's too) gets this one.
    monkeypatch.setattr(payments, "gateway_from_settings", lambda _settings, _ledger: gw)
    return gw


@pytest.fixture
def counter(counter):
    paths, settings = counter
    settings.set("fees.enabled", True)
    settings.save()
    return counter


def to_fee_page(qtbot, main):
    from tests.support.gui import through_photo_with

    flow = through_photo_with(qtbot, main, REPLACEMENT)
    flow.primary_action()  # confirm the review
    wait_step(qtbot, flow, FlowStep.FEE)
    return flow


def test_paid_by_qr_written_handed_over_and_rated(qtbot, shell, encoder, printer, gateway, counter):
    main = log_in(qtbot, shell)
    flow = to_fee_page(qtbot, main)
    page = flow.fee_page
    assert "20.00" in page.amount.text() and flow.step_labels[FlowStep.FEE].text().endswith("缴费")
    page.qr_button.click()
    screen = flow.applicant_screen
    qtbot.waitUntil(lambda: screen.face == "payment" and screen.isVisible(), timeout=TIMEOUT_MS)
    (order,) = gateway.orders.values()
    assert screen.qr.property("payload") == order.qr_payload and "20.00" in screen.pay_title.text()
    assert not screen.qr.pixmap().isNull()

    gateway.pay(order.order_id)  # the applicant's phone
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)  # polled, paid
    assert screen.face == "welcome"
    encoder.insert_blank()
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
    set_holder_pin(qtbot, flow)
    flow.primary_action()
    wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)

    qtbot.waitUntil(lambda: screen.face == "rating", timeout=TIMEOUT_MS)
    screen.choose(4, "fast")
    qtbot.waitUntil(lambda: "满意" in flow.message.text() and not flow.busy, timeout=TIMEOUT_MS)
    issuance_id = flow.view.issuance.id
    paths, _ = counter
    with Store.open(paths.database) as store:
        level, reason = store.db.execute("SELECT level, reason FROM ratings WHERE issuance_id = ?",
                                         (issuance_id,)).fetchone()
        fee = store.db.execute("SELECT status, method FROM fees WHERE issuance_id = ?", (issuance_id,)).fetchone()
    assert (level, reason) == (4, "fast") and tuple(fee) == ("paid", "qr")


def test_cash_shows_the_change_and_prints_the_receipt(qtbot, shell, encoder, printer, gateway):
    main = log_in(qtbot, shell)
    flow = to_fee_page(qtbot, main)
    page = flow.fee_page
    page.received.setText("50")
    assert "30.00" in page.change.text()
    jobs = len(printer.jobs)
    page.cash_button.click()
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)
    assert "找零 30.00" in flow.encode_page.message.text()
    assert len(printer.jobs) == jobs + 1  # the receipt, on the receipt printer


def test_a_short_cash_sum_keeps_the_fee_page(qtbot, shell, encoder, printer, gateway):
    main = log_in(qtbot, shell)
    flow = to_fee_page(qtbot, main)
    flow.fee_page.received.setText("10")
    flow.fee_page.cash_button.click()
    qtbot.waitUntil(lambda: "实收不足" in flow.message.text(), timeout=TIMEOUT_MS)
    assert flow.view.step is FlowStep.FEE


def test_the_application_form_prints_from_the_review_and_again_as_a_reprint(qtbot, shell, encoder, printer,
                                                                              gateway, counter):
    from tests.support.gui import through_photo_with

    main = log_in(qtbot, shell)
    flow = through_photo_with(qtbot, main, REPLACEMENT)
    for _ in range(2):
        flow.review_page.form_button.click()
        qtbot.waitUntil(lambda: not flow.busy and flow.view.step is FlowStep.REVIEW, timeout=TIMEOUT_MS)
    paths, _ = counter
    with Store.open(paths.database) as store:
        rows = store.db.execute("SELECT kind, reprint FROM papers_printed ORDER BY rowid").fetchall()
    assert [tuple(r) for r in rows] == [("application_form", 0), ("application_form", 1)]
