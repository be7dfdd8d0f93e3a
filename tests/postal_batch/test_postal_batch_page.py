"""The postal batch page in the app (offscreen): F10 on the clerk's home opens it; a batch of three made on the device
worker with one card pulled mid-write (its row goes through spoiled → retry), the papers printed, then a tracking
number scanned per row and Enter marks each posted. The GUI thread never runs a card or print step."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from tests.postal_batch.conftest import Feeder  # noqa: E402
from tests.postal_batch.support import FakeLedger, applications  # noqa: E402
from tests.support.gui import TIMEOUT_MS, backends, log_in, shell  # noqa: E402, F401


def test_the_page_makes_a_batch_and_posts_each_card(qtbot, shell, encoder, printer):  # noqa: F811
    main = log_in(qtbot, shell)
    qtbot.keyClick(main.home, Qt.Key.Key_F10)
    page = main.postal_batch
    assert main.stack.currentWidget() is page
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT_MS)
    feeder = Feeder(encoder)
    feeder.tear = {2}
    page.feed, page.ledger = feeder, FakeLedger(applications(3))
    page.count.setValue(3)
    page.start_button.click()
    assert page.busy and page.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy and page.batch is not None, timeout=60_000)
    assert page.batch.state == "documents_printed", page.message.text()
    assert [page.row_state(r) for r in range(page.table.rowCount())] == ["done"] * 3
    assert page.table.item(0, 1).text() == "王**"
    assert "已打印" in page.message.text()

    for n in range(3):
        assert page.selected_app() == page.batch.items[n].app_id
        qtbot.keyClicks(page.tracking, f"EMS12345678{n}CN")
        qtbot.keyClick(page.tracking, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda n=n: not page.busy and page.row_state(n) == "posted", timeout=TIMEOUT_MS)
    assert page.batch.state == "closed"
    assert page.table.item(2, 4).text() == "EMS123456782CN"


def test_a_bad_tracking_number_is_refused_on_the_page(qtbot, shell, encoder, printer):  # noqa: F811
    main = log_in(qtbot, shell)
    main.show_postal_batch()
    page = main.postal_batch
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT_MS)
    page.feed, page.ledger = Feeder(encoder), FakeLedger(applications(1))
    page.count.setValue(1)
    page.start_button.click()
    qtbot.waitUntil(lambda: not page.busy and page.batch is not None, timeout=60_000)
    page.select_next_to_post()
    qtbot.keyClicks(page.tracking, "12-34")
    qtbot.keyClick(page.tracking, Qt.Key.Key_Return)
    assert not page.busy and "10" in page.message.text() and page.row_state(0) == "done"
