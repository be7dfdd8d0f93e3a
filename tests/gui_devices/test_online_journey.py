"""The first browser journey of the online applications: a renewal applied for on a phone, its photo rejected
and sent again, approved at the district console, collected at the counter on the demo devices, seen collected.

The real parts: ``central-ledger serve --seal-key-file K --sms-file S`` on loopback (online_support.py: the counter
enrolled in its hall, the applicant registered with ``person add``, a ``district_admin`` made with ``staff add
--password-stdin``) and ``citizen-portal serve`` on the same database file, seal key and SMS file; Debian's Chromium
through Playwright (the portal browser test's fixture): a 360×740 phone for the citizen, a 1366×768 desktop for
the reviewer; the counter's window on pcscd/vpcd's virtual card, the devices daemon's ID card reader and CUPS-PDF.

1. Phone: sign in (ID number, name, mobile, the SMS code from the file gateway), apply for a renewal (expired) with
   a photo that passes, collection at the counter's hall; the status page shows ``submitted`` and a QR code.
2. Console: the admin signs in, opens 线上申办 (/console/online), the application, and rejects the photo
   (photo_background).
3. Phone: the status page shows the rejection and its reason (the SMS file has the ``rejected`` message); a new
   photo is sent; ``submitted`` again.
4. Console: the new photo is shown; approved; the SMS file has the ``approved`` message with the hall and today.
5. Counter: the clerk's home lists it; the QR token (the status page's QR code: read from the ledger's row) is
   scanned, the ID card laid on the reader, the card written, printed, handed over: at most 60 s and 8 keys.
6. The counter syncs; the phone's status page shows ``collected``.

The portal offers collection days from tomorrow; the hall day is moved to today in the database once the
application is made (the day arriving), so that the counter's due list of today holds it.

A missing real part fails under CI=true (tests/realparts.py). Screenshots go to the test's temporary directory
(``journey-*.png``).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time

from central_ledger import online_apps
from central_ledger.sms import FileSmsGateway
from tests.gui_devices.online_support import (  # noqa: F401  (the fixtures online_counter, online_ledger)
    HALL,
    HALL_NAME,
    ID_CARD,
    MOBILE,
    assert_collected_in_time_and_card_made,
    collect_at_counter,
    online_counter,
    online_ledger,
    portal_on,
    sync_counter,
)
from tests.portal.test_portal_browser import PHONE, LivePortal, browser, no_sideways_scroll, sign_in  # noqa: F401
from tests.support.photo_samples import jpeg_bytes, portrait

ADMIN, PASSWORD = "district-admin", "Journey-review-7"
DESKTOP = {"width": 1366, "height": 768}


def _status(page) -> str:
    return page.locator(".status").get_attribute("data-status")


def _templates(sms: FileSmsGateway) -> list[str]:
    return [m["template"] for m in sms.messages(MOBILE)]


def _review(page, base: str, app_id: str, shots, name: str) -> str:
    """The console's queue, then the application's page; returns the photo shown (its data: URI)."""
    page.goto(f"{base}/console/online")
    row = page.locator(f'tr[data-app="{app_id}"]')
    assert row.get_attribute("data-status") == "submitted" and ID_CARD["name"] in row.inner_text()
    page.screenshot(path=str(shots / f"journey-console-queue-{name}.png"))
    row.locator(f'a[href="/console/online/{app_id}"]').click()
    page.wait_for_url(f"**/console/online/{app_id}")
    assert ID_CARD["id_number"] not in page.content() and "421303********0019" in page.content()
    photo = page.locator(".photo img").get_attribute("src")
    assert photo.startswith("data:image/jpeg;base64,/9j/")
    page.screenshot(path=str(shots / f"journey-console-detail-{name}.png"), full_page=True)
    return photo


def test_apply_on_a_phone_review_at_the_console_collect_at_the_counter(qtbot, online_counter, online_ledger,  # noqa: F811
                                                                      browser, tmp_path):  # noqa: F811
    started = time.perf_counter()
    ledger, counter, shots = online_ledger, online_counter, tmp_path
    ledger.add_staff(ADMIN, "district_admin", PASSWORD)
    sms = ledger.sms()
    first, second = tmp_path / "me.jpg", tmp_path / "new.jpg"
    first.write_bytes(jpeg_bytes(portrait(1280)))
    second.write_bytes(jpeg_bytes(portrait(1000)))
    console = ledger.url.replace("127.0.0.1", "localhost")  # Secure cookies are kept on http://localhost
    today = dt.date.today()  # the counter's day (its due list is of dt.date.today())

    with portal_on(ledger) as base:
        live = LivePortal(base, str(ledger.db), sms, None)
        phone_ctx = browser.new_context(**PHONE)
        staff_ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        phone, staff = phone_ctx.new_page(), staff_ctx.new_page()
        try:
            # 1. the citizen applies on the phone: a renewal, collection at the counter's hall
            phone.goto(f"{base}/apply/")
            sign_in(phone, live, number=ID_CARD["id_number"], mobile=MOBILE, name=ID_CARD["name"])
            phone.wait_for_url("**/apply/form")
            phone.check("input[name=kind][value=renewal]")
            phone.fill("#address", ID_CARD["address"])
            phone.set_input_files("#photo", str(first))
            phone.check("input[name=collection][value=hall]")
            phone.select_option("#hall_id", HALL)
            phone.select_option("#collect_day", index=0)  # the first day offered (tomorrow at the earliest)
            phone.screenshot(path=str(shots / "journey-phone-form.png"), full_page=True)
            phone.click("button.primary")
            phone.wait_for_url("**/apply/status?notice=submitted")
            app_id = phone.locator(".app-id").inner_text()
            assert online_apps.is_app_id(app_id) and _status(phone) == "submitted"
            assert phone.locator(".qr svg").count() == 1 and no_sideways_scroll(phone)
            made = ledger.application(app_id)
            assert (made.application, made.reason, made.collection, made.hall_id) == ("renewal", "80", "hall", HALL)
            assert dt.date.fromisoformat(made.collect_day) > today
            # the hall day arrives: the application's collection day becomes today (a plain UPDATE of the day
            # only; the portal offers days from tomorrow and the counter's due list is today's)
            with sqlite3.connect(ledger.db, timeout=30) as conn:
                conn.execute("UPDATE online_applications SET collect_day = ? WHERE app_id = ?",
                             (today.isoformat(), app_id))
            assert _templates(sms) == ["code", "submitted"]

            # 2. the reviewer at the console: signs in, the queue, the application, the photo rejected
            staff.goto(f"{console}/console/online")
            assert "/console/login" in staff.url  # not signed in: the login page first
            staff.fill("input[name=username]", ADMIN)
            staff.fill("input[name=password]", PASSWORD)
            staff.click("button[type=submit]")
            staff.wait_for_url(re.compile(r".*/console/online$"))
            first_photo = _review(staff, console, app_id, shots, "1")
            rejecting = staff.locator("form:has(input[name=decision][value=reject_photo])")
            rejecting.locator("select[name=reason_code]").select_option("photo_background")
            rejecting.locator("button[type=submit]").click()
            staff.wait_for_url(f"**/console/online/{app_id}?done=photo_rejected")
            assert staff.locator(".notice").get_attribute("data-done") == "photo_rejected"
            assert staff.locator('[data-field="status"]').inner_text() == "照片退回"
            assert ledger.application(app_id).status == online_apps.PHOTO_REJECTED

            # 3. the citizen sees why, and sends a new photo
            rejected = sms.messages(MOBILE)[-1]
            assert rejected["template"] == "rejected"
            assert online_apps.REASON_CODES["photo_background"][0] in rejected["text"] and app_id in rejected["text"]
            phone.goto(f"{base}/apply/status")
            assert _status(phone) == "photo_rejected"
            assert "照片背景不符合要求（应为白色或浅色纯色）" in phone.locator(".reason").inner_text()
            assert "照片未通过" in phone.locator("ol.history").inner_text()
            phone.screenshot(path=str(shots / "journey-phone-photo-rejected.png"), full_page=True)
            phone.set_input_files("#photo", str(second))
            phone.click("form[action='/apply/photo'] button.primary")
            phone.wait_for_url("**/apply/status?notice=photo_sent")
            assert _status(phone) == "submitted"

            # 4. the reviewer sees the new photo and approves
            assert _review(staff, console, app_id, shots, "2") != first_photo
            staff.locator("form:has(input[name=decision][value=approve]) button[type=submit]").click()
            staff.wait_for_url(f"**/console/online/{app_id}?done=approved")
            assert staff.locator(".notice").get_attribute("data-done") == "approved"
            approved = sms.messages(MOBILE)[-1]
            assert approved["template"] == "approved"
            assert today.isoformat() in approved["text"] and HALL_NAME in approved["text"]
            assert ID_CARD["id_number"] not in approved["text"]
            phone.goto(f"{base}/apply/status")
            assert _status(phone) == "approved" and phone.locator(".qr svg").count() == 1
            assert today.isoformat() in " ".join(phone.locator(".collection").all_inner_texts())
            phone.screenshot(path=str(shots / "journey-phone-approved.png"), full_page=True)
            row = ledger.application(app_id)  # the QR code's token (the page shows it as an SVG only)
            assert row.status == online_apps.APPROVED and row.reviewed_by == ADMIN
            assert row.qr_token not in phone.content()  # the svg carries the modules, not the text
            browsers_done = time.perf_counter()

            # 5. at the counter: the due list, the scan, the ID card, the card written, printed, handed over
            done = collect_at_counter(qtbot, counter, app_id, row.qr_token, tmp_path)
            assert_collected_in_time_and_card_made(qtbot, counter, done)

            # 6. the counter syncs; the ledger and the phone say collected
            sync_counter(counter)
            assert ledger.status_of(app_id) == ("collected", done.issued.card_number)
            phone.goto(f"{base}/apply/status")
            assert _status(phone) == "collected" and phone.locator(".qr svg").count() == 0
            assert "已领取" in phone.locator(".status").inner_text()
            phone.screenshot(path=str(shots / "journey-phone-collected.png"), full_page=True)
            history = [h["status"] for h in ledger_history(ledger, app_id)]
            assert history == ["submitted", "photo_rejected", "submitted", "approved", "in_production",
                               "collected"], history
            assert _templates(sms) == ["code", "submitted", "rejected", "approved"], _templates(sms)
        finally:
            phone_ctx.close()
            staff_ctx.close()
    elapsed = time.perf_counter() - started
    print(f"online journey: {elapsed:.1f} s in all (phone and console {browsers_done - started:.1f} s, "
          f"counter {done.elapsed:.1f} s from the scan to the hand-over, {done.keys.count} keys)")


def ledger_history(ledger, app_id: str) -> list[dict]:
    from central_ledger.storage import Storage

    storage = Storage.open(str(ledger.db))
    try:
        with storage.transaction() as tx:
            return online_apps.history(tx, app_id)
    finally:
        storage.close()
