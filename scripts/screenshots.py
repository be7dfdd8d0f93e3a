"""Screenshots of each step of the clerk's flow (with the holder's PIN pad) and of the card services
page (query, status, certificates), for the user guide: ``make screenshots``.

Runs the real GUI (under Xvfb when there is no display: ``xvfb-run -a python scripts/screenshots.py``)
over the in-process simulated card and PSAM of ``devices/vcard`` and a stand-in for the CUPS hand-over,
in a throw-away counter directory, and writes PNGs to ``docs/screenshots/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

# Screenshots are taken on a throw-away demo counter, which may make up its own district index key.
os.environ.setdefault("COUNTER_APP_TEST_MODE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def ledger_ca_pem(db: Path) -> bytes:
    """A ledger's CA certificate, as its operator exports it (``central-ledger ca init`` and ``ca export``),
    for the technician's ``counter-app ca install``: the certificate step refuses to start without one. No
    ledger serves here, so the certificates then wait for it (the certificates-tab screenshot)."""
    import subprocess

    def ledger(*args: str) -> bytes:
        return subprocess.run([sys.executable, "-m", "central_ledger", "ca", *args, "--db", str(db)],
                              capture_output=True, cwd=ROOT, check=True).stdout

    ledger("init")
    return ledger("export", "--out", "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--no-save", action="store_true", help="drive the flow only (the GUI benchmark)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from counter_app.card.errors import NoCard
    from counter_app.paths import AppPaths
    from counter_app.printing import job as print_job
    from counter_app.printing.errors import PrinterPaused
    from counter_app.services.auth import Session
    from counter_app.services.ca_trust import CaTrust
    from counter_app.services.flow import FlowStep
    from counter_app.services.users import UserService
    from counter_app.settings import Settings
    from counter_app.store.card_numbers import CardNumberBlocks
    from counter_app.store.database import Store
    from counter_app.ui.app import Shell, apply_style, make_context
    from counter_app.ui.backends import Backends, Indicator
    from counter_app.ui.i18n import install_translators
    from devices.state import StatePaths
    from devices.vcard import stock
    from devices.vcard.card_os import VirtualCard
    from devices.vcard.psam import VirtualPsam

    class Conn:
        def __init__(self, device):
            self.device, self.atr = device, device.reset()

        def send_and_receive(self, apdu):
            rsp = self.device.process(apdu)
            return rsp[:-2], int.from_bytes(rsp[-2:], "big")

        def close(self):
            pass

    tmp = Path(tempfile.mkdtemp(prefix="screenshots-"))
    dev_paths = StatePaths.resolve(tmp / "devices")
    psam = stock.ensure_psam(dev_paths)
    stock.make_blank(3, dev_paths)

    class Encoder:
        card = None
        listeners: list = []  # the app's card watch: a card put in is an event, as pcscd sends one

        def insert(self, card):
            self.card = card
            for listener in self.listeners:
                listener(True)

        def open_card(self):
            if self.card is None:
                raise NoCard()
            return Conn(VirtualCard(self.card))

        def open_psam(self):
            return Conn(VirtualPsam(psam))

    encoder = Encoder()

    class CardWatch:
        """The stand-in encoder's card events (``Backends.make_card_watch``)."""

        def __init__(self, settings, callback):
            from counter_app.card.pcsc import ReaderEvent

            reader = str(settings["card.reader"])
            self.on_change = lambda present: callback(ReaderEvent("card_inserted" if present else "card_removed",
                                                                  reader))

        def start(self):
            encoder.listeners.append(self.on_change)
            self.on_change(encoder.card is not None)
            return True

        def stop(self):
            if self.on_change in encoder.listeners:
                encoder.listeners.remove(self.on_change)

        def check(self):
            pass
    printer = {"offline": True, "jobs": 0}

    def submit(name, template, paint, *, label="card"):
        if printer["offline"]:
            raise PrinterPaused(name, "offline")
        printer["jobs"] += 1
        return print_job.SubmittedJob(name, label, printer["jobs"], None, 0.01)

    print_job.submit = submit
    print_job.follow = lambda sub, timeout=120: print_job.JobResult(sub.printer, sub.job, "completed", None,
                                                                     "打印完成", "printed")
    paths = AppPaths.resolve(tmp / "counter").ensure()
    settings = Settings(paths.settings_file)
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        UserService(store).add(Session.local_operator(), "clerk1", "clerk", password="Kx7-desk-Counter-42")
        CaTrust(store).install(Session.local_operator(), ledger_ca_pem(tmp / "ledger.sqlite3"))
        with store.transaction() as db:
            CardNumberBlocks(db).add_block("demo", "X00000019", 50, at=dt.datetime.now(dt.UTC))

    app = QApplication.instance() or QApplication([])
    translators = install_translators(app, args.lang)  # noqa: F841
    apply_style(app)
    backends = Backends(
        make_encoder=lambda _s: encoder, make_camera=lambda _s: None,
        probe_encoder=lambda _s: (Indicator("ok", "写卡器已连接：Virtual PCD 00 00", "encoder connected"),
                                  Indicator("ok", "PSAM 卡就绪", "PSAM ready")),
        probe_printer=lambda _s: Indicator("error", "打印机已暂停：offline", "printer paused: offline")
        if printer["offline"] else Indicator("ok", "打印机就绪", "printer ready"),
        make_card_watch=CardWatch, demo_autoinsert=None)
    shell = Shell(make_context(paths, settings, args.lang, backends))
    shell.ctx.start_sync = lambda: None

    def wait(cond, ms=30_000):
        for _ in range(ms // 50):
            if cond():
                return
            pause(50)
        raise TimeoutError("step not reached")

    def pause(ms=300):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(widget, name):
        pause()
        if args.no_save:
            return
        widget.grab().save(str(out / f"{args.lang}-{name}.png"))
        print(out / f"{args.lang}-{name}.png")

    def at(flow, step):
        wait(lambda: flow.view is not None and flow.view.step is step and not flow.busy)

    shell.start()
    login = shell.login
    login.resize(520, 380)
    login.username.setText("clerk1")
    shot(login, "01-login")
    login.password.setText("Kx7-desk-Counter-42")
    login.submit()
    wait(lambda: shell.main is not None)
    main = shell.main
    main.resize(1280, 820)
    wait(lambda: main.status.encoder.level == "ok")
    shot(main, "02-home-empty")
    main.new_application()
    flow = main.flow
    at(flow, FlowStep.APPLICANT)
    page = flow.applicant_page
    page.set_values({"document_number": "421303199003070018", "name": "张𬌗三"})
    shot(main, "03-applicant-invalid")
    page.set_values({"document_number": "421303199003070019", "name": "张三", "phone": "13800138000",
                     "address": "湖北省随州市曾都区青年路1号"})
    shot(main, "04-applicant")
    flow.next_button.click()
    at(flow, FlowStep.PHOTO)
    flow.photo_step.import_file(str(ROOT / "devices" / "camera" / "frames" / "astronaut.jpg"))
    wait(lambda: flow.photo_step.result is not None and not flow.photo_step._busy)
    shot(main, "05-photo")
    flow.photo_step.accept()
    at(flow, FlowStep.REVIEW)
    wait(lambda: flow.review_page.face.pixmap() is not None and not flow.review_page.face.pixmap().isNull())
    shot(main, "06-review")
    flow.primary_action()
    wait(lambda: "插入" in flow.encode_page.prompt.text() or "Insert" in flow.encode_page.prompt.text())
    shot(main, "07-encode-insert-card")
    encoder.insert(stock.next_blank(dev_paths))
    wait(lambda: flow.view.step is FlowStep.PRINT and not flow.busy)
    main.refresh_status()
    pause(600)
    shot(main, "08-print-failed")
    printer["offline"] = False
    main.refresh_status()
    flow.primary_action()
    at(flow, FlowStep.HANDOVER)
    shot(main, "09-handover")
    flow.primary_action()  # the holder's PIN pad (on the second screen when there is one)
    wait(lambda: flow.pin_pad is not None and flow.pin_pad.isVisible())
    pad = flow.pin_pad
    for digit in "1357":
        pad.digit_buttons[int(digit)].click()
    shot(pad, "09a-pin-pad")
    for digit in "90":
        pad.digit_buttons[int(digit)].click()
    pad.ok_button.click()
    for digit in "135790":
        pad.digit_buttons[int(digit)].click()
    pad.ok_button.click()
    wait(lambda: not flow.busy and flow.view.issuance.holder_pin_set)
    shot(main, "09b-handover-pin-set")
    flow.primary_action()
    at(flow, FlowStep.DONE)
    shot(main, "10-done")
    wait(lambda: flow.applicant_screen.face == "rating")
    flow.applicant_screen.resize(900, 620)
    flow.applicant_screen._choose_level(5)
    shot(flow.applicant_screen, "10a-applicant-screen-rating")
    flow.applicant_screen.choose(5, "fast")
    wait(lambda: not flow.busy)
    flow.primary_action()
    wait(lambda: bool(main.home.issuances))
    shot(main, "11-home")
    main.home.card_services_button.click()  # the card services page: the card just issued is still in
    services = main.card_services
    services.query_tab.read()
    wait(lambda: services.query_tab.query is not None and not services.busy)
    shot(main, "12-card-services-query")
    services.tabs.setCurrentWidget(services.status_tab)
    wait(lambda: services.status_tab.current is not None and not services.busy)
    shot(main, "13-card-services-status")
    if services.cert_tab is not None:  # the certificates tab: no ledger here, so the certificates wait
        cert_tab = services.cert_tab
        services.tabs.setCurrentWidget(cert_tab)
        cert_tab.read()
        wait(lambda: cert_tab.certificate is not None and not services.busy)
        cert_tab.issue()
        wait(lambda: cert_tab.pin_pad is not None and cert_tab.pin_pad.isVisible())
        for digit in "135790":
            cert_tab.pin_pad.digit_buttons[int(digit)].click()
        cert_tab.pin_pad.ok_button.click()
        wait(lambda: not services.busy and cert_tab.pin_pad is None and cert_tab.message.property("error") is False
             and cert_tab.message.styleSheet().startswith("color: #e65100"))
        shot(main, "14-card-services-certificates")
    services.go_home()
    # A replacement (补换卡, reason 12 损坏) of the same holder: the fee page after the review.
    main.new_application()
    at(flow, FlowStep.APPLICANT)
    flow.applicant_page.set_values({"document_number": "421303199003070019", "name": "张三", "phone": "13800138000",
                                    "address": "湖北省随州市曾都区青年路1号", "application_type": "replacement",
                                    "reason": "12"})
    flow.next_button.click()
    at(flow, FlowStep.PHOTO)
    flow.photo_step.import_file(str(ROOT / "devices" / "camera" / "frames" / "astronaut.jpg"))
    wait(lambda: flow.photo_step.result is not None and not flow.photo_step._busy)
    flow.photo_step.accept()
    at(flow, FlowStep.REVIEW)
    flow.primary_action()
    at(flow, FlowStep.FEE)
    flow.fee_page.received.setText("50")
    shot(main, "15-fee-cash")
    screen = flow.applicant_screen
    screen.resize(900, 620)
    screen.show_payment("20.00", "http://127.0.0.1:8700/pay/0123456789ABCDEF-1?t=demo")
    shot(screen, "15a-applicant-screen-payment")
    screen.show_welcome()
    from counter_app.services.flow import Choice

    flow.choose(Choice.CANCEL, "申请人放弃办理")
    wait(lambda: not flow.busy and flow.view.step is FlowStep.DONE)
    shell.stop()
    # The windows deleted now, while Qt is whole (as the GUI tests' close_shell does): left to the
    # interpreter's last collection, PySide6 6.x may free a signal's bool twice and abort the exit.
    import gc

    from PySide6.QtCore import QEvent

    for w in (shell.login, shell.main):
        if w is not None:
            w.close()
            w.deleteLater()
    shell.login = shell.main = None
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
