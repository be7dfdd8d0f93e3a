"""The status bar's "同步 / Sync now": it wakes the app's sync worker (the queue reaches the ledger
without waiting out the idle interval), its tooltip shows the backlog and the last result, and it is
off while the counter is not enrolled."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt

from counter_app.ui.backends import Indicator
from counter_app.ui.context import AppContext, StatusSnapshot
from counter_app.ui.main_window import MainWindow
from counter_app.ui.status import DeviceStatusBar
from tests.sync.conftest import assert_ledger_holds_exactly, wait_until

OFF = Indicator("off", "未登记", "not enrolled")


def _snapshot(ledger: Indicator, pending: int = 0, oldest: float | None = None) -> StatusSnapshot:
    return StatusSnapshot(OFF, OFF, OFF, ledger, pending, oldest)


def test_the_button_wakes_the_worker_and_the_queue_reaches_the_ledger(qtbot, counter, ledger):
    counter.configure(**{"sync.idle_seconds": 3600.0})
    app = AppContext(counter.paths, counter.settings)
    app.sync_worker = counter.sync_service().worker()  # not following the outbox: only the button wakes it
    app.sync_worker.start()
    app.session = SimpleNamespace(username="tech", role="auditor")  # a plain home: no database worker needed
    window = MainWindow(app)
    qtbot.addWidget(window)
    bar = window.status
    try:
        wait_until(lambda: app.sync_worker.passes >= 1, "the first pass (then the hour's idle wait)")
        counter.seed(2)
        bar.show_snapshot(_snapshot(Indicator("ok", "中心台账已连接，上次同步 10:00:00", "ledger connected"),
                                    counter.pending(), 65.0))
        assert bar.sync_now.isEnabled() and bar.sync_now.text() == "同步"
        tip = bar.sync_now.toolTip()
        assert f"待同步 {counter.pending()} 条" in tip and "1 分钟" in tip and "上次同步 10:00:00" in tip
        with qtbot.waitSignal(bar.syncRequested, timeout=5000):
            qtbot.mouseClick(bar.sync_now, Qt.MouseButton.LeftButton)
        wait_until(lambda: counter.pending() == 0, "the queue to reach the ledger after 'sync now'", 30)
    finally:
        app.stop()
    assert_ledger_holds_exactly(ledger, counter)


def test_the_tooltip_says_nothing_waits_and_the_last_error(qtbot):
    bar = DeviceStatusBar("zh")
    qtbot.addWidget(bar)
    bar.show_snapshot(_snapshot(Indicator("error", "中心台账不可达：连接被拒绝", "ledger unreachable")))
    assert bar.sync_now.isEnabled()
    assert "无待同步记录" in bar.sync_now.toolTip() and "连接被拒绝" in bar.sync_now.toolTip()


def test_not_enrolled_the_button_is_off_and_says_why(qtbot):
    bar = DeviceStatusBar("zh")
    qtbot.addWidget(bar)
    bar.show_snapshot(_snapshot(Indicator("off", "本柜台尚未在中心台账登记", "not enrolled"), 3, 5.0))
    assert not bar.sync_now.isEnabled() and "尚未在中心台账登记" in bar.sync_now.toolTip()


def test_sync_now_starts_the_worker_of_a_counter_enrolled_since_and_says_no_otherwise(counter, ledger):
    """Not enrolled when the app started (no worker): "sync now" starts it if the counter is enrolled
    by now, and says False otherwise."""
    app = AppContext(counter.paths, counter.settings)
    try:
        assert app.sync_now() is True and app.sync_worker is not None and app.sync_worker.is_alive()
    finally:
        app.stop()
    from counter_app.paths import AppPaths
    from counter_app.settings import Settings

    fresh = AppPaths.resolve(counter.paths.data_dir.parent / "not-enrolled").ensure()
    lone = AppContext(fresh, Settings(fresh.settings_file))
    assert lone.sync_now() is False and lone.sync_worker is None


def test_in_english_it_reads_sync_now(qtbot, tmp_path):
    import shutil

    from PySide6.QtCore import QCoreApplication, QTranslator

    from counter_app.ui import i18n_build
    from counter_app.ui.i18n import translations_dir

    ts = tmp_path / "counter_app_en.ts"
    shutil.copy(translations_dir() / ts.name, ts)
    [qm] = i18n_build.build([ts])
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        bar = DeviceStatusBar("en")
        qtbot.addWidget(bar)
        bar.show_snapshot(_snapshot(Indicator("ok", "中心台账已连接", "ledger connected, last sync 10:00:00"), 2, 5.0))
        assert bar.sync_now.text() == "Sync now"
        assert bar.sync_now.toolTip().splitlines() == [
            "Send the waiting records to the central ledger now", "2 to sync (oldest 5 s ago)",
            "Last result: ledger connected, last sync 10:00:00"]
    finally:
        QCoreApplication.removeTranslator(translator)
