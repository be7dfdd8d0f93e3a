"""Who reaches what in the console: not signed in → the login page; a hall supervisor sees their hall only (another
hall's page is a 403 page); an auditor reads everything and is offered no form, and cannot post one."""

from __future__ import annotations

import pytest

from central_ledger.console.routes import PAGES
from tests.console.conftest import csrf_of


@pytest.mark.parametrize("path", [f"/console/{p}" for p in PAGES] + ["/console/export/today.xlsx"])
def test_not_signed_in_goes_to_the_login_page(anonymous, path):
    r = anonymous.get(path, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/console/login?next=")


def test_the_login_page_returns_to_the_page_asked_for(anonymous):
    from tests.console.conftest import sign_in

    page = anonymous.get("/console/login?next=/console/stock")
    r = anonymous.post("/console/login", data={"username": "admin", "password": "Seeded-console-7",
                                               "csrf_token": csrf_of(page.text), "next": "/console/stock"},
                       follow_redirects=False)
    assert r.headers["location"] == "/console/stock"
    assert anonymous.get("/console/", follow_redirects=False).headers["location"] == "/console/today"
    del sign_in


def test_a_wrong_password_is_refused_on_the_page(anonymous):
    page = anonymous.get("/console/login")
    r = anonymous.post("/console/login", data={"username": "admin", "password": "wrong-password-1",
                                               "csrf_token": csrf_of(page.text)})
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text


@pytest.mark.parametrize("page", ["today", "counters", "targets", "stock", "exceptions"])
def test_a_hall_supervisor_cannot_open_another_halls_page(as_role, page):
    client = as_role("sup1")
    assert client.get(f"/console/{page}?hall=H1").status_code == 200
    r = client.get(f"/console/{page}?hall=H2")
    assert r.status_code == 403
    assert "无权查看该大厅" in r.text
    assert client.get(f"/console/export/{page}.xlsx?hall=H2").status_code == 403


def test_a_hall_supervisor_sees_only_their_halls_counters(as_role):
    client = as_role("sup1")
    for page in ("today", "counters", "stock"):
        html = client.get(f"/console/{page}").text
        assert "C001" in html and "C002" in html
        assert "C003" not in html and "东城 1 号窗口" not in html, page
    assert 'name="hall"' not in client.get("/console/today").text  # no hall picker


def test_an_auditor_reads_every_hall_and_gets_no_form(as_role):
    client = as_role("audit")
    html = client.get("/console/coverage").text
    assert "/console/coverage/population" not in html
    assert "C003" in client.get("/console/counters?hall=H2").text
    r = client.post("/console/coverage/population", data={"csrf_token": csrf_of(html)},
                    files={"file": ("p.csv", b"township_code,township_name,residents\n1,x,1\n", "text/csv")})
    assert r.status_code == 403
    assert "无权执行" in r.text


def test_a_hall_supervisor_cannot_upload_the_population_either(as_role):
    client = as_role("sup2")
    html = client.get("/console/coverage").text
    r = client.post("/console/coverage/population", data={"csrf_token": csrf_of(html)},
                    files={"file": ("p.csv", b"township_code,township_name,residents\n1,x,1\n", "text/csv")})
    assert r.status_code == 403


def test_an_unknown_hall_is_a_404_page(as_role):
    r = as_role("admin").get("/console/today?hall=NOPE")
    assert r.status_code == 404


def test_the_lockout_is_told_on_the_login_page(anonymous):
    for _ in range(5):
        page = anonymous.get("/console/login")
        anonymous.post("/console/login", data={"username": "sup2", "password": "wrong-password-1",
                                               "csrf_token": csrf_of(page.text)})
    page = anonymous.get("/console/login")
    r = anonymous.post("/console/login", data={"username": "sup2", "password": "Seeded-console-7",
                                               "csrf_token": csrf_of(page.text)})
    assert r.status_code == 429
    assert "锁定" in r.text
    assert "ledger_session" not in r.cookies


def test_the_pages_are_not_framed_nor_cached(as_role):
    r = as_role("admin").get("/console/today")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"


def test_the_login_notice_is_one_of_its_own(anonymous):
    assert "已退出登录" in anonymous.get("/console/login?notice=logged_out").text
    assert "call 110" not in anonymous.get("/console/login?notice=call 110").text


def test_an_idle_session_goes_back_to_the_login_page_saying_so(app, as_role):
    import datetime as dt

    client = as_role("audit")
    assert client.get("/console/stock").status_code == 200
    app.state.context.clock.now += dt.timedelta(minutes=16)  # past the 15 idle minutes
    r = client.get("/console/stock", follow_redirects=False)
    assert r.status_code == 303 and "notice=session_expired" in r.headers["location"]
    assert "登录已超时" in client.get(r.headers["location"]).text


def test_an_unknown_console_address_is_a_404_page(as_role):
    r = as_role("admin").get("/console/nothing-here")
    assert r.status_code == 404 and "页面不存在" in r.text
