"""CSRF on every form, the signed session cookie, the cookies' flags and the pages' headers, and answers that
never tell whether the ledger knows an ID number."""

from __future__ import annotations

import re

import pytest

from central_ledger import online_apps
from tests.portal.conftest import MOBILE, ask_code, csrf_of, id_number, sign_in, submit

POST_ROUTES = ("/apply/code", "/apply/verify", "/apply/submit", "/apply/photo", "/apply/activate/code",
               "/apply/activate", "/apply/logout")


@pytest.mark.parametrize("route", POST_ROUTES)
def test_a_form_without_its_token_is_refused(portal, route):
    sign_in(portal)
    for data in ({}, {"csrf_token": ""}, {"csrf_token": "x" * 43}):
        r = portal.client.post(route, data={**data, "id_number": id_number(), "name": "张三", "mobile": MOBILE,
                                            "code": "123456"}, follow_redirects=False)
        assert r.status_code in (403, 401), (route, r.status_code)
        if r.status_code == 403:
            assert "页面已失效或来源不明" in r.text


def test_a_token_without_its_cookie_is_refused(portal):
    token = csrf_of(portal.client.get("/apply/").text)
    fresh = portal.new_client()  # no portal_csrf cookie: a forged cross-site form
    r = fresh.post("/apply/code", data={"csrf_token": token, "id_number": id_number(), "name": "张三",
                                        "mobile": MOBILE})
    assert r.status_code == 403
    assert portal.sms.messages() == []


def test_a_multipart_form_without_its_token_is_refused_before_its_photo_is_looked_at(portal):
    sign_in(portal)
    r = submit(portal, csrf="")
    assert r.status_code == 403
    with portal.storage.transaction() as tx:
        assert tx.all("SELECT app_id FROM online_applications") == []


def test_cookies_are_httponly_strict_and_secure_over_https(portal):
    r = ask_code(portal)
    cookies = r.headers.get_list("set-cookie")
    page_cookie = portal.client.get("/apply/").headers.get_list("set-cookie")
    for header in cookies + page_cookie:
        assert "HttpOnly" in header and "SameSite=strict" in header and "Secure" in header, header
        assert "Path=/apply" in header
    r = portal.client.post("/apply/verify", data={"csrf_token": csrf_of(r.text),
                                                  "code": portal.sms.last_code(MOBILE)}, follow_redirects=False)
    session = [h for h in r.headers.get_list("set-cookie") if h.startswith("portal_session=")]
    assert session and "Max-Age=1800" in session[0] and "Secure" in session[0]
    value = portal.client.cookies.get("portal_session")
    assert id_number() not in value and MOBILE not in value and "张三" not in value


def test_plain_http_cookies_are_not_secure(portal):
    from fastapi.testclient import TestClient

    with TestClient(portal.app, base_url="http://testserver") as c:
        header = c.get("/apply/").headers["set-cookie"]
    assert "Secure" not in header and "HttpOnly" in header


def test_a_forged_or_expired_session_is_no_session(portal):
    sign_in(portal)
    assert portal.client.get("/apply/form").status_code == 200
    good = portal.client.cookies.get("portal_session")
    body, tag = good.split(".")
    portal.client.cookies.set("portal_session", body + "." + tag[:-2] + ("AA" if tag[-2:] != "AA" else "BB"),
                              path="/apply")
    assert portal.client.get("/apply/form", follow_redirects=False).headers["location"] == "/apply/"
    portal.client.cookies.set("portal_session", good, path="/apply")
    portal.clock.advance(minutes=31)
    assert portal.client.get("/apply/form", follow_redirects=False).headers["location"] == "/apply/"


def test_every_page_forbids_scripts_framing_and_caching(portal):
    for path in ("/apply/", "/apply/status", "/apply/nowhere"):
        r = portal.client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"
        assert "<script" not in r.text and "http://" not in r.text and "https://" not in r.text


def _without_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value=""', html)


def _applied_with_another_mobile(portal, number: str) -> None:
    other = portal.new_client()
    sign_in(portal, other, number=number, mobile="13700000000")
    assert submit(portal, other).status_code == 303


@pytest.mark.parametrize("purpose", ["apply", "status"])
def test_the_answer_for_a_known_and_an_unknown_id_number_is_the_same(portal, purpose):
    known, unknown = id_number("42130319900307123"), id_number("42130319850611224")
    _applied_with_another_mobile(portal, known)
    answers = []
    for number in (known, unknown):
        client = portal.new_client()
        r = ask_code(portal, client, number=number, mobile="13912345678", purpose=purpose)
        answers.append((r.status_code, _without_token(r.text)))
        portal.clock.advance(minutes=1)
    assert answers[0] == answers[1]
    # a wrong code: the same again
    answers = []
    for number, mobile in ((known, "13600010000"), (unknown, "13600020000")):  # both shown as 136****0000
        client = portal.new_client()
        r = ask_code(portal, client, number=number, mobile=mobile, purpose=purpose)
        r = client.post("/apply/verify", data={"csrf_token": csrf_of(r.text), "code": "999999"
                                               if portal.sms.last_code(mobile) != "999999" else "888888"})
        answers.append((r.status_code, _without_token(r.text)))
    assert answers[0] == answers[1]


def test_the_status_page_of_an_id_number_applied_for_with_another_mobile_says_not_found_as_for_none(portal):
    known, unknown = id_number("42130319900307123"), id_number("42130319850611224")
    _applied_with_another_mobile(portal, known)
    with portal.storage.transaction() as tx:
        row = online_apps.by_id_index(tx, portal.seal.id_index(known))[0]
        online_apps.set_status(tx, row.app_id, online_apps.REJECTED, by_whom="rev", now=row.created_at,
                               reason_code="data_other")
    pages = []
    for number in (known, unknown):
        client = portal.new_client()
        sign_in(portal, client, number=number, mobile="13912345678", purpose="status")
        r = client.get("/apply/status")
        pages.append((r.status_code, _without_token(r.text)))
    assert pages[0] == pages[1]
    assert "没有找到该身份证号码与手机号码对应的申请" in pages[0][1]


def test_an_id_number_with_a_bad_check_character_is_told_before_any_code(portal):
    good = id_number()
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    r = ask_code(portal, number=bad)
    assert r.status_code == 422 and "校验" in r.text
    assert portal.sms.messages() == []
