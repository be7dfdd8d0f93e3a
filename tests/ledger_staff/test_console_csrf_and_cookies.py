"""The console's auth helpers in a tiny app: the login form's double-submit cookie, the session cookie's flags
(HttpOnly, SameSite=Strict, Path=/, Secure unless turned off), a form posted without its CSRF token refused,
401 for no session, and signing out."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.testclient import TestClient

from central_ledger.console import auth
from central_ledger.context import ConsoleOptions
from central_ledger.ledger import LedgerError
from central_ledger.principal import DISTRICT_ADMIN
from tests.ledger_staff.conftest import PASSWORD, make_context


def _app(ctx) -> FastAPI:
    app = FastAPI()
    auth.install(app, ctx)

    @app.exception_handler(LedgerError)
    async def _error(_request, exc: LedgerError):  # noqa: ANN202
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.get("/login")
    def login_page(request: Request):  # noqa: ANN202
        return HTMLResponse(auth.csrf_token_for(request, ctx))

    @app.post("/login")
    async def login(request: Request):  # noqa: ANN202
        form = await auth.read_form(request)
        auth.check_csrf(request, ctx, form.get(auth.CSRF_FIELD))
        principal = auth.directory(ctx).verify_login(form["username"], form["password"],
                                                     auth.client_address(request))
        response = PlainTextResponse("signed in")
        auth.start_session(response, ctx, principal)
        return response

    @app.get("/form")
    def form_page(request: Request):  # noqa: ANN202
        auth.require_principal(request, ctx)
        return HTMLResponse(auth.csrf_token_for(request, ctx))

    @app.post("/change")
    async def change(request: Request):  # noqa: ANN202
        principal = auth.require_principal(request, ctx)
        auth.check_csrf(request, ctx, (await auth.read_form(request)).get(auth.CSRF_FIELD))
        return {"changed_by": principal.username}

    @app.post("/logout")
    async def logout(request: Request):  # noqa: ANN202
        auth.check_csrf(request, ctx, (await auth.read_form(request)).get(auth.CSRF_FIELD))
        response = PlainTextResponse("bye")
        auth.end_session(request, response, ctx)
        return response

    return app


def _cookie(response, name: str) -> str:
    found = [h for h in response.headers.get_list("set-cookie") if h.startswith(name + "=")]
    assert found, f"no {name} cookie set"
    return found[0]


@pytest.fixture
def client(storage, clock, directory):
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    ctx = make_context(storage, clock, ConsoleOptions())
    with TestClient(_app(ctx), base_url="https://testserver") as c:
        yield c


def _sign_in(client) -> None:
    token = client.get("/login").text
    r = client.post("/login", data={"username": "admin1", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 200, r.text


def test_the_login_form_needs_its_double_submit_token(client):
    first = client.get("/login")
    flags = _cookie(first, auth.LOGIN_CSRF_COOKIE).lower()
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags and "secure" in flags
    assert client.get("/login").text == first.text  # the same token while the cookie lives
    for token in (None, "", "x" * 43, first.text[:-1]):
        data = {"username": "admin1", "password": PASSWORD, **({"csrf_token": token} if token is not None else {})}
        r = client.post("/login", data=data)
        assert r.status_code == 403 and r.json()["error"] == "csrf_failed"
    # The right token without its cookie (another site's form cannot set it) is refused too.
    client.cookies.clear()
    r = client.post("/login", data={"username": "admin1", "password": PASSWORD, "csrf_token": first.text})
    assert r.status_code == 403


def test_the_session_cookie_flags(client):
    token = client.get("/login").text
    r = client.post("/login", data={"username": "admin1", "password": PASSWORD, "csrf_token": token})
    flags = [f.strip().lower() for f in _cookie(r, auth.SESSION_COOKIE).split(";")]
    assert {"httponly", "samesite=strict", "path=/", "secure"} <= set(flags)
    assert not any(f.startswith(("max-age", "expires")) for f in flags)  # ends with the browser
    assert "max-age=0" in _cookie(r, auth.LOGIN_CSRF_COOKIE).lower()  # the login token is dropped


def test_insecure_cookies_only_when_turned_off(storage, clock, directory):
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    ctx = make_context(storage, clock, ConsoleOptions(secure_cookies=False))
    with TestClient(_app(ctx)) as c:  # plain http, as in a demo
        token = c.get("/login").text
        r = c.post("/login", data={"username": "admin1", "password": PASSWORD, "csrf_token": token})
        flags = [f.strip().lower() for f in _cookie(r, auth.SESSION_COOKIE).split(";")]
        assert "secure" not in flags and "httponly" in flags
        assert c.get("/form").status_code == 200


def test_forms_in_a_session_carry_the_sessions_token(client):
    assert client.get("/form").json()["error"] == "unauthenticated"
    assert client.get("/form").status_code == 401
    _sign_in(client)
    token = client.get("/form").text
    assert client.post("/change", data={}).status_code == 403
    assert client.post("/change", data={"csrf_token": token + "x"}).json()["error"] == "csrf_failed"
    assert client.post("/change", data={"csrf_token": token}).json() == {"changed_by": "admin1"}


def test_sign_out_clears_the_cookie_and_ends_the_session(client):
    _sign_in(client)
    cookie = client.cookies.get(auth.SESSION_COOKIE)
    token = client.get("/form").text
    r = client.post("/logout", data={"csrf_token": token})
    assert "max-age=0" in _cookie(r, auth.SESSION_COOKIE).lower()
    client.cookies.set(auth.SESSION_COOKIE, cookie)  # a copy kept of the old cookie is no use
    assert client.get("/form").status_code == 401
