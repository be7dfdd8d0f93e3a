"""The application form: the counter's own applicant rules, the five kinds, a hall and a weekday or the post
within the district, one open application per ID number, and what is stored (sealed) and sent."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from central_ledger import online_apps
from counter_app.domain.applicant import Applicant
from tests.portal.conftest import ADDRESS, MOBILE, id_number, sign_in, submit


def only_row(portal) -> online_apps.OnlineApplicationRow:
    with portal.storage.transaction() as tx:
        rows = online_apps.where(tx)
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("kind, application, reason", [
    ("lost", "replacement", "11"), ("damaged", "replacement", "12"), ("renewal", "renewal", "80"),
    ("upgrade", "upgrade", "80"), ("new", "new", None)])
def test_each_kind_is_stored_as_the_counters_application_and_reason(portal, kind, application, reason):
    sign_in(portal)
    r = submit(portal, kind=kind)
    assert r.status_code == 303 and r.headers["location"] == "/apply/status?notice=submitted", r.text
    row = only_row(portal)
    assert (row.application, row.reason, row.status) == (application, reason, "submitted")
    assert online_apps.is_app_id(row.app_id) and row.qr_token


def test_what_is_stored_is_sealed_and_is_the_counters_applicant(portal):
    sign_in(portal)
    submit(portal)
    row = only_row(portal)
    assert row.identity.startswith("s1.") and row.photo.startswith("s1.")
    identity = json.loads(portal.seal.unseal_text(row.identity))
    assert identity["mobile"] == MOBILE
    applicant = Applicant.from_dict(identity["applicant"])
    assert applicant.document_number == id_number() and applicant.name == "张三"
    assert (applicant.sex, applicant.birth_date.isoformat(), applicant.birthplace, applicant.ethnicity) == (
        "1", "1990-03-07", "421303", "01")
    assert applicant.phone == MOBILE and applicant.address == ADDRESS
    jpeg = portal.seal.unseal(row.photo)
    img = Image.open(io.BytesIO(jpeg))
    assert img.format == "JPEG" and img.size == (358, 441)  # the card photo, not the upload
    checks = json.loads(row.photo_checks)  # names and results only, as the console lists them
    assert {"face.count=ok", "file.size=ok", "chip.size=ok"} <= set(checks)
    assert all(c.split("=")[1] in ("ok", "warn") for c in checks)
    assert (row.collection, row.hall_id, row.collect_day) == ("hall", "H01", "2026-12-08")
    assert row.id_index == portal.seal.id_index(id_number()) and row.mobile_index == portal.seal.mobile_index(MOBILE)
    with portal.storage.transaction() as tx:
        assert [h["status"] for h in online_apps.history(tx, row.app_id)] == ["submitted"]


def test_the_submitted_sms_names_the_application(portal):
    sign_in(portal)
    submit(portal)
    sent = [m for m in portal.sms.messages(MOBILE) if m["template"] == "submitted"]
    assert len(sent) == 1 and sent[0]["params"]["app_id"] == only_row(portal).app_id
    assert id_number() not in sent[0]["text"]


def test_the_counters_rules_are_shown_in_the_page_language(portal):
    sign_in(portal, name="Zhang3")
    r = submit(portal)
    assert r.status_code == 422
    assert "姓名中不能有数字" in r.text
    assert portal.client.get("/apply/form?lang=en").status_code == 200
    r = submit(portal)
    assert r.status_code == 422 and "a name has no digits" in r.text
    with portal.storage.transaction() as tx:
        assert online_apps.where(tx) == []


def test_a_minor_is_told_a_guardian_is_needed(portal):
    sign_in(portal, number=id_number("42130320150307123"))
    r = submit(portal)
    assert r.status_code == 422 and "监护人" in r.text


def test_an_empty_address_is_refused(portal):
    sign_in(portal)
    r = submit(portal, address="  ")
    assert r.status_code == 422 and "请填写居住地址" in r.text


@pytest.mark.parametrize("day", ["2026-12-07", "2026-12-12", "2027-01-07", "2026-13-01", "", "tomorrow"])
def test_the_day_must_be_a_weekday_from_tomorrow_to_30_days(portal, day):
    sign_in(portal)  # today is Monday 2026-12-07 in Beijing; 12-12 is a Saturday; 01-07 is day 31
    r = submit(portal, collect_day=day)
    assert r.status_code == 422 and "工作日" in r.text


def test_the_form_offers_the_weekdays_and_the_halls(portal):
    sign_in(portal)
    html = portal.client.get("/apply/form").text
    assert 'value="2026-12-08"' in html and 'value="2027-01-06"' in html
    assert 'value="2026-12-12"' not in html and 'value="2026-12-07"' not in html
    assert "曾都区政务服务大厅" in html and "南郊街道便民服务中心" in html


def test_an_unknown_hall_is_refused(portal):
    sign_in(portal)
    r = submit(portal, hall_id="H99")
    assert r.status_code == 422 and "请选择一个服务大厅" in r.text


def test_by_post_the_address_names_a_township_of_the_district(portal):
    sign_in(portal)
    r = submit(portal, collection="post", postal_address="湖北省随州市曾都区东城街道解放路 8 号 3 单元")
    assert r.status_code == 303, r.text
    row = only_row(portal)
    assert row.collection == "post" and row.postal_township == "421303003"
    assert row.hall_id is None and row.collect_day is None
    assert portal.seal.unseal_text(row.postal_address) == "湖北省随州市曾都区东城街道解放路 8 号 3 单元"


def test_by_post_an_empty_postal_address_is_the_home_address(portal):
    sign_in(portal)
    assert submit(portal, collection="post").status_code == 303
    assert only_row(portal).postal_township == "421303001"


def test_by_post_an_address_outside_the_district_is_refused(portal):
    sign_in(portal)
    r = submit(portal, collection="post", postal_address="北京市海淀区中关村大街 1 号")
    assert r.status_code == 422 and "邮寄地址须为本区地址" in r.text


def test_one_open_application_per_id_number(portal):
    sign_in(portal)
    assert submit(portal).status_code == 303
    r = portal.client.get("/apply/form", follow_redirects=False)
    assert r.headers["location"] == "/apply/status?notice=open"
    page = portal.client.get(r.headers["location"])
    assert "您已有一笔正在办理的申请" in page.text and only_row(portal).app_id in page.text
    # a second submission (another tab) is not stored either
    fresh = portal.new_client()
    sign_in(portal, fresh)
    assert fresh.get("/apply/form", follow_redirects=False).status_code == 303
    with portal.storage.transaction() as tx:
        assert len(online_apps.where(tx)) == 1


def test_after_a_final_status_a_new_application_may_be_made(portal):
    sign_in(portal)
    submit(portal)
    row = only_row(portal)
    with portal.storage.transaction() as tx:
        online_apps.set_status(tx, row.app_id, online_apps.REJECTED, by_whom="rev", now=row.created_at,
                               reason_code="data_name")
    assert portal.client.get("/apply/form").status_code == 200
    assert submit(portal).status_code == 303


def test_the_form_needs_the_apply_session(portal):
    assert portal.client.get("/apply/form", follow_redirects=False).headers["location"] == "/apply/"
    sign_in(portal, purpose="status")
    assert portal.client.get("/apply/form", follow_redirects=False).headers["location"] == "/apply/"
