"""线上申请（今日领取）on the clerk's home, with a fake ledger: the list of the day (and the kept one offline), a
scan or a typed number that opens the flow at the review with the application's data and photo, the ID card
checked against it (a different person stops with a clear message), the ID card laid on the home as the search."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import FlowStep
from tests.gui.test_gui_idcard_fill import card
from tests.online_counter.samples import app_id, application_json, card_photo
from tests.support.gui import TIMEOUT_MS, close_shell, log_in, wait_step

TODAY = dt.date.today()
NUMBER = "421303199003070019"


def approved(digits: str = "0000000001", **over) -> dict:
    return application_json(photo=card_photo(), day=TODAY, app_id=app_id(digits),
                            qr_token=f"tok{digits}" + "x" * 20, **over)


def _home(qtbot, shell, reader):
    main = log_in(qtbot, shell)
    flow = main.flow
    qtbot.waitUntil(reader.started.is_set, timeout=TIMEOUT_MS)
    main.home.refresh()
    return main, flow, main.home.online


def test_the_due_list_shows_today_and_says_when_it_is_the_kept_one(qtbot, shell, ledger, reader):
    ledger.applications = [approved("0000000001"), approved("0000000002", status="in_production")]
    try:
        main, _flow, section = _home(qtbot, shell, reader)
        qtbot.waitUntil(lambda: section.table.rowCount() == 2, timeout=TIMEOUT_MS)
        rows = [[section.table.item(r, c).text() for c in range(4)] for r in range(2)]
        assert rows[0][0] == app_id("0000000001") and rows[0][1] == "张三" and NUMBER not in rows[0][2]
        assert rows[1][3] == "制卡中" and "今日 2 件，待办 2 件" in section.status.text()
        ledger.down = True
        section.refresh()
        qtbot.waitUntil(lambda: "中心台账暂不可达" in section.status.text(), timeout=TIMEOUT_MS)
        assert section.table.rowCount() == 2
    finally:
        close_shell(shell)


def test_a_typed_number_opens_the_review_and_the_right_id_card_starts_the_write(qtbot, shell, ledger, reader):
    ledger.applications = [approved()]
    try:
        main, flow, section = _home(qtbot, shell, reader)
        main.home.table.setFocus()
        QTest.keyClicks(main.home.table, app_id())  # typed (or scanned) while the list has the focus
        assert section.find.text() == app_id()
        QTest.keyClick(section.find, Qt.Key.Key_Return)
        wait_step(qtbot, flow, FlowStep.REVIEW, IssuanceState.PHOTO_OK)
        assert flow.view.online_application == app_id() and "身份证" in flow.message.text()
        assert flow.view.issuance.applicant.name == "张三"
        # Enter on the review before the ID card: refused, nothing written
        flow.primary_action()
        qtbot.waitUntil(lambda: not flow.busy and flow.view.error is not None, timeout=TIMEOUT_MS)
        assert flow.view.step is FlowStep.REVIEW and "身份证" in flow.message.text()
        # another person's card: a clear message, no write
        reader.lay(card(id_number="110105194912310029", name="李四"))
        qtbot.waitUntil(lambda: "不符" in flow.message.text(), timeout=TIMEOUT_MS)
        assert flow.view.step is FlowStep.REVIEW and not flow.view.identity_checked
        # the applicant's own card: the write waits for the blank card
        reader.lay(card())
        qtbot.waitUntil(lambda: flow.view.identity_checked and flow.view.step is not FlowStep.REVIEW,
                        timeout=TIMEOUT_MS)
        assert flow.view.step in (FlowStep.ENCODE, FlowStep.FEE)
    finally:
        close_shell(shell)


def test_the_id_card_laid_on_the_home_finds_the_application_and_checks_it(qtbot, shell, ledger, reader):
    ledger.applications = [approved()]
    try:
        main, flow, section = _home(qtbot, shell, reader)
        qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=TIMEOUT_MS)
        reader.lay(card())
        qtbot.waitUntil(lambda: flow.view is not None and flow.view.issuance is not None
                        and flow.view.identity_checked and not flow.busy, timeout=TIMEOUT_MS)
        assert flow.view.step in (FlowStep.ENCODE, FlowStep.FEE)
        assert flow.view.online_application == app_id()
    finally:
        close_shell(shell)


def test_an_unknown_scan_is_told_on_the_home(qtbot, shell, ledger, reader):
    try:
        _main, _flow, section = _home(qtbot, shell, reader)
        section.find.setText("WA12345")
        with qtbot.waitSignal(section.failed, timeout=TIMEOUT_MS):
            section.find_typed()
        assert "未能识别" in section.status.text()
        section.find.setText(app_id("5555555555"))
        with qtbot.waitSignal(section.failed, timeout=TIMEOUT_MS):
            section.find_typed()
        assert "未找到" in section.status.text()
    finally:
        close_shell(shell)
