"""The supervisor's desk in the real window: the dashboard of a day with its tables and charts, and
the exception list decided in a batch with the password — never one's own request."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel

from counter_app.services.approvals import ApprovalService
from counter_app.services.auth import Role, Session
from counter_app.services.users import UserService
from counter_app.store.database import Store
from tests.reports.history import Clock, write_history
from tests.support.gui import TIMEOUT_MS, log_in

BOSS, BOSS_PASSWORD = "wang", "Kx7-boss-Counter-42"


@pytest.fixture(autouse=True)
def _china_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def desk(qtbot, shell, counter):
    paths, _settings = counter
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        UserService(store).add(Session.local_operator(), BOSS, Role.SUPERVISOR, password=BOSS_PASSWORD)
        ids = write_history(store, Clock())
    main = log_in(qtbot, shell, BOSS, BOSS_PASSWORD)
    return main.home, ids, paths


def test_the_dashboard_shows_the_days_figures_and_charts(qtbot, desk):
    home, _ids, _paths = desk
    page = home.dashboard
    page.date_from.setDate(QDate(2025, 3, 10))
    page.date_to.setDate(QDate(2025, 3, 10))
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.refresh()
    assert "发卡 11" in page.summary.text() and "废卡 1" in page.summary.text()
    clerks = {page.by_clerk.item(r, 0).text(): page.by_clerk.item(r, 2).text() for r in range(page.by_clerk.rowCount())}
    assert clerks == {"clerk-a": "8", "clerk-b": "3"}
    assert page.spoiled.rowCount() == 1 and "**********" in page.spoiled.item(0, 3).text()
    assert page.series_chart.issued_total == 11
    assert page.type_chart.slices == {"new": 9, "renewal": 1, "replacement": 2, "upgrade": 3}


def test_exceptions_are_decided_in_a_batch_with_the_password(qtbot, desk):
    home, _ids, _paths = desk
    page = home.exceptions
    home.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=TIMEOUT_MS)
    page.table.selectAll()
    page.reason.setText("checked with the clerk")
    page.password.setText(BOSS_PASSWORD)
    with qtbot.waitSignal(page.decided, timeout=TIMEOUT_MS) as decided:
        page.approve_button.click()
    assert decided.args == [1]
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=TIMEOUT_MS)
    assert page.password.text() == ""


def test_ones_own_request_is_refused_and_nothing_of_the_batch_is_decided(qtbot, desk):
    home, ids, paths = desk
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        wang = UserService(store).list(Session.local_operator())
        wang_id = next(u.id for u in wang if u.username == BOSS)
        own = Session(wang_id, BOSS, Role.SUPERVISOR, "", home.ctx.session.started_at, home.ctx.session.started_at)
        ApprovalService(store).request_approval(own, "reprint", ids["reprinted"][0], "ribbon smudge")
    page = home.exceptions
    home.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=TIMEOUT_MS)
    for row in range(2):
        page.table.selectionModel().select(page.table.model().index(row, 0),
                                           QItemSelectionModel.SelectionFlag.Select
                                           | QItemSelectionModel.SelectionFlag.Rows)
    page.reason.setText("ok")
    page.password.setText(BOSS_PASSWORD)
    page.approve_button.click()
    qtbot.waitUntil(lambda: "自己" in page.message.text(), timeout=TIMEOUT_MS)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=TIMEOUT_MS)
