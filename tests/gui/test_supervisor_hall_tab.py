"""本厅 on the supervisor's desk: the hall's figures of today from the central ledger (``SyncService.hall_summary``
replaced by a fake here: no ledger runs), the totals, the two target lines and the rows by counter; in place of
the figures, a clear message when the ledger cannot be reached, the counter is not enrolled or in no hall; the
refresh button retries."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from counter_app.services.sync import SyncService
from counter_app.sync.errors import LedgerRefused, LedgerUnavailable, NotEnrolled
from tests.gui.supervisor_desk import china_time, sign_in_supervisor  # noqa: F401 (a fixture)
from tests.support.gui import TIMEOUT_MS


def _figures(issued, third, spoiled, reprints, waiting, average=None):
    return {"cards_issued": issued, "third_generation": third, "spoiled": spoiled, "reprints": reprints,
            "cancelled": 0, "in_progress": waiting, "created": issued + waiting,
            "average_issuance_seconds": average}


SUMMARY = {
    "date": "2026-12-04", "hall": "H01", **_figures(17, 12, 2, 3, 4, 185.0),
    "by_type": {"first": 10, "replacement": 7},
    "by_counter": [
        {"counter_id": "C01", "name": "一号窗口", "hall_id": "H01", **_figures(10, 7, 1, 2, 3, 170.0)},
        {"counter_id": "C02", "name": "二号窗口", "hall_id": "H01", **_figures(7, 5, 1, 1, 1, 200.0)},
    ],
    "by_hall": [{"hall_id": "H01", "name": "曾都区政务服务中心", **_figures(17, 12, 2, 3, 4, 185.0)}],
    "targets": {
        "third_generation": {"target": 5000, "actual": 4100, "projected": 4500, "percent": 82.0, "on_track": False,
                             "run_rate": 12.3, "reach_date": None},
        "all": {"target": 8000, "actual": 7900, "projected": 8600, "percent": 98.75, "on_track": True,
                "run_rate": 23.6, "reach_date": "2026-12-09"},
    },
    "generated_at": "2026-12-04T14:30:00+08:00",
}


class FakeLedger:
    """Stands in for ``SyncService.hall_summary``: answers ``answer`` (raised when an exception)."""

    def __init__(self, answer):
        self.answer = answer
        self.calls: list[tuple[dt.date, bool]] = []  # (day, called in the GUI thread)

    def hall_summary(self, _service, _session, day):
        self.calls.append((day, threading.current_thread() is threading.main_thread()))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


@pytest.fixture
def ledger(monkeypatch):
    fake = FakeLedger(SUMMARY)
    monkeypatch.setattr(SyncService, "hall_summary",
                        lambda service, session, day: fake.hall_summary(service, session, day))
    return fake


def _show_hall(qtbot, shell, counter, signal="loaded"):
    home, _ = sign_in_supervisor(qtbot, shell, counter)
    page = home.hall
    assert home.tabs.tabText(1) == "本厅" and home.tabs.widget(1) is page
    with qtbot.waitSignal(getattr(page, signal), timeout=TIMEOUT_MS):
        home.tabs.setCurrentWidget(page)
    return home, page


def _rows(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


@pytest.mark.usefixtures("china_time")
def test_the_hall_tab_shows_todays_figures_and_the_counters(qtbot, shell, counter, ledger):
    _home, page = _show_hall(qtbot, shell, counter)
    assert ledger.calls == [(dt.date.today(), False)]  # today, off the GUI thread
    assert not page.figures.isHidden() and page.message.isHidden()
    totals = page.totals.text()
    assert totals == "发卡 17，其中三代卡 12；废卡 2，重新打印 3，制作中 4；平均每张 3:05"
    assert "曾都区政务服务中心" in page.title.text() and "2026-12-04" in page.title.text()
    third, every = page.target_third.text(), page.target_all.text()
    assert "目标 5000" in third and "实际 4100" in third and "预计全年 4500" in third and "82.0%" in third
    assert "进度落后" in third
    assert "目标 8000" in every and "实际 7900" in every and "预计全年 8600" in every and "98.8%" in every
    assert "可达成" in every
    assert _rows(page.by_counter) == [["C01", "一号窗口", "10", "7", "1", "2", "3"],
                                      ["C02", "二号窗口", "7", "5", "1", "1", "1"]]
    assert page.refresh_button.isEnabled()


@pytest.mark.usefixtures("china_time")
def test_an_unreachable_ledger_says_so_and_the_button_retries(qtbot, shell, counter, ledger):
    ledger.answer = LedgerUnavailable("connection refused")
    _home, page = _show_hall(qtbot, shell, counter, "failed")
    assert page.figures.isHidden() and not page.message.isHidden()
    assert page.message.text().startswith("中心台账暂不可达") and "当日概况" in page.message.text()
    assert "Traceback" not in page.message.text()
    ledger.answer = SUMMARY
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.refresh_button.click()
    assert len(ledger.calls) == 2
    assert not page.figures.isHidden() and page.message.isHidden()
    assert page.by_counter.rowCount() == 2


@pytest.mark.usefixtures("china_time")
def test_a_counter_in_no_hall_is_told_so(qtbot, shell, counter, ledger):
    ledger.answer = LedgerRefused(404, "no_hall", "this counter belongs to no hall", {"error": "no_hall"})
    _home, page = _show_hall(qtbot, shell, counter, "failed")
    assert page.figures.isHidden() and not page.message.isHidden()
    assert page.message.text().startswith("本柜台尚未归属服务大厅")


@pytest.mark.usefixtures("china_time")
def test_a_counter_not_enrolled_is_told_so(qtbot, shell, counter, ledger):
    ledger.answer = NotEnrolled("柜台编号")
    _home, page = _show_hall(qtbot, shell, counter, "failed")
    assert page.figures.isHidden() and page.message.text().startswith("本柜台尚未在中心台账登记")


@pytest.mark.usefixtures("china_time")
def test_another_refusal_shows_the_ledgers_message(qtbot, shell, counter, ledger):
    ledger.answer = LedgerRefused(403, "forbidden", "not allowed", {"error": "forbidden"})
    _home, page = _show_hall(qtbot, shell, counter, "failed")
    assert page.figures.isHidden() and "403 forbidden" in page.message.text()
