"""好差评 on the supervisor's desk: the ratings of a date range by clerk (count, average, the five levels, the
差评 cases) and by day, and the latest reasons, on a fresh database."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from PySide6.QtCore import QDate

from counter_app.domain.issuance import IssuanceAction as A
from counter_app.services.auth import Role, Session
from counter_app.services.issuance import IssuanceService
from counter_app.services.ratings import RatingService
from counter_app.services.seed import random_applicant
from counter_app.services.users import UserService
from tests.gui.supervisor_desk import china_time, sign_in_supervisor  # noqa: F401 (a fixture)
from tests.reports.history import ISSUED, TZ, Clock
from tests.support.gui import TIMEOUT_MS


def _issue(store, clerk_id: str, name: str, at: dt.datetime, seed: int) -> str:
    """One card issued by the clerk ``clerk_id`` at ``at`` (the ratings belong to the issuance's clerk)."""
    clock = Clock()
    clock.now = at
    service = IssuanceService(store, clock=clock)
    issuance_id = service.start(random_applicant(random.Random(seed)), name, clerk_id=clerk_id)
    for n, action in enumerate((A.CHECK_APPLICANT, A.ACCEPT_PHOTO, *ISSUED)):
        clock.now = at + dt.timedelta(seconds=40 * (n + 1))
        fields = {}
        if action is A.START_ENCODING:
            fields["card_number"] = f"T{seed:08d}"
        elif action is A.FINISH_ENCODING:
            fields["card_id"] = f"421303D156000005{seed:016X}"
        service.advance(issuance_id, action, name, **fields)
    return issuance_id


def _rated(store):
    users = UserService(store)
    ids = {}
    for name in ("clerk-a", "clerk-b"):
        users.add(Session.local_operator(), name, Role.CLERK, password="Kx7-desk-Counter-42")
        ids[name] = next(u.id for u in users.list(Session.local_operator()) if u.username == name)
    day1 = dt.datetime(2025, 3, 10, 17, 0, tzinfo=TZ)
    day0 = dt.datetime(2025, 3, 9, 17, 0, tzinfo=TZ)
    plan = (("clerk-a", 5, "fast", day1), ("clerk-a", 4, None, day1), ("clerk-a", 2, "slow", day1),
            ("clerk-b", 5, "friendly", day1), ("clerk-a", 3, None, day0))
    for seed, (who, level, reason, at) in enumerate(plan, start=1):
        issuance_id = _issue(store, ids[who], who, at - dt.timedelta(hours=1), seed)
        clerk = Session(ids[who], who, Role.CLERK, "C01", at, at, idle_limit=dt.timedelta(days=3650),
                        clock=lambda at=at: at)
        RatingService(store, clock=lambda at=at: at, tz=TZ).rate(clerk, issuance_id, level, reason)
    return ids


@pytest.mark.usefixtures("china_time")
def test_the_ratings_page_shows_clerks_days_and_the_latest_reasons(qtbot, shell, counter):
    home, _ids = sign_in_supervisor(qtbot, shell, counter, _rated)
    page = home.ratings
    page.date_from.setDate(QDate(2025, 3, 9))
    page.date_to.setDate(QDate(2025, 3, 10))
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        home.tabs.setCurrentWidget(page)
    assert "评价 5 条" in page.summary.text() and "差评 1 条" in page.summary.text()
    rows = {page.by_clerk.item(r, 0).text(): [page.by_clerk.item(r, c).text() for c in range(1, 10)]
            for r in range(page.by_clerk.rowCount())}
    # count, average, levels 5 4 3 2 1, 满意率, the 差评 cases
    assert rows["clerk-a"][:8] == ["4", "3.50", "1", "1", "1", "1", "0", "75.0%"]
    assert rows["clerk-a"][8] != "" and rows["clerk-b"][:3] == ["1", "5.00", "1"]
    days = [[page.by_day.item(r, c).text() for c in range(3)] for r in range(page.by_day.rowCount())]
    assert days == [["2025-03-09", "1", "3.00"], ["2025-03-10", "4", "4.00"]]
    reasons = [page.recent.item(r, 4).text() for r in range(page.recent.rowCount())]
    assert sorted(reasons) == ["办理快捷", "服务热情", "等候时间长"]
    page.date_from.setDate(QDate(2025, 3, 1))
    page.date_to.setDate(QDate(2025, 3, 2))
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.refresh()
    assert page.by_clerk.rowCount() == 0 and page.message.text() == "所选日期没有评价。"
