"""The status page: reached with the ID number, the mobile and a fresh code; the status with its history and
reasons, the collection, the QR code with the qr_token and the WA number; a new photo after photo_rejected; the
receipt of a posted card confirmed with a code of purpose "activate"."""

from __future__ import annotations

import pytest

from central_ledger import online_apps
from tests.portal.conftest import MOBILE, csrf_of, sign_in, submit
from tests.support.photo_samples import jpeg_bytes, portrait

LATER = "2026-12-08T03:00:00.000000+00:00"


def applied(portal, **kw) -> online_apps.OnlineApplicationRow:
    sign_in(portal)
    assert submit(portal, **kw).status_code == 303
    with portal.storage.transaction() as tx:
        return online_apps.where(tx)[0]


def status_client(portal):
    client = portal.new_client()
    return sign_in(portal, client, purpose="status")


def move(portal, app_id, *steps):
    with portal.storage.transaction(write=True) as tx:
        for status, kw in steps:
            online_apps.set_status(tx, app_id, status, by_whom="test", now=LATER, **kw)


def test_without_a_session_the_status_page_asks_for_id_number_and_mobile(portal):
    r = portal.client.get("/apply/status")
    assert r.status_code == 200 and 'name="purpose" value="status"' in r.text and 'name="name"' not in r.text


def test_the_status_page_shows_number_status_collection_and_a_qr_code_of_the_token(portal):
    row = applied(portal)
    client = status_client(portal)
    r = client.get("/apply/status")
    assert r.status_code == 200
    assert f'<p class="app-id" data-app-id="{row.app_id}">{row.app_id}</p>' in r.text
    assert 'data-status="submitted"' in r.text and "已提交，待审核" in r.text
    assert "领取大厅：曾都区政务服务大厅" in r.text and "领取日期：2026-12-08 周二" in r.text
    assert "<svg" in r.text and 'class="segno"' in r.text
    # the QR code carries the token: decode it with OpenCV (a test-only dependency)
    import cv2
    import numpy as np
    import segno

    assert segno.make(row.qr_token, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff",
                                                          omitsize=True) in r.text
    matrix = np.array(segno.make(row.qr_token, error="m").matrix, dtype=np.uint8)
    img = np.kron(255 - matrix * 255, np.ones((8, 8), dtype=np.uint8))
    img = np.pad(img, 32, constant_values=255)
    text, _pts, _ = cv2.QRCodeDetector().detectAndDecode(img)
    assert text == row.qr_token


def test_the_history_with_a_photo_rejection_and_its_reason(portal):
    row = applied(portal)
    move(portal, row.app_id, (online_apps.PHOTO_REJECTED, {"reason_code": "photo_background"}))
    r = status_client(portal).get("/apply/status")
    assert 'data-status="photo_rejected"' in r.text
    assert "原因：照片背景不符合要求（应为白色或浅色纯色）" in r.text
    assert 'action="/apply/photo"' in r.text
    r = portal.client.get("/apply/status?lang=en")
    assert "Reason: photo background is not plain white or light" in r.text


def test_a_new_photo_after_a_rejection_goes_back_to_submitted(portal):
    row = applied(portal)
    move(portal, row.app_id, (online_apps.PHOTO_REJECTED, {"reason_code": "photo_quality"}))
    client = status_client(portal)
    page = client.get("/apply/status")
    new = jpeg_bytes(portrait(1000))
    r = client.post("/apply/photo", data={"csrf_token": csrf_of(page.text)},
                    files={"photo": ("new.jpg", new, "image/jpeg")}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/apply/status?notice=photo_sent"
    with portal.storage.transaction() as tx:
        again = online_apps.get(tx, row.app_id)
        hist = [h["status"] for h in online_apps.history(tx, row.app_id)]
    assert again.status == "submitted" and again.photo != row.photo
    assert hist == ["submitted", "photo_rejected", "submitted"]
    page = client.get(r.headers["location"])
    assert "新照片已提交，等待审核" in page.text


def test_a_bad_new_photo_is_refused_on_the_status_page(portal):
    row = applied(portal)
    move(portal, row.app_id, (online_apps.PHOTO_REJECTED, {"reason_code": "photo_face"}))
    page = portal.client.get("/apply/status")
    r = portal.client.post("/apply/photo", data={"csrf_token": csrf_of(page.text)},
                           files={"photo": ("x.jpg", b"not a photo at all" * 20, "image/jpeg")})
    assert r.status_code == 422 and "照片不符合要求" in r.text and 'data-status="photo_rejected"' in r.text


def test_a_photo_is_only_taken_after_a_photo_rejection(portal):
    applied(portal)
    page = portal.client.get("/apply/status")
    r = portal.client.post("/apply/photo", data={"csrf_token": csrf_of(page.text)},
                           files={"photo": ("new.jpg", jpeg_bytes(portrait(1000)), "image/jpeg")})
    assert r.status_code == 409


def test_a_data_rejection_is_final_and_says_why(portal):
    row = applied(portal)
    move(portal, row.app_id, (online_apps.REJECTED, {"reason_code": "data_name"}))
    r = portal.client.get("/apply/status")
    assert "未通过审核" in r.text and "姓名与身份证不符" in r.text and "<svg" not in r.text


def _posted_with_card(portal, row, tracking="SF1234567890"):
    with portal.storage.transaction(write=True) as tx:
        tx.execute("INSERT INTO cards (card_number, person_index, status, counter_id, issuance_id, issued_at,"
                   " status_changed_at) VALUES ('X00000002', NULL, 'not_activated', 'CC', 'I-9', ?, ?)",
                   (LATER, LATER))
    move(portal, row.app_id, (online_apps.APPROVED, {}),
         (online_apps.IN_PRODUCTION, {"card_number": "X00000002", "issuance_id": "I-9"}),
         (online_apps.POSTED, {"tracking_number": tracking, "detail": {"tracking_number": tracking}}))


def test_a_posted_card_shows_its_tracking_number_and_is_activated_with_a_code(portal):
    row = applied(portal, collection="post")
    _posted_with_card(portal, row)
    page = portal.client.get("/apply/status")
    assert "已寄出" in page.text and "快递单号：SF1234567890" in page.text and "确认收卡" in page.text
    r = portal.client.post("/apply/activate/code", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 200 and 'action="/apply/activate"' in r.text
    codes = [m for m in portal.sms.messages(MOBILE) if m["template"] == "code"]
    r = portal.client.post("/apply/activate", data={"csrf_token": csrf_of(r.text),
                                                    "code": codes[-1]["params"]["code"]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/apply/status?notice=activated"
    with portal.storage.transaction() as tx:
        assert online_apps.get(tx, row.app_id).status == "activated"
        assert tx.one("SELECT status FROM cards WHERE card_number = 'X00000002'")["status"] == "active"
        assert online_apps.history(tx, row.app_id)[-1]["by_whom"] == "citizen"
    assert portal.sms.messages(MOBILE)[-1]["template"] == "activated"
    page = portal.client.get(r.headers["location"])
    assert "已确认收卡，已启用" in page.text and "确认收卡</button>" not in page.text


def test_activation_needs_a_code_of_its_own(portal):
    row = applied(portal, collection="post")
    _posted_with_card(portal, row)
    page = portal.client.get("/apply/status")
    # the sign-in code is used up; a code of purpose "apply" is not taken for activation
    from citizen_portal import codes

    codes.issue(portal.storage, portal.seal, portal.sms, MOBILE, "apply", portal.clock())
    r = portal.client.post("/apply/activate", data={"csrf_token": csrf_of(page.text),
                                                    "code": portal.sms.last_code(MOBILE)})
    assert r.status_code == 400 and "验证码已失效" in r.text
    with portal.storage.transaction() as tx:
        assert online_apps.get(tx, row.app_id).status == "posted"


def test_activation_refused_when_the_ledger_has_no_such_card(portal):
    row = applied(portal, collection="post")
    move(portal, row.app_id, (online_apps.APPROVED, {}), (online_apps.IN_PRODUCTION, {"card_number": "X9"}),
         (online_apps.POSTED, {"tracking_number": "SF1"}))
    page = portal.client.get("/apply/status")
    r = portal.client.post("/apply/activate/code", data={"csrf_token": csrf_of(page.text)})
    r = portal.client.post("/apply/activate", data={"csrf_token": csrf_of(r.text),
                                                    "code": portal.sms.last_code(MOBILE)})
    assert r.status_code == 409 and "暂时无法启用这张卡" in r.text


@pytest.mark.parametrize("status, label", [("approved", "审核通过"), ("in_production", "制卡中"),
                                           ("collected", "已领取")])
def test_each_stage_is_named(portal, status, label):
    row = applied(portal)
    path = {"approved": [("approved", {})], "in_production": [("approved", {}), ("in_production", {})],
            "collected": [("approved", {}), ("collected", {})]}[status]
    move(portal, row.app_id, *path)
    r = portal.client.get("/apply/status")
    assert f'data-status="{status}"' in r.text and label in r.text


def test_activation_is_only_for_a_posted_card(portal):
    applied(portal)
    page = portal.client.get("/apply/status")
    r = portal.client.post("/apply/activate/code", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 409
