"""Fixtures and helpers of the GUI tests: the real app (services, flow, widgets, workers) over in-process
devices. ``tests/gui/conftest.py`` registers the fixtures; any folder imports the helpers from here.

The encoder is the simulated SSC 3.0 card and PSAM of ``devices/vcard`` run in this process behind
the app's ``Encoder`` interface, with a slot the test fills and empties; the printer is the real
``PrintService`` whose CUPS hand-over (``printing.job.submit/follow``) is replaced by a queue the
test can take offline. Each test gets a fresh counter data directory, a clerk account and a block
of card numbers; teardown stops the workers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from counter_app.paths import AppPaths
from counter_app.printing import job as print_job
from counter_app.printing.errors import PrinterPaused
from counter_app.settings import Settings
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.database import Store
from tests.support.encoders import SlotEncoder

# Module level, so importorskip (tests/conftest.py turns the skip into a failure in CI).
pytest.importorskip("pytestqt")
pytest.importorskip("devices.vcard.card_os")

from counter_app.ui.backends import Backends, Indicator  # noqa: E402
from devices.state import StatePaths  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

TIMEOUT_MS = 30_000
CLERK, PASSWORD = "clerk1", "Kx7-desk-Counter-42"
PHOTO = ROOT / "devices" / "camera" / "frames" / "astronaut.jpg"
SAMPLE = {
    "document_number": "421303199003070019", "name": "张三", "ethnicity": "01", "phone": "13800138000",
    "address": "湖北省随州市曾都区青年路1号",
}


class FakePrinter:
    """Stands in for CUPS: jobs complete at once unless the printer is offline."""

    def __init__(self):
        self.offline = False
        self.jobs: list[str] = []

    def submit(self, printer_name, template, paint, *, label="card"):
        if self.offline:
            raise PrinterPaused(printer_name, "offline")
        self.jobs.append(label)
        return print_job.SubmittedJob(printer_name, f"ssc-{label}", len(self.jobs), None, 0.01)

    def follow(self, sub, timeout=120.0):
        return print_job.JobResult(sub.printer, sub.job, "completed", None, "打印完成", "printed")

    def indicator(self, _settings) -> Indicator:
        return Indicator("error", "打印机已暂停：offline", "printer paused: offline") if self.offline \
            else Indicator("ok", "打印机就绪", "printer ready")


def make_counter(data_dir: Path, numbers: int = 20) -> tuple[AppPaths, Settings]:
    """A counter data directory with a clerk account and a block of card numbers (none: ``numbers=0``)."""
    from counter_app.services.auth import Session
    from counter_app.services.users import UserService

    paths = AppPaths.resolve(data_dir).ensure()
    settings = Settings(paths.settings_file)
    settings.set("photo.camera", "demo")
    settings.set("demo.enabled", True)  # the demo camera stands in only in demo mode
    settings.save()
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        UserService(store).add(Session.local_operator(), CLERK, "clerk", password=PASSWORD)
        if numbers:
            with store.transaction() as db:
                CardNumberBlocks(db).add_block("test-block", "X00000019", numbers, at=dt.datetime.now(dt.UTC))
    return paths, settings


@pytest.fixture
def encoder(tmp_path):
    return SlotEncoder(StatePaths.resolve(tmp_path / "devices-state"))


@pytest.fixture
def printer(monkeypatch):
    fake = FakePrinter()
    monkeypatch.setattr(print_job, "submit", fake.submit)
    monkeypatch.setattr(print_job, "follow", fake.follow)
    return fake


@pytest.fixture
def backends(encoder, printer):
    return Backends(
        make_encoder=lambda _s: encoder,
        make_camera=lambda _s: None,
        probe_encoder=lambda _s: (Indicator("ok", "写卡器已连接", "encoder connected"),
                                  Indicator("ok", "PSAM 卡就绪", "PSAM ready")),
        probe_printer=printer.indicator,
        make_card_watch=encoder.watch,
        make_idcard_watch=None,  # no ID card reader (never probe the machine's serial ports in tests)
        demo_autoinsert=None,
    )


@pytest.fixture
def counter(data_dir):
    return make_counter(data_dir)


@pytest.fixture
def shell(qtbot, counter, backends):
    """The GUI as `counter-app` starts it, with the login window shown."""
    from counter_app.ui.app import Shell, apply_style, make_context

    paths, settings = counter
    app = __import__("PySide6.QtWidgets", fromlist=["QApplication"]).QApplication.instance()
    apply_style(app)
    s = Shell(make_context(paths, settings, "zh", backends))
    s.ctx.start_sync = lambda: None  # no ledger in these tests
    s.start()
    yield s
    close_shell(s)


def close_shell(s) -> None:
    """Stop the workers and delete the windows now, so that nothing of this test is collected
    (and its Qt objects destroyed) in the middle of the next one."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    s.stop()
    for w in (s.login, s.main):
        if w is not None:
            w.close()
            w.deleteLater()
    s.login = s.main = None
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def log_in(qtbot, shell, username=CLERK, password=PASSWORD):
    login = shell.login
    login.username.setText(username)
    login.password.setText(password)
    with qtbot.waitSignal(shell.mainShown, timeout=TIMEOUT_MS):
        login.submit()
    return shell.main


def fill_applicant(page, values=None) -> None:
    page.set_values({**SAMPLE, **(values or {})})


def wait_step(qtbot, flow, step, state=None, timeout=TIMEOUT_MS):
    def reached():
        v = flow.view
        assert v is not None and v.step is step and not flow.busy
        if state is not None:
            assert v.issuance is not None and v.issuance.state == state
    qtbot.waitUntil(reached, timeout=timeout)


def through_photo(qtbot, main):
    """From the home page to the review page with the sample applicant and photo."""
    return through_photo_with(qtbot, main, None)


def through_photo_with(qtbot, main, values):
    """From the home page to the review page with the sample applicant changed by ``values``."""
    from counter_app.services.flow import FlowStep

    flow = main.flow
    main.new_application()
    wait_step(qtbot, flow, FlowStep.APPLICANT)
    fill_applicant(flow.applicant_page, values)
    assert flow.next_button.isEnabled()
    flow.next_button.click()
    wait_step(qtbot, flow, FlowStep.PHOTO)
    with qtbot.waitSignal(flow.photo_step.processed, timeout=TIMEOUT_MS):
        flow.photo_step.import_file(str(PHOTO))
    assert flow.photo_step.result.ok
    flow.photo_step.accept_button.click()
    wait_step(qtbot, flow, FlowStep.REVIEW)
    return flow


HOLDER_PIN = "135790"


def pad_types(pad, digits: str) -> None:
    """The holder presses the on-screen keys (wherever the shuffle put them), then OK."""
    for d in digits:
        pad.digit_buttons[int(d)].click()
    pad.ok_button.click()


def set_holder_pin(qtbot, flow, pin: str = HOLDER_PIN, timeout: int = TIMEOUT_MS) -> None:
    """On the hand-over page: Enter opens the holder's PIN pad (the first choice while no PIN is
    set), the holder types the new PIN twice, and the flow sets it on the card in the encoder."""
    flow.primary_action()
    qtbot.waitUntil(lambda: flow.pin_pad is not None and flow.pin_pad.isVisible(), timeout=timeout)
    pad = flow.pin_pad
    pad_types(pad, pin)
    pad_types(pad, pin)
    qtbot.waitUntil(lambda: not flow.busy and flow.view.issuance is not None and flow.view.issuance.holder_pin_set,
                    timeout=timeout)
