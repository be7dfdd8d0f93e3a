"""What the online applications' GUI tests over the real parts share (test_online_collection.py,
test_online_journey.py): the real ledger (``central-ledger serve`` on loopback with the online applications' seal
key and a file SMS gateway), a counter enrolled with it in its hall (``online_counter``), the citizens' portal
(``citizen-portal serve``) on the same database file, seal key and SMS file, and the clerk's part at the counter:
the QR code scanned into the home, the applicant's ID card laid on the demo reader, the card written on the virtual
card, printed to CUPS-PDF and handed over, measured (wall time and the clerk's keys); then the counter's sync.

The fixtures are imported by the test modules (``from tests.gui_devices.online_support import online_counter,
online_ledger  # noqa: F401``).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.gui_devices.support import (
    DEVICE_TIMEOUT_MS,
    HOLDER_PIN,
    TIMEOUT_MS,
    IssuanceState,
    assert_face,
    chip_differences,
    chip_of,
    close_shell,
    intended_chip,
    log_in,
    new_pdf,
    wait_step,
)
from tests.realparts import need_module

REPO = Path(__file__).resolve().parents[2]
MAX_SECONDS = 60.0
MAX_KEYSTROKES = 8
HALL = "H1"
HALL_NAME = "曾都区政务服务中心"
COUNTER = "C001"
MOBILE = "13900139000"
ID_CARD = {"card_type": "resident", "name": "张三", "sex": "1", "ethnicity": "01", "birth_date": "19900307",
           "address": "湖北省随州市曾都区青年路1号", "id_number": "421303199003070019", "issuer": "随州市公安局曾都分局",
           "valid_from": "20160512", "valid_to": "20360512"}
READY_S = 60


class Keys:
    """The clerk's keys, each to the focused widget (the window when none has it), counted."""

    def __init__(self, window):
        self.window, self.count, self.pressed = window, 0, []

    def press(self, key: Qt.Key) -> None:
        QTest.keyClick(QApplication.focusWidget() or self.window, key)
        self.count += 1
        self.pressed.append(key.name.removeprefix("Key_"))

    def scan(self, qtbot, text: str) -> None:
        """A keyboard-wedge scanner's burst: every character at once into the focused widget (one scan)."""
        qtbot.keyClicks(QApplication.focusWidget() or self.window, text)
        self.count += 1
        self.pressed.append("scan")


def ledger_cli(db, *args: str, stdin: str | None = None) -> dict:
    r = subprocess.run([sys.executable, "-m", "central_ledger", *args, "--db", str(db)], capture_output=True,
                       text=True, timeout=120, input=stdin)
    assert r.returncode == 0, r.stderr
    try:
        return json.loads(r.stdout)
    except ValueError:
        return {}


def _wait_ready(process: subprocess.Popen, url: str, log: Path, what: str) -> None:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{what} did not become ready")


def _stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class OnlineLedger:
    """``central-ledger serve`` with the online applications' seal key, on a free loopback port."""

    def __init__(self, tmp_path):
        from central_ledger.seal import SealKey
        from tests.sync.faultproxy import free_port

        self.db = tmp_path / "ledger.sqlite3"
        self.key_file = tmp_path / "seal.key"
        self.seal = SealKey.load(self.key_file, create=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "ledger.log"
        self.sms_file = self.log.with_name("sms.jsonl")
        self.process = None

    def start(self) -> OnlineLedger:
        ledger_cli(self.db, "halls", "add", "--id", HALL, "--name", HALL_NAME)  # creates the database
        out = open(self.log, "ab")  # noqa: SIM115 - the server's log for its lifetime
        self.process = subprocess.Popen(
            [sys.executable, "-m", "central_ledger", "serve", "--db", str(self.db), "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--seal-key-file", str(self.key_file),
             "--sms-file", str(self.sms_file)], stdout=out, stderr=subprocess.STDOUT)
        _wait_ready(self.process, f"{self.url}/v1/health", self.log, "the ledger")
        return self

    def stop(self) -> None:
        _stop(self.process)

    def add_staff(self, username: str, role: str, password: str, hall: str | None = None) -> None:
        """A console account, as the district's operator makes it (``staff add --password-stdin``)."""
        ledger_cli(self.db, "staff", "add", "--username", username, "--role", role,
                   *(("--hall", hall) if hall else ()), "--password-stdin", stdin=password + "\n")

    def approved_application(self, photo: bytes):
        """An approved renewal for collection at ``HALL`` today, as the portal and the reviewer leave it."""
        from central_ledger import online_apps
        from central_ledger.storage import Storage
        from tests.online_ledger.support import new_row

        applicant = json.loads((REPO / "tests" / "data" / "applicant.json").read_text(encoding="utf-8"))
        applicant.update(application_type="renewal", reason="80")
        row = new_row(hall_id=HALL, collect_day=dt.date.today().isoformat(), id_number=ID_CARD["id_number"],
                      name=ID_CARD["name"], application="renewal", photo=photo)
        identity = json.dumps({"applicant": applicant, "mobile": MOBILE}, ensure_ascii=False)
        row = type(row)(**{**row.__dict__, "id_index": self.seal.id_index(ID_CARD["id_number"]),
                           "identity": self.seal.seal_text(identity), "photo": self.seal.seal(photo),
                           "mobile_index": self.seal.mobile_index(MOBILE), "reason": "80"})
        storage = Storage.open(str(self.db))
        try:
            with storage.transaction(write=True) as tx:
                online_apps.insert(tx, row)
        finally:
            storage.close()
        return row

    def application(self, app_id: str):
        """The application's row as the ledger holds it (``central_ledger.online_apps.get``)."""
        from central_ledger import online_apps
        from central_ledger.storage import Storage

        storage = Storage.open(str(self.db))
        try:
            with storage.transaction() as tx:
                return online_apps.get(tx, app_id)
        finally:
            storage.close()

    def status_of(self, app_id: str) -> tuple[str, str | None]:
        import sqlite3

        with sqlite3.connect(self.db, timeout=30) as conn:
            return conn.execute("SELECT status, card_number FROM online_applications WHERE app_id = ?",
                                (app_id,)).fetchone()

    def sms(self):
        from central_ledger.sms import FileSmsGateway

        return FileSmsGateway(self.sms_file)


@contextmanager
def portal_on(ledger: OnlineLedger) -> Iterator[str]:
    """``citizen-portal serve`` on the ledger's own database file, seal key and SMS file, on a free loopback port;
    yields its base URL (``localhost``: the browser keeps Secure cookies there over plain HTTP)."""
    from tests.sync.faultproxy import free_port

    port = free_port()
    log = ledger.db.parent / "portal.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "citizen_portal", "serve", "--db", str(ledger.db), "--seal-key-file",
             str(ledger.key_file), "--sms-file", str(ledger.sms_file), "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"], stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        _wait_ready(process, f"http://127.0.0.1:{port}/apply/health", log, "citizen-portal serve")
        yield f"http://localhost:{port}"
    finally:
        _stop(process)


@pytest.fixture
def online_ledger(tmp_path):
    server = OnlineLedger(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def online_counter(devices, healthy_queue, data_dir, online_ledger):
    """A counter enrolled with the ledger, in its hall, printing to the session's card queue, reading ID cards
    from the devices daemon's reader; card numbers from the ledger."""
    need_module("pytestqt")
    from counter_app.services.sync import SyncService
    from counter_app.store.database import Store
    from tests.gui_devices.support import RealCounter
    from tests.support.gui import make_counter
    from tests.sync.conftest import install_ledger_ca

    paths, settings = make_counter(data_dir, numbers=0)
    name, pdf_dir = healthy_queue
    settings.set("printer.name", name)
    settings.set("idcard.port", str(devices.state_dir / "run" / "idcard-tty"))
    settings.save()
    token = ledger_cli(online_ledger.db, "counters", "add", "--id", COUNTER, "--name", "一号窗口", "--json")["token"]
    ledger_cli(online_ledger.db, "counters", "set-hall", "--id", COUNTER, "--hall", HALL)
    with Store.open(paths.database) as store:
        sync = SyncService(store, settings, paths)
        sync.enroll(online_ledger.url, token, COUNTER)
        sync.replenish_card_numbers()
        install_ledger_ca(store, online_ledger.url)
    # the applicant holds a card already (a renewal): the card-management system knows them
    ledger_cli(online_ledger.db, "person", "add", "--id-number", ID_CARD["id_number"], "--name", ID_CARD["name"],
               "--index-key-file", str(paths.keys_dir / "district-index.key"))
    devices.run("card", "remove")
    devices.run("idcard", "lift", check=False)
    counter = RealCounter(paths, settings, name, pdf_dir, devices)
    yield counter
    devices.run("card", "remove", check=False)
    devices.run("idcard", "lift", check=False)


@dataclass
class Collected:
    """What the clerk's collection made: the time and keys it took, the issuance and the card."""

    elapsed: float
    keys: Keys
    issued: object
    card: Path
    blank: object
    written: object
    pdfs_before: set[Path]


def collect_at_counter(qtbot, counter, app_id: str, qr_token: str, tmp_path) -> Collected:
    """The clerk's part: log in, the home lists ``app_id`` among today's collections, the QR code's token scanned
    into the home (one scan, its Enter), the ID card laid on the reader, the write and the print, the holder's PIN,
    the hand-over; timed from the scan to the hand-over."""
    from counter_app.services.flow import FlowStep

    shell = counter.start()
    try:
        main = log_in(qtbot, shell)
        main.activateWindow()
        qtbot.waitUntil(main.isActiveWindow, timeout=TIMEOUT_MS)
        flow = main.flow  # made now (the window makes it while idle): its reader watcher serves the home too
        watcher = flow.applicant_page.idcard_events
        qtbot.waitUntil(lambda: watcher.watch is not None and watcher.watch.running, timeout=DEVICE_TIMEOUT_MS)
        home = main.home
        home.refresh()
        qtbot.waitUntil(lambda: home.online.table.rowCount() == 1, timeout=TIMEOUT_MS)
        assert home.online.table.item(0, 0).text() == app_id and "离线" not in home.online.status.text()
        card, blank = counter.insert_blank()  # a blank card waits in the encoder
        pdfs_before = counter.pdfs()
        home.table.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is home.table, timeout=TIMEOUT_MS)

        keys = Keys(main)
        started = time.perf_counter()
        keys.scan(qtbot, qr_token)  # the scanner types the QR code's token into the home
        assert home.online.find.text() == qr_token
        keys.press(Qt.Key.Key_Return)   # and its Enter
        wait_step(qtbot, flow, FlowStep.REVIEW, IssuanceState.PHOTO_OK, timeout=DEVICE_TIMEOUT_MS)
        assert flow.view.online_application == app_id and not flow.view.identity_checked
        assert "身份证" in flow.message.text()

        counter.devices.run("idcard", "put", "--file", str(card_file(tmp_path)))  # the applicant's ID card
        wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED, timeout=DEVICE_TIMEOUT_MS)
        written = chip_of(card)  # written, read back and printed (the PIN and the certificates come next)
        keys.press(Qt.Key.Key_Return)  # the holder's PIN pad
        qtbot.waitUntil(lambda: flow.pin_pad is not None and flow.pin_pad.isVisible(), timeout=TIMEOUT_MS)
        for _ in range(2):  # the holder's keys (not the clerk's)
            for d in HOLDER_PIN:
                QTest.keyClick(flow.pin_pad, getattr(Qt.Key, f"Key_{d}"))
            QTest.keyClick(flow.pin_pad, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not flow.busy and flow.view.issuance.holder_pin_set, timeout=DEVICE_TIMEOUT_MS)
        keys.press(Qt.Key.Key_Return)  # hand the card over
        wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED, timeout=DEVICE_TIMEOUT_MS)
        elapsed = time.perf_counter() - started
        issued = flow.view.issuance
    finally:
        close_shell(shell)
    return Collected(elapsed, keys, issued, card, blank, written, pdfs_before)


def assert_collected_in_time_and_card_made(qtbot, counter, done: Collected) -> None:
    """At most 60 s and 8 clerk keys; the application's applicant and photo on the chip, the face printed."""
    elapsed, keys, issued, card, blank, written = (done.elapsed, done.keys, done.issued, done.card, done.blank,
                                                   done.written)
    print(f"online collection: {elapsed:.1f} s, {keys.count} keys ({' '.join(keys.pressed)})")
    assert elapsed <= MAX_SECONDS, elapsed
    assert keys.count <= MAX_KEYSTROKES, keys.pressed
    # the card: the application's applicant and photo on the chip, the face printed
    assert issued.applicant.document_number == ID_CARD["id_number"] and issued.applicant.name == ID_CARD["name"]
    assert issued.applicant.application_type.value == "renewal"
    assert not chip_differences(blank, written, intended_chip(counter.paths, issued))
    assert chip_of(card).records == written.records and chip_of(card).pin.digits == HOLDER_PIN
    assert_face(new_pdf(qtbot, counter, done.pdfs_before), issued)


def sync_counter(counter) -> None:
    """The counter's sync until its outbox is empty (the ledger hears of the collection)."""
    from counter_app.services.sync import SyncService
    from counter_app.settings import Settings
    from counter_app.store.database import Store

    with Store.open(counter.paths.database) as store:
        sync = SyncService(store, Settings.load(counter.paths.settings_file), counter.paths)
        for _ in range(20):
            sync.sync_once()
            if sync.status().pending == 0:
                break
        assert sync.status().pending == 0


def card_file(tmp_path):
    path = tmp_path / "idcard.json"
    path.write_text(json.dumps(ID_CARD, ensure_ascii=False), encoding="utf-8")
    return path
