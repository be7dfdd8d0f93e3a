"""Papers reprinted from the history (业务查询): the day's cases, the application form and the collection receipt
printed for the selected case and printed again (补打), off the GUI thread. The print is replaced by a fake that
records the papers (the CUPS path itself is covered by tests/papers over the real CUPS-PDF queue)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel

from counter_app.domain.issuance import IssuanceState
from counter_app.printing import job as print_job
from counter_app.printing import papers as printing_papers
from tests.gui.supervisor_desk import china_time, sign_in_supervisor  # noqa: F401 (a fixture)
from tests.reports.history import Clock, write_history
from tests.support.gui import TIMEOUT_MS


@pytest.fixture
def printed(monkeypatch):
    pages = []

    def fake_print(printer_name, paper, **_kw):
        pages.append(paper)
        return print_job.JobResult(printer_name, len(pages), "completed", None, "打印完成", "printed")

    monkeypatch.setattr(printing_papers, "print_paper", fake_print)
    return pages


def _select(page, row: int) -> None:
    page.table.selectionModel().select(page.table.model().index(row, 0),
                                       QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)


@pytest.mark.usefixtures("china_time")
def test_the_papers_are_printed_then_reprinted_from_the_history(qtbot, shell, counter, printed):
    home, ids = sign_in_supervisor(qtbot, shell, counter, lambda store: write_history(store, Clock()))
    page = home.history
    page.day.setDate(QDate(2025, 3, 10))
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS) as loaded:
        home.tabs.setCurrentWidget(page)
    assert loaded.args == [15] and not page.form_button.isEnabled()
    row = next(r for r, item in enumerate(page.items) if item.id == ids["issued"][0])
    assert page.items[row].state is IssuanceState.ISSUED
    _select(page, row)
    qtbot.waitUntil(lambda: page.receipt_button.isEnabled(), timeout=TIMEOUT_MS)
    assert page.form_button.text() == "打印申请表"
    with qtbot.waitSignal(page.printed, timeout=TIMEOUT_MS):
        page.form_button.click()
    assert page.paper_table.rowCount() == 1 and page.paper_table.item(0, 2).text() == ""
    assert page.form_button.text() == "补打申请表"
    with qtbot.waitSignal(page.printed, timeout=TIMEOUT_MS):
        page.form_button.click()
    with qtbot.waitSignal(page.printed, timeout=TIMEOUT_MS):
        page.receipt_button.click()
    assert [(p.kind.value, p.reprint) for p in printed] == [
        ("application_form", False), ("application_form", True), ("collection_receipt", False)]
    assert [page.paper_table.item(r, 2).text() for r in range(3)] == ["", "补打", ""]
    assert page.receipt_button.text() == "补打领卡回执" and "已送打印" in page.message.text()
    # A case not handed over has no collection receipt to print.
    spoiled = next(r for r, item in enumerate(page.items) if item.id == ids["spoiled"][0])
    _select(page, spoiled)
    qtbot.waitUntil(lambda: page.paper_table.rowCount() == 0, timeout=TIMEOUT_MS)
    assert page.form_button.isEnabled() and not page.receipt_button.isEnabled()
