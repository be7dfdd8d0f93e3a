"""The close of day reconciles the day's fees and the blank-card stock by bank, over seeded days (two banks,
QR and cash, a waiver, a refund, a carry-over); a till short of cash closes with the line that says so."""

from __future__ import annotations

import json

import pytest

from counter_app.domain.problems import DomainError
from counter_app.services.dayclose import DayCloseService, FeeTotal, banks_of, fees_of
from counter_app.store.audit import verify
from tests.reports.history import DAY, TZ

from .seeded import EXPECTED, SETTINGS, clerk, seed, supervisor


def _service(store, gw, clock):
    return DayCloseService(store, SETTINGS, tz=TZ, clock=clock, gateway=lambda: gw)


def _check_fees(fees):
    assert (fees.qr.count, fees.qr.fen) == EXPECTED["qr"]
    assert (fees.cash.count, fees.cash.fen) == EXPECTED["cash"]
    assert fees.waived_by_code == EXPECTED["waived"] and fees.waived_count == 1
    assert {k: (v.count, v.fen) for k, v in fees.refunded.items()} == EXPECTED["refunded"]
    assert (fees.carried_over.count, fees.carried_over.fen) == EXPECTED["carried_over"]
    assert fees.cash_expected_fen == EXPECTED["cash_expected_fen"]
    assert fees.qr_recorded_fen == EXPECTED["qr_recorded_fen"] == fees.qr_gateway_fen


def test_the_close_of_day_reconciles_fees_and_stock_by_bank(fresh_store):
    _ids, gw, clock = seed(fresh_store)
    service = _service(fresh_store, gw, clock)
    closed = service.close(supervisor(clock), 39, DAY, cash_counted_fen=4000,
                           counted_by_bank={"102": 23, "103": 16})
    fees = fees_of(closed)
    _check_fees(fees)
    assert fees.reconciles and fees.problems("zh") == [] and fees.problems("en") == []
    lines = {line.bank_code: line for line in banks_of(closed, SETTINGS)}
    for code, (received, used, spoiled, on_hand, issued, spoiled_today) in EXPECTED["banks"].items():
        line = lines[code]
        assert (line.received, line.used, line.spoiled, line.expected_on_hand) == (received, used, spoiled, on_hand)
        assert (line.issued_today, line.spoiled_today) == (issued, spoiled_today)
        assert line.difference == 0
    assert lines["105"].received == 0 and lines["105"].issued_today == 0
    assert sum(line.expected_on_hand for line in lines.values()) == closed.expected == 39 and closed.balanced
    assert closed.totals["issued"] == 8 and closed.totals["spoiled"] == 1  # the old totals mean what they meant
    # Signed and sent with the fees and the banks in them.
    (detail,) = fresh_store.db.execute("SELECT detail FROM audit_log WHERE seq = ?", (closed.audit_seq,)).fetchone()
    assert '"cash_expected_fen":4000' in detail and '"bank_code":"103"' in detail
    (payload,) = fresh_store.db.execute("SELECT payload FROM outbox WHERE seq = ?", (closed.outbox_seq,)).fetchone()
    sent = json.loads(payload)["totals"]
    assert sent["fees"]["reconciles"] is True and len(sent["by_bank"]) == 3
    assert verify(fresh_store.db).ok


def test_a_till_short_of_cash_closes_with_the_line_that_says_so(fresh_store):
    _ids, gw, clock = seed(fresh_store)
    service = _service(fresh_store, gw, clock)
    boss = supervisor(clock)
    preview = service.preview(boss, DAY, cash_counted_fen=3500)
    assert preview.closed is None and not preview.fees.reconciles
    assert preview.fees.problems("zh") == ["现金短款 5.00 元：实点 35.00 元，应有 40.00 元。"]
    assert preview.fees.problems("en") == ["Cash short by 5.00 yuan: counted 35.00, expected 40.00."]
    closed = service.close(boss, 39, DAY, cash_counted_fen=3500, counted_by_bank={"102": 22, "103": 17})
    fees = fees_of(closed)
    _check_fees(fees)
    assert fees.cash_difference_fen == -500 and not fees.reconciles
    lines = {line.bank_code: line for line in banks_of(closed, SETTINGS)}
    assert (lines["102"].difference, lines["103"].difference) == (-1, 1)
    recount = service.preview(boss, DAY, cash_counted_fen=4000, counted_by_bank={"102": 22, "103": 17})
    assert recount.closed is not None and recount.problems("zh") == [
        "102 中国工商银行 空白卡不符：实点 22，账面 23，差 -1。", "103 中国农业银行 空白卡不符：实点 17，账面 16，差 +1。"]
    assert fees_of(service.get(DAY)) == fees


def test_cash_in_the_till_not_counted_and_a_qr_payment_the_gateway_does_not_show(fresh_store):
    ids, gw, clock = seed(fresh_store)
    first_qr = ids["issued"][2]
    order_id = next(o for o in gw.orders if o.startswith(fresh_store.db.execute(
        "SELECT order_id FROM fees WHERE issuance_id = ?", (first_qr,)).fetchone()[0]))
    gw.expire(order_id)  # the gateway lost it: recorded paid here, not paid there
    fees = _service(fresh_store, gw, clock).preview(supervisor(clock), DAY).fees
    assert fees.cash_not_counted and fees.qr_difference_fen == -2000 and not fees.reconciles
    assert fees.problems("en") == ["Cash not counted: the records say 40.00 yuan.",
                                   "QR payments differ: recorded 40.00 yuan, paid at the gateway 20.00, "
                                   "difference -20.00."]
    assert FeeTotal().plus(5).plus(7) == FeeTotal(2, 12)


def test_only_a_supervisor_closes_and_a_bad_cash_figure_is_refused(fresh_store):
    _ids, gw, clock = seed(fresh_store)
    service = _service(fresh_store, gw, clock)
    with pytest.raises(DomainError):
        service.preview(clerk(clock), DAY)
    with pytest.raises(DomainError) as err:
        service.close(supervisor(clock), 39, DAY, cash_counted_fen=-1)
    assert err.value.problem.code == "dayclose.bad_cash" and service.get(DAY) is None


def test_a_gateway_that_cannot_be_reached_leaves_the_qr_payments_unchecked(fresh_store):
    _ids, gw, clock = seed(fresh_store)

    class Offline:
        def order_status(self, order_id):
            raise ConnectionError("ledger down")

    fees = DayCloseService(fresh_store, SETTINGS, tz=TZ, clock=clock, gateway=Offline).preview(
        supervisor(clock), DAY, cash_counted_fen=4000).fees
    assert fees.qr_unreachable and fees.qr_gateway_fen is None and not fees.reconciles
    assert fees.problems("zh") == ["扫码收费 40.00 元未能与支付平台核对（无法连接）。"]
