"""Every form of the console carries a CSRF token and its POST is refused without it (or with another one):
sign-in, sign-out and the population upload."""

from __future__ import annotations

from tests.console.conftest import csrf_of


def test_sign_in_without_the_token_is_refused(anonymous):
    anonymous.get("/console/login")
    r = anonymous.post("/console/login", data={"username": "admin", "password": "Seeded-console-7"})
    assert r.status_code == 403
    assert "安全校验未通过" in r.text
    assert "ledger_session" not in r.cookies


def test_sign_in_with_a_forged_token_is_refused(anonymous):
    anonymous.get("/console/login")
    r = anonymous.post("/console/login", data={"username": "admin", "password": "Seeded-console-7",
                                               "csrf_token": "x" * 43})
    assert r.status_code == 403


def test_sign_out_needs_the_sessions_token(as_role):
    client = as_role("admin")
    r = client.post("/console/logout", data={}, follow_redirects=False)
    assert r.status_code == 403
    assert client.get("/console/today").status_code == 200  # still signed in
    token = csrf_of(client.get("/console/today").text)
    r = client.post("/console/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/console/today", follow_redirects=False).status_code == 303  # signed out


def test_the_population_upload_without_the_token_is_refused(as_role):
    client = as_role("admin")
    r = client.post("/console/coverage/population",
                    files={"file": ("p.csv", b"township_code,township_name,residents\n1,x,1\n", "text/csv")})
    assert r.status_code == 403
    assert "安全校验未通过" in r.text
    assert "城关镇" in client.get("/console/coverage").text  # the table is unchanged
