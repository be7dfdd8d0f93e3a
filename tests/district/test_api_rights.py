"""``/v1/district/...`` under the staff member's rights: no token 401, a hall supervisor reads their own hall
only (another hall 403, the district answers their hall), an auditor and an admin read every hall."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from central_ledger.app import create_app
from central_ledger.staff import StaffDirectory
from tests.district.conftest import local

DAY = dt.date(2026, 3, 5)
NOW = local(DAY, 18)
PASSWORD = "correct horse battery staple"
ROUTES = ["/v1/district/summary?date=2026-03-05", "/v1/district/counters", "/v1/district/year?year=2026",
          "/v1/district/stock", "/v1/district/exceptions?date=2026-03-05", "/v1/district/coverage"]


@pytest.fixture
def api(district, storage):
    district.hall("H1", "城区大厅")
    district.hall("H2", "东区大厅")
    district.counter("C1", "H1", NOW)
    district.counter("C2", "H2", NOW)
    district.issue("C1", local(DAY, 9))
    district.issue("C2", local(DAY, 10))
    district.issue("C2", local(DAY, 11))
    staff = StaffDirectory(storage, lambda: NOW)
    tokens = {}
    for username, role, hall in (("sup1", "hall_supervisor", "H1"), ("aud", "auditor", None),
                                 ("admin", "district_admin", None)):
        staff.add(username, role, hall, PASSWORD)
        tokens[username] = {"Authorization": f"Bearer {staff.issue_token(username)}"}
    with TestClient(create_app(storage, clock=lambda: NOW), raise_server_exceptions=False) as client:
        yield client, tokens


def test_no_token_or_a_wrong_one_is_401(api):
    client, _ = api
    for route in ROUTES:
        for headers in ({}, {"Authorization": "Bearer not-a-token"}):
            r = client.get(route, headers=headers)
            assert r.status_code == 401, route
            assert r.json()["error"] == "unauthenticated"


def test_a_hall_supervisor_reads_only_their_hall(api):
    client, tokens = api
    sup = tokens["sup1"]
    for route in ROUTES[:5]:
        other = client.get(route + ("&" if "?" in route else "?") + "hall=H2", headers=sup)
        assert other.status_code == 403, route
        assert other.json()["error"] == "forbidden"
        own = client.get(route + ("&" if "?" in route else "?") + "hall=H1", headers=sup)
        assert own.status_code == 200, route
    summary = client.get(ROUTES[0], headers=sup).json()
    assert summary["hall"] == "H1" and summary["cards_issued"] == 1
    assert [c["counter_id"] for c in summary["by_counter"]] == ["C1"]
    board = client.get("/v1/district/counters", headers=sup).json()
    assert [c["counter_id"] for c in board["counters"]] == ["C1"]
    assert client.get("/v1/district/coverage", headers=sup).status_code == 200  # townships, no counter


@pytest.mark.parametrize("who", ["aud", "admin"])
def test_an_auditor_and_the_admin_read_all(api, who):
    client, tokens = api
    summary = client.get(ROUTES[0], headers=tokens[who]).json()
    assert summary["hall"] is None and summary["cards_issued"] == 3
    assert [h["hall_id"] for h in summary["by_hall"]] == ["H1", "H2"]
    assert client.get(ROUTES[0] + "&hall=H2", headers=tokens[who]).json()["cards_issued"] == 2
    for route in ROUTES:
        assert client.get(route, headers=tokens[who]).status_code == 200, route


def test_an_unknown_hall_and_a_bad_date(api):
    client, tokens = api
    r = client.get(ROUTES[0] + "&hall=H9", headers=tokens["admin"])
    assert (r.status_code, r.json()["error"]) == (404, "hall_not_found")
    r = client.get("/v1/district/summary?date=2026-13-01", headers=tokens["admin"])
    assert (r.status_code, r.json()["error"]) == (422, "malformed_request")


def test_the_routes_are_in_the_openapi_document(api):
    client, _ = api
    paths = client.get("/openapi.json").json()["paths"]
    assert {p for p in paths if p.startswith("/v1/district/")} == {r.split("?")[0] for r in ROUTES}
