"""The second browser journey: a postal batch of three with one spoiled card, then activation by the holder.

The batch is the postal real-parts test itself (tests/postal_batch/test_postal_batch_real_parts.py, called as it
is): three approved postal applications on the real ``central-ledger serve --seal-key-file`` on loopback, the
cards written on the virtual card over pcscd/vpcd with the second blank pulled out mid-write (spoiled, the next
blank used), the manifest and the labels out of cups-pdf, the cards marked posted and synced: three applications
``posted``, three cards ``not_activated``.

Then the real ``citizen-portal serve`` on the same ledger database file, the same seal key and the same SMS file,
and Debian's Chromium through Playwright on a 360×740 phone (the portal browser test's fixture and helpers): the
holder of the application whose first card was spoiled opens /apply/status, signs in with ID number, mobile and
SMS code, sees ``posted`` with the tracking number, presses 确认收卡 with a fresh code and sees ``activated``.
The database then says: that application ``activated`` and its card ``active``; the other two still ``posted``
with their cards ``not_activated``; the spoiled card's number void and in no card; every card number unique; and
the "activated" text message went to that mobile only.

The screenshots of the posted and the activated pages go to the test's temporary directory, or to
``PORTAL_SCREENSHOT_DIR`` (docs/screenshots) as ``apply-journey-*.png``. A missing real part fails under CI=true
(tests/realparts.py).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from central_ledger.sms import FileSmsGateway
from counter_app.domain.idnumbers import mod11_2_check_char
from tests.integration.printing_fixtures import card_queue, healthy_queue  # noqa: F401  (fixtures)
from tests.ledger.conftest import free_port
from tests.portal.test_portal_browser import PHONE, LivePortal, browser, shoot, shots, sign_in  # noqa: F401
from tests.postal_batch import test_postal_batch_real_parts as real_batch
from tests.postal_batch.support import PEOPLE
from tests.postal_batch.test_postal_batch_real_parts import SealedLedger, sealed_ledger  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
HOLDER = 1  # the second application: its first card was pulled out mid-write and spoiled
PORTAL_READY_S = 30


@contextmanager
def portal_on(ledger: SealedLedger) -> Iterator[LivePortal]:
    """``citizen-portal serve`` on the ledger's own database file, seal key and SMS file, on a free loopback port."""
    port = free_port()
    log_path = ledger.db.parent / "portal.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "citizen_portal", "serve", "--db", str(ledger.db), "--seal-key-file",
             str(ledger.key), "--sms-file", str(ledger.sms), "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        deadline = time.monotonic() + PORTAL_READY_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"citizen-portal serve exited: {log_path.read_text(errors='replace')}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/apply/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("citizen-portal serve did not become ready")
            time.sleep(0.1)
        yield LivePortal(f"http://localhost:{port}", str(ledger.db), FileSmsGateway(ledger.sms), proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def holder_identity(n: int) -> tuple[str, str]:
    """The ID number and the mobile of tests/postal_batch/support.py's application ``n``."""
    _name, body, _address = PEOPLE[n]
    return body + mod11_2_check_char(body), f"1391234{n:04d}"


def codes_to(live: LivePortal, mobile: str) -> list[str]:
    return [m["params"]["code"] for m in live.sms.messages(mobile) if m["template"] == "code"]


def test_a_postal_batch_of_three_with_a_spoiled_card_then_activation_by_the_holder(
        devices, healthy_queue, data_dir, sealed_ledger, browser, shots):  # noqa: F811
    # 1. the batch of three, the second card torn mid-write, exactly as the postal real-parts test runs it
    real_batch.test_a_postal_batch_of_three_over_the_real_parts(devices, healthy_queue, data_dir, sealed_ledger)

    from central_ledger.seal import SealKey

    seal = SealKey.load(sealed_ledger.key)
    number, mobile = holder_identity(HOLDER)
    [(app_id, tracking, card_number)] = sealed_ledger.query(
        "SELECT app_id, tracking_number, card_number FROM online_applications WHERE id_index = ? AND status = ?",
        (seal.id_index(number), "posted"))
    assert tracking == f"EMS10000000{HOLDER}CN"
    spoiled = sealed_ledger.query("SELECT card_number FROM issuances WHERE state = 'spoiled'")
    assert len(spoiled) == 1 and spoiled[0][0], spoiled
    spoiled_number = spoiled[0][0]
    assert spoiled_number != card_number

    # 2. the holder on a phone: the status page, posted with the tracking number, 确认收卡, activated
    with portal_on(sealed_ledger) as live:
        ctx = browser.new_context(**PHONE)
        page = ctx.new_page()
        try:
            page.goto(f"{live.base_url}/apply/status")
            assert page.locator("h1").inner_text() == "查询办理进度"
            sign_in(page, live, number=number, mobile=mobile, name=None)
            page.wait_for_url("**/apply/status")
            assert page.locator(".app-id").inner_text() == app_id
            assert page.locator(".status").get_attribute("data-status") == "posted"
            assert f"快递单号：{tracking}" in page.locator("main").inner_text()
            shoot(page, shots, "journey-posted")
            codes_sent = len(codes_to(live, mobile))
            page.click("#confirm-received")
            page.wait_for_selector("#code")
            assert len(codes_to(live, mobile)) == codes_sent + 1  # a fresh code, of purpose activate
            page.fill("#code", live.sms.last_code(mobile))
            page.click("button.primary")
            page.wait_for_url("**/apply/status?notice=activated")
            assert page.locator(".status").get_attribute("data-status") == "activated"
            assert page.locator(".app-id").inner_text() == app_id
            shoot(page, shots, "journey-activated")
        finally:
            ctx.close()

    # 3. the database after the journey
    apps = {row[0]: row[1:] for row in sealed_ledger.query(
        "SELECT app_id, status, card_number FROM online_applications")}
    cards = dict(sealed_ledger.query("SELECT card_number, status FROM cards"))
    assert len(apps) == 3 and apps[app_id] == ("activated", card_number)
    assert cards[card_number] == "active"
    others = {a: c for a, (_status, c) in apps.items() if a != app_id}
    assert all(apps[a][0] == "posted" for a in others), apps
    assert all(cards[c] == "not_activated" for c in others.values()), cards
    assert set(cards) == {c for _status, c in apps.values()}  # three cards, one per application
    numbers = [c for _status, c in apps.values()] + [spoiled_number]
    assert len(set(numbers)) == 4  # every card number unique, the spoiled one never reused
    assert spoiled_number not in cards  # never a card, never active
    assert sealed_ledger.query("SELECT status FROM card_numbers WHERE card_number = ?",
                               (spoiled_number,)) == [("void",)]
    history = sealed_ledger.query("SELECT status, by_whom FROM online_application_history WHERE app_id = ?"
                                  " ORDER BY id", (app_id,))
    assert history[-1] == ("activated", "citizen")

    # 4. the text messages: "activated" for that mobile only
    activated = [m for m in FileSmsGateway(sealed_ledger.sms).messages() if m["template"] == "activated"]
    assert [m["mobile"] for m in activated] == [mobile]
