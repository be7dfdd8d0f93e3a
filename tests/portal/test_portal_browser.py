"""The citizens' pages in a real browser on a phone: Debian's Chromium (/usr/bin/chromium) driven by Playwright
with a 360×740 touch viewport, against a real ``citizen-portal serve`` on loopback over a fresh SQLite ledger
(two halls, the district's townships) with a file SMS gateway whose codes the test reads.

It applies with a photo that passes, sees the status page (WA number, QR code), then plays the reviewer
(``online_apps.set_status(..., PHOTO_REJECTED, reason_code="photo_background")`` on the database), sees the
rejection and its reason, uploads a new photo and sees ``submitted`` again. A second test shows the form's
problems, a 30 MB photo refused with its page, the English pages and a posted card's receipt. No page may scroll sideways on the phone.

With ``PORTAL_SCREENSHOT_DIR`` set (``scripts/portal_screenshots.py`` sets it to docs/screenshots) each page is
saved there as ``apply-*.png``; else into the test's temporary directory.

Chromium and Playwright are real parts: missing, the tests skip on a developer's machine and fail under CI=true.
Nothing is downloaded: Playwright launches the system's browser (``executable_path``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from central_ledger import online_apps
from central_ledger.seal import SealKey
from central_ledger.sms import FileSmsGateway
from central_ledger.storage import Storage
from tests.ledger.conftest import free_port
from tests.portal.conftest import ADDRESS, id_number, seed_district
from tests.realparts import need, need_module
from tests.support.photo_samples import jpeg_bytes, portrait

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN"}


@dataclass
class LivePortal:
    base_url: str
    db: str
    sms: FileSmsGateway
    process: subprocess.Popen


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[LivePortal]:
    folder = tmp_path_factory.mktemp("portal-live")
    db = f"sqlite://{folder / 'ledger.sqlite3'}"
    storage = Storage.open(db)
    seed_district(storage)
    storage.close()
    SealKey.load(folder / "seal.key", create=True)
    sms_file = folder / "sms.jsonl"
    port = free_port()
    log = open(folder / "portal.log", "wb")  # noqa: SIM115 - kept open for the server's lifetime
    proc = subprocess.Popen([sys.executable, "-m", "citizen_portal", "serve", "--db", db, "--seal-key-file",
                             str(folder / "seal.key"), "--sms-file", str(sms_file), "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT,
                            cwd=REPO)
    base = f"http://localhost:{port}"
    for _ in range(300):  # bounded wait for readiness
        if proc.poll() is not None:
            raise RuntimeError(f"citizen-portal serve exited: {(folder / 'portal.log').read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/apply/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("citizen-portal serve did not become ready")
    yield LivePortal(base, db, FileSmsGateway(sms_file), proc)
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def browser():
    need(CHROMIUM.exists(), f"{CHROMIUM} is missing: Debian's chromium package (scripts/setup.sh installs it)")
    sync_api = need_module("playwright.sync_api", "Playwright's Python package (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PORTAL_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("photos")
    good, other, bad, huge = folder / "me.jpg", folder / "new.jpg", folder / "bad.jpg", folder / "huge.jpg"
    huge.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * (30 * 1024 * 1024))
    good.write_bytes(jpeg_bytes(portrait(1280)))
    other.write_bytes(jpeg_bytes(portrait(1000)))
    bad.write_bytes(b"this is not a photo" * 50)
    return {"good": good, "other": other, "bad": bad, "huge": huge}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shoot(page, folder: Path, name: str) -> None:
    assert no_sideways_scroll(page), f"{name}: the page scrolls sideways on a 360 px phone"
    page.screenshot(path=str(folder / f"apply-{name}.png"), full_page=True)


def sign_in(page, live: LivePortal, *, number: str, mobile: str, name: str | None = "张三",
            shots: Path | None = None, prefix: str = "") -> None:
    """From the page's identity form through the SMS code."""
    page.fill("#id_number", number)
    if name is not None:
        page.fill("#name", name)
    page.fill("#mobile", mobile)
    page.click("button.primary")
    page.wait_for_selector("#code")
    if shots:
        shoot(page, shots, f"{prefix}code")
    page.fill("#code", live.sms.last_code(mobile))
    page.click("button.primary")


def test_apply_from_a_phone_then_a_photo_rejection_and_a_new_photo(live, browser, photos, shots):
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    try:
        page.goto(f"{live.base_url}/apply/")
        assert page.locator("h1").inner_text() == "线上申办补换"
        assert page.evaluate("document.scripts.length") == 0
        shoot(page, shots, "start")
        sign_in(page, live, number=id_number(), mobile="13912345678", shots=shots)
        page.wait_for_url("**/apply/form")
        assert "张三" in page.locator(".who").inner_text()
        page.check("input[name=kind][value=damaged]")
        page.fill("#address", ADDRESS)
        page.set_input_files("#photo", str(photos["good"]))
        page.check("input[name=collection][value=hall]")
        page.select_option("#hall_id", "H02")
        days = page.locator("#collect_day option").all_inner_texts()
        assert days and all(d.split()[1] in "周一周二周三周四周五" for d in days)
        page.select_option("#collect_day", index=2)
        page.set_input_files("#photo", str(photos["good"]))
        shoot(page, shots, "form")
        page.click("button.primary")
        page.wait_for_url("**/apply/status?notice=submitted")
        app_id = page.locator(".app-id").inner_text()
        assert online_apps.is_app_id(app_id)
        assert page.locator(".status").get_attribute("data-status") == "submitted"
        assert page.locator(".qr svg").count() == 1
        assert "南郊街道便民服务中心" in page.locator(".collection").first.inner_text()
        shoot(page, shots, "status-submitted")

        # the reviewer rejects the photo (the console's part, played on the database)
        storage = Storage(live.db)
        try:
            with storage.transaction(write=True) as tx:
                row = online_apps.get(tx, app_id)
                assert row is not None and row.application == "replacement" and row.reason == "12"
                online_apps.set_status(tx, app_id, online_apps.PHOTO_REJECTED, by_whom="reviewer1",
                                       now=row.updated_at, reason_code="photo_background")
        finally:
            storage.close()
        page.goto(f"{live.base_url}/apply/status")
        assert page.locator(".status").get_attribute("data-status") == "photo_rejected"
        assert "照片背景不符合要求（应为白色或浅色纯色）" in page.locator(".reason").inner_text()
        assert "照片未通过" in page.locator("ol.history").inner_text()
        shoot(page, shots, "status-photo-rejected")

        # a wrong file first: told why, still photo_rejected
        page.set_input_files("#photo", str(photos["bad"]))
        page.click("form[action='/apply/photo'] button.primary")
        page.wait_for_selector(".problems")
        assert "不是图像" in page.locator(".problems").inner_text()
        shoot(page, shots, "status-photo-refused")
        page.set_input_files("#photo", str(photos["other"]))
        page.click("form[action='/apply/photo'] button.primary")
        page.wait_for_url("**/apply/status?notice=photo_sent")
        assert page.locator(".status").get_attribute("data-status") == "submitted"
        assert "新照片已提交" in page.locator(".notice").inner_text()
        shoot(page, shots, "status-resubmitted")
    finally:
        ctx.close()


def test_the_forms_problems_english_and_a_posted_cards_receipt(live, browser, photos, shots):
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    number = id_number("42130319851120202")
    try:
        page.goto(f"{live.base_url}/apply/")
        sign_in(page, live, number=number, mobile="13800001111")
        page.wait_for_url("**/apply/form")
        page.fill("#address", "北京市海淀区中关村大街 1 号")
        page.check("input[name=collection][value=post]")
        page.set_input_files("#photo", str(photos["bad"]))
        page.click("button.primary")
        page.wait_for_selector(".problems")
        text = page.locator("main").inner_text()
        assert "邮寄地址须为本区地址" in text and "不是图像" in text
        shoot(page, shots, "form-problems")
        # a 30 MB photo: the refusal page reaches the phone (not a reset connection)
        page.set_input_files("#photo", str(photos["huge"]))
        page.click("button.primary")
        page.wait_for_selector(".message")
        assert "上传的文件太大（照片不超过 10 MB）" in page.locator(".message").inner_text()
        shoot(page, shots, "too-large")
        page.goto(f"{live.base_url}/apply/form")
        page.fill("#address", "北京市海淀区中关村大街 1 号")
        page.check("input[name=collection][value=post]")
        page.fill("#postal_address", "湖北省随州市曾都区东城街道解放路 8 号")
        page.set_input_files("#photo", str(photos["good"]))
        page.click("button.primary")
        page.wait_for_url("**/apply/status?notice=submitted")
        app_id = page.locator(".app-id").inner_text()
        storage = Storage(live.db)
        try:
            with storage.transaction(write=True) as tx:
                now = online_apps.get(tx, app_id).updated_at
                tx.execute("INSERT INTO cards (card_number, person_index, status, counter_id, issuance_id,"
                           " issued_at, status_changed_at) VALUES ('X00000077', NULL, 'not_activated', 'CC',"
                           " 'I-77', ?, ?)", (now, now))
                for status, kw in ((online_apps.APPROVED, {}),
                                   (online_apps.IN_PRODUCTION, {"card_number": "X00000077"}),
                                   (online_apps.POSTED, {"tracking_number": "SF1234567890"})):
                    online_apps.set_status(tx, app_id, status, by_whom="CC", now=now, **kw)
        finally:
            storage.close()
        page.goto(f"{live.base_url}/apply/status")
        assert "快递单号：SF1234567890" in page.locator("main").inner_text()
        shoot(page, shots, "status-posted")
        page.click("#confirm-received")
        page.wait_for_selector("#code")
        page.fill("#code", live.sms.last_code("13800001111"))
        page.click("button.primary")
        page.wait_for_url("**/apply/status?notice=activated")
        assert page.locator(".status").get_attribute("data-status") == "activated"
        shoot(page, shots, "status-activated")
        # English, by the switch link
        page.click("a.lang")
        assert page.locator(".status").inner_text() == "Received and activated"
        shoot(page, shots, "status-en")
        # the status lookup form, signed out
        page.click("footer button")
        page.goto(f"{live.base_url}/apply/status?lang=zh")
        assert page.locator("h1").inner_text() == "查询办理进度"
        shoot(page, shots, "status-lookup")
    finally:
        ctx.close()
