"""The close of day's fees section on the supervisor's desk, on a fresh database: today's cash payments and a
waiver, a till counted short (the red line says by how much), then counted right and closed (收费相符)."""

from __future__ import annotations

import dataclasses
import random

from counter_app.domain.applicant import ApplicationType, ReplacementReason
from counter_app.services.auth import Session
from counter_app.services.fees import FeeService
from counter_app.services.intake import IntakeService
from counter_app.services.seed import random_applicant
from counter_app.settings import Settings
from tests.gui.supervisor_desk import sign_in_supervisor
from tests.support.gui import TIMEOUT_MS


def _todays_fees(store):
    """Three replacements today: two paid in cash (20 yuan each, one with change), one waived (elderly)."""
    ids = []
    for seed in (1, 2, 3):
        a = dataclasses.replace(random_applicant(random.Random(seed)), application_type=ApplicationType.REPLACEMENT,
                                reason=ReplacementReason.LOST)
        ids.append(IntakeService(store).open_application(Session.local_operator(), a))
    clerk = Session.local_operator()  # a supervisor at the command line: takes fees like a clerk
    fees = FeeService(store, Settings(None))
    fees.pay_cash(clerk, ids[0], 5000)
    fees.pay_cash(clerk, ids[1], 2000)
    fees.waive(clerk, ids[2], "elderly", "年满七十岁")
    return ids


def test_the_close_of_day_shows_the_fees_and_the_line_when_cash_is_short(qtbot, shell, counter, tmp_path):
    home, _ids = sign_in_supervisor(qtbot, shell, counter, _todays_fees)
    page = home.stock
    with qtbot.waitSignal(page.previewed, timeout=TIMEOUT_MS):
        home.tabs.setCurrentWidget(page)
    assert "现金 2 笔 40.00 元" in page.fees_summary.text() and "减免 1 笔" in page.fees_summary.text()
    rows = {page.fees_table.item(r, 0).text(): page.fees_table.item(r, 2).text()
            for r in range(page.fees_table.rowCount())}
    assert rows["现金"] == "40.00" and rows["现金应有"] == "40.00" and "减免 elderly" in rows
    assert "现金短款 40.00 元" in page.reconcile.text()          # nothing counted yet
    page.cash_counted.setValue(35.0)
    with qtbot.waitSignal(page.previewed, timeout=TIMEOUT_MS):
        page.check_button.click()
    assert page.reconcile.text() == "现金短款 5.00 元：实点 35.00 元，应有 40.00 元。"
    banks = [page.by_bank.item(r, 0).text() for r in range(page.by_bank.rowCount())]
    assert banks[:2] == ["102 中国工商银行", "103 中国农业银行"]
    page.by_bank.item(0, 8).setText("1")   # one ICBC card counted where the records hold none
    with qtbot.waitSignal(page.previewed, timeout=TIMEOUT_MS):
        page.check_button.click()
    assert page.reconcile.text().splitlines()[-1] == "102 中国工商银行 空白卡不符：实点 1，账面 0，差 +1。"
    assert page.by_bank.item(0, 9).text() == "+1" and page.by_bank.item(0, 8).text() == "1"
    page.by_bank.item(0, 8).setText("0")
    page.cash_counted.setValue(40.0)
    with qtbot.waitSignal(page.closed, timeout=TIMEOUT_MS) as closed:
        page.close_button.click()
    assert closed.args[0].totals["fees"]["reconciles"] is True
    assert [line["counted"] for line in closed.args[0].totals["by_bank"]][:2] == [0, None]
    assert "收费相符" in page.message.text() and page.reconcile.text() == "收费与库存核对相符。"
    # The dashboard's export of today carries the close (fees with the cash counted) on its own sheets.
    dashboard = home.dashboard
    with qtbot.waitSignal(dashboard.banks_loaded, timeout=TIMEOUT_MS):
        dashboard.refresh()
    assert [dashboard.by_bank.item(r, 0).text() for r in range(dashboard.by_bank.rowCount())][:3] == [
        "102 中国工商银行", "103 中国农业银行", "105 中国建设银行"]
    dashboard.export("xlsx", tmp_path / "today.xlsx")
    qtbot.waitUntil(lambda: "已导出" in dashboard.message.text(), timeout=TIMEOUT_MS)
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "today.xlsx")
    assert {"report", "dayclose", "fees", "banks"} <= set(book.sheetnames)
    fees = {r[1]: r[2] for r in book["fees"].iter_rows(min_row=3, values_only=True) if r[0] == "fees"}
    assert fees["cash_counted_yuan"] == "40.00" and fees["reconciles"] == "yes"
