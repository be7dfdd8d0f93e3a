"""A replacement paid by QR code on the demo devices, end to end: the counter enrolled with the real ledger
(its reference card-management system and payment gateway, on loopback), the person registered there by the
admin's ``central-ledger person add``; the clerk's window asks card management (eligible), opens the fee page,
the QR code shows on the applicant's screen, the applicant's phone opens the link and pays on the ledger's
page, the window sees it paid and writes the virtual card on pcscd/vpcd, prints on CUPS-PDF, the holder sets
their PIN, the card is handed over and the applicant rates the service."""

from __future__ import annotations

import re

import httpx
import pytest

from counter_app.services.flow import FlowStep
from counter_app.services.sync import SyncService
from counter_app.store.database import Store
from tests.gui_devices.support import (
    DEVICE_TIMEOUT_MS,
    SAMPLE,
    IssuanceState,
    close_shell,
    log_in,
    set_holder_pin,
    wait_step,
)
from tests.support.gui import through_photo_with
from tests.sync.conftest import LedgerServer, install_ledger_ca, ledger_cli


@pytest.fixture
def ledger(tmp_path):
    server = LedgerServer(tmp_path / "ledger.sqlite3", tmp_path / "ledger.log")
    server.start()
    yield server
    server.stop()


def enrolled(real_counter, ledger) -> None:
    paths, settings = real_counter.paths, real_counter.settings
    settings.set("fees.enabled", True)
    settings.set("cardmgmt.enabled", True)
    settings.save()
    with Store.open(paths.database) as store:
        sync = SyncService(store, settings, paths)
        sync.enroll(ledger.url, ledger.add_counter("C001"), "C001")
        install_ledger_ca(store, ledger.url)
    # The person holds a card already (issued before this counter): the admin registers them with the
    # district's card-management data, as the card centre's own records would.
    key = paths.keys_dir / "district-index.key"
    r = ledger_cli(ledger.db, "person", "add", "--id-number", SAMPLE["document_number"], "--name", SAMPLE["name"],
                   "--index-key-file", str(key))
    assert r.returncode == 0, r.stderr


def test_a_replacement_is_paid_by_qr_and_issued_on_the_demo_devices(qtbot, real_counter, ledger):
    enrolled(real_counter, ledger)
    shell = real_counter.start()
    try:
        main = log_in(qtbot, shell)
        flow = through_photo_with(qtbot, main, {"application_type": "replacement", "reason": "12"})
        flow.primary_action()  # the review confirmed: the fee is due first
        wait_step(qtbot, flow, FlowStep.FEE, timeout=DEVICE_TIMEOUT_MS)
        assert "20.00" in flow.fee_page.amount.text()
        flow.fee_page.qr_button.click()
        screen = flow.applicant_screen
        qtbot.waitUntil(lambda: screen.face == "payment", timeout=DEVICE_TIMEOUT_MS)
        link = screen.qr.property("payload")
        assert link.startswith(ledger.url + "/pay/"), link

        # The applicant's phone: opens the link, sees the amount, pays.
        page = httpx.get(link, timeout=30)
        assert page.status_code == 200 and "20.00" in page.text
        assert httpx.post(link, timeout=30).status_code in (200, 303)

        qtbot.waitUntil(lambda: flow.view.step is FlowStep.ENCODE and flow.view.waiting_for_card,
                        timeout=DEVICE_TIMEOUT_MS)
        real_counter.insert_blank()
        wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED, timeout=DEVICE_TIMEOUT_MS)
        set_holder_pin(qtbot, flow, timeout=DEVICE_TIMEOUT_MS)
        flow.primary_action()
        wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED, timeout=DEVICE_TIMEOUT_MS)
        qtbot.waitUntil(lambda: screen.face == "rating", timeout=DEVICE_TIMEOUT_MS)
        screen.choose(5)
        qtbot.waitUntil(lambda: "满意" in flow.message.text(), timeout=DEVICE_TIMEOUT_MS)
        issuance = flow.view.issuance
    finally:
        close_shell(shell)

    order_id = re.search(r"/pay/([^?]+)", link).group(1)
    assert ledger.query("SELECT status, amount_fen FROM payment_orders WHERE order_id = ?", (order_id,)) == \
        [("paid", 2000)]
    with Store.open(real_counter.paths.database) as store:
        fee = store.db.execute("SELECT status, method, order_id FROM fees WHERE issuance_id = ?",
                               (issuance.id,)).fetchone()
        rating = store.db.execute("SELECT level FROM ratings WHERE issuance_id = ?", (issuance.id,)).fetchone()
    assert tuple(fee) == ("paid", "qr", order_id) and rating[0] == 5
    assert issuance.applicant.application_type.value == "replacement"
