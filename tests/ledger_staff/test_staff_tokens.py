"""Bearer tokens for scripts: the user's rights for a number of hours, stored as SM3 hashes, dead once expired or
the account disabled; `Authorization: Bearer` decides alone in the console's auth."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from central_ledger.console import auth
from central_ledger.crypto import sm3_hex
from central_ledger.principal import HALL_SUPERVISOR, Principal
from central_ledger.staff import StaffError
from tests.ledger_staff.conftest import PASSWORD, make_context


def test_a_token_stands_for_its_user_until_it_expires(directory, clock, storage, hall):
    directory.add("sup1", HALL_SUPERVISOR, hall, PASSWORD)
    token, expires = directory.issue_token_until("sup1", hours=2)
    assert len(token) >= 43 and not token.startswith("-")
    assert expires.startswith("2026-03-02T10:00:00")
    with storage.transaction() as tx:
        assert tx.one("SELECT token_hash FROM staff_tokens")["token_hash"] == sm3_hex(token.encode())
    assert directory.principal_of_token(token) == Principal("sup1", HALL_SUPERVISOR, "H1")
    clock.advance(hours=1, minutes=59)
    assert directory.principal_of_token(token) is not None
    clock.advance(minutes=1)
    assert directory.principal_of_token(token) is None
    assert directory.principal_of_token("") is None and directory.principal_of_token("guess") is None


def test_disabling_revokes_tokens_and_bad_requests_are_refused(directory, hall):
    directory.add("sup1", HALL_SUPERVISOR, hall, PASSWORD)
    token = directory.issue_token("sup1")
    directory.disable("sup1")
    assert directory.principal_of_token(token) is None
    with pytest.raises(StaffError) as exc:
        directory.issue_token("sup1")
    assert exc.value.code == "staff_disabled"
    directory.enable("sup1")
    assert directory.principal_of_token(token) is None  # revoked stays revoked
    for hours in (0, -1, 24 * 367):
        with pytest.raises(StaffError):
            directory.issue_token("sup1", hours=hours)
    with pytest.raises(StaffError) as exc:
        directory.issue_token("ghost")
    assert exc.value.code == "unknown_staff"


def test_bearer_header_first_and_alone(directory, storage, clock, options, hall):
    directory.add("sup1", HALL_SUPERVISOR, hall, PASSWORD)
    directory.add("admin1", "district_admin", None, PASSWORD)
    token = directory.issue_token("sup1")
    ctx = make_context(storage, clock, options)
    cookie, _ = auth.directory(ctx).create_session(Principal("admin1", "district_admin"))
    app = FastAPI()

    @app.get("/who")
    def who(request: Request):  # noqa: ANN202
        p = auth.principal_from_request(request, ctx)
        return {"username": p.username if p else None}

    c = TestClient(app)
    assert c.get("/who", headers={"Authorization": f"Bearer {token}"}).json() == {"username": "sup1"}
    assert c.get("/who", headers={"Authorization": f"bearer {token}"}).json() == {"username": "sup1"}
    c.cookies.set(auth.SESSION_COOKIE, cookie)
    assert c.get("/who").json() == {"username": "admin1"}
    assert c.get("/who", headers={"Authorization": f"Bearer {token}"}).json() == {"username": "sup1"}
    # A wrong token is not rescued by the session cookie next to it.
    assert c.get("/who", headers={"Authorization": "Bearer nonsense"}).json() == {"username": None}
    assert c.get("/who", headers={"Authorization": "Basic YTpi"}).json() == {"username": None}
