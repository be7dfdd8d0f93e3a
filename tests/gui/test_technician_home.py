"""The technician's home in the real window: sign in as a technician, run every check on the demo
devices (the simulated card and PSAM in this process, the demo camera), read each verdict with what
was measured and what to do; then the APDU console asks before an UPDATE; the camera preview counts
frames; the bundle is written."""

from __future__ import annotations

import zipfile

import pytest

from counter_app.diagnostics.result import Verdict
from counter_app.diagnostics.runner import DiagnosticsEnvironment
from counter_app.services.auth import Session
from counter_app.services.users import UserService
from counter_app.store.database import Store
from tests.diagnostics.inprocess import InProcessPcsc
from tests.support.gui import TIMEOUT_MS, log_in

TECH, TECH_PASSWORD = "li", "Kx7-tech-Counter-42"


class IdleCups:
    """CUPS's answer for an idle, accepting card printer (the GUI tests never print for real)."""

    def getPrinterAttributes(self, name, requested_attributes=()):  # noqa: N802 - pycups API
        return {"printer-state": 3, "printer-state-reasons": ["none"], "printer-is-accepting-jobs": True}

    def getJobs(self, **_kw):  # noqa: N802
        return {}


@pytest.fixture
def technician(qtbot, shell, counter, tmp_path):
    paths, settings = counter
    settings.set("ledger.url", "http://127.0.0.1:9")  # nothing listens: the ledger is down
    with Store.open(paths.database) as store:
        UserService(store).add(Session.local_operator(), TECH, "technician", password=TECH_PASSWORD)
    pcsc = InProcessPcsc(tmp_path / "diag-devices")
    pcsc.insert_blank()
    shell.ctx.diagnostics_env = lambda: DiagnosticsEnvironment(settings, paths, pcsc=pcsc, camera_devices=[],
                                                               cups_connection=IdleCups())
    main = log_in(qtbot, shell, TECH, TECH_PASSWORD)
    return main.home, pcsc


def test_every_check_runs_on_the_demo_devices_with_a_verdict_and_advice(qtbot, technician):
    home, _pcsc = technician
    assert home.objectName() == "technicianHome"
    page = home.checks
    with qtbot.waitSignal(page.finished, timeout=TIMEOUT_MS):
        page.run_button.click()
    verdicts = {r.name: r.verdict for r in page.results}
    for name in ("pcsc.service", "pcsc.readers", "card.present", "card.atr", "card.type", "psam.present",
                 "psam.auth", "printer.queue", "camera.devices", "db.integrity", "db.size", "disk.free"):
        assert verdicts[name] is Verdict.OK, (name, page.result(name))
    assert verdicts["ledger.reachable"] is Verdict.FAULT
    assert page.table.rowCount() == len(page.results)
    row = next(i for i in range(page.table.rowCount()) if page.table.item(i, 0).text().endswith("ledger.reachable"))
    assert page.table.item(row, 1).text() == "故障" and "中心台账" in page.table.item(row, 3).text()
    assert "故障 1" in page.summary.text() or "故障" in page.summary.text()


def test_the_checks_follow_the_devices_a_pulled_psam_is_a_fault(qtbot, technician):
    home, pcsc = technician
    pcsc.psam = None
    with qtbot.waitSignal(home.checks.finished, timeout=TIMEOUT_MS):
        home.checks.run_all()
    assert home.checks.result("psam.present").verdict is Verdict.FAULT


def test_the_console_asks_before_an_update_and_shows_the_trace(qtbot, technician):
    home, _pcsc = technician
    console = home.console
    asked = []
    console.confirm = lambda names: asked.append(names) or False
    console.script.setPlainText("00DC0104020100  # UPDATE RECORD")
    console.send()
    assert asked == [["UPDATE RECORD"]] and "未发送" in console.output.toPlainText()

    console.script.setPlainText("00A404000F7378312E73682EC9E7BBE1B1A3D5CF\n00A4020002EF05\n00B2010400")
    with qtbot.waitSignal(console.answered, timeout=TIMEOUT_MS) as answer:
        console.send()
    assert [e.sw for e in answer.args[0].exchanges] == [0x9000, 0x9000, 0x9000]
    assert "card >> 00B2010400" in console.output.toPlainText()


def test_the_camera_preview_counts_frames(qtbot, technician, shell):
    from counter_app.ui.camera import DemoCameraSource

    home, _pcsc = technician
    shell.ctx.backends.make_camera = lambda _s: DemoCameraSource(fps=25)
    home.camera.start()
    qtbot.waitUntil(lambda: home.camera.frames >= 3, timeout=TIMEOUT_MS)
    result = home.camera.stop()
    assert result.name == "camera.frame_rate" and result.measured["frames"] >= 3
    assert not home.camera.preview.pixmap().isNull()


def test_the_bundle_is_written_from_the_home(qtbot, technician, tmp_path):
    home, _pcsc = technician
    with qtbot.waitSignal(home.checks.finished, timeout=TIMEOUT_MS):
        home.checks.run_all()
    out = tmp_path / "bundle.zip"
    with qtbot.waitSignal(home.checks.bundleWritten, timeout=TIMEOUT_MS):
        home.checks.make_bundle(str(out))
    assert "checks.json" in zipfile.ZipFile(out).namelist()
