"""The counters' online routes (central_ledger/online_api.py) on SQLite and PostgreSQL: the hall's due list,
the lookup at any counter, the card centre's postal queue, and the refusals."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from central_ledger import online_apps
from central_ledger.app import create_app
from central_ledger.ledger import Ledger
from tests.ledger.signing import CounterKey
from tests.online_ledger.support import (
    DAY,
    ID_NUMBER,
    JPEG,
    MOBILE,
    NAME,
    SEAL,
    add_hall,
    insert,
    set_hall,
)


@pytest.fixture
def client(storage) -> Iterator[TestClient]:
    with TestClient(create_app(storage, seal_key=SEAL), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def counters(storage, client) -> dict[str, CounterKey]:
    """C1 in hall H1, C2 in hall H2, CC (the card centre) in no hall: registered keys."""
    add_hall(storage, "H1", "城区服务大厅")
    add_hall(storage, "H2", "东城服务大厅")
    keys = {}
    for counter_id, hall in (("C1", "H1"), ("C2", "H2"), ("CC", None)):
        token = Ledger(storage).add_counter(counter_id, f"窗口 {counter_id}")
        key = CounterKey(counter_id)
        assert client.post("/v1/counters/register", json=key.registration(token)).status_code == 201
        set_hall(storage, counter_id, hall)
        keys[counter_id] = key
    return keys


def test_due_lists_the_counters_own_halls_collections_of_the_day(storage, client, counters):
    mine = insert(storage, hall_id="H1", status=online_apps.APPROVED)
    started = insert(storage, hall_id="H1", status=online_apps.IN_PRODUCTION, id_number="110101199003070011")
    insert(storage, hall_id="H1", status=online_apps.SUBMITTED, id_number="110101199003070038")  # not reviewed
    insert(storage, hall_id="H1", collect_day="2026-12-09", id_number="110101199003070054")      # another day
    insert(storage, hall_id="H2", id_number="110101199003070070")                                # another hall
    insert(storage, collection="post", id_number="110101199003070097")
    r = client.post("/v1/online/due", json=counters["C1"].signed(day=DAY))
    assert r.status_code == 200, r.text
    apps = r.json()["applications"]
    assert {a["app_id"] for a in apps} == {mine.app_id, started.app_id}
    first = next(a for a in apps if a["app_id"] == mine.app_id)
    assert first["applicant"]["document_number"] == ID_NUMBER and first["applicant"]["name"] == NAME
    assert first["mobile"] == MOBILE and base64.b64decode(first["photo_jpeg"]) == JPEG
    assert (first["collection"], first["hall_id"], first["collect_day"], first["postal_address"]) == \
        ("hall", "H1", DAY, None)


def test_another_halls_due_list_is_never_shown(storage, client, counters):
    insert(storage, hall_id="H1")
    # the hall comes from the ledger's record of the counter: a hall named in the body is not even accepted
    r = client.post("/v1/online/due", json=counters["C2"].signed(day=DAY, hall_id="H1"))
    assert r.status_code == 422
    r = client.post("/v1/online/due", json=counters["C2"].signed(day=DAY))
    assert r.status_code == 200 and r.json() == {"applications": []}


def test_a_counter_in_no_hall_has_no_due_list(client, counters):
    r = client.post("/v1/online/due", json=counters["CC"].signed(day=DAY))
    assert (r.status_code, r.json()["error"]) == (404, "no_hall")


def test_lookup_finds_an_open_application_of_any_hall_three_ways(storage, client, counters):
    row = insert(storage, hall_id="H1")
    for field, value in (("id_number", ID_NUMBER.lower()), ("qr_token", row.qr_token), ("app_id", row.app_id)):
        r = client.post("/v1/online/lookup", json=counters["C2"].signed(**{field: value}))
        assert r.status_code == 200, (field, r.text)
        assert r.json()["app_id"] == row.app_id and r.json()["applicant"]["name"] == NAME


def test_lookup_refuses_unknown_closed_and_ambiguous(storage, client, counters):
    done = insert(storage, status=online_apps.COLLECTED)
    for body in ({"app_id": "WA20261206014"}, {"id_number": "110101199003070011"}, {"app_id": done.app_id},
                 {"qr_token": done.qr_token}):
        r = client.post("/v1/online/lookup", json=counters["C1"].signed(**body))
        assert (r.status_code, r.json()["error"]) == (404, "not_found"), body
    for body in ({}, {"app_id": done.app_id, "qr_token": done.qr_token}):
        r = client.post("/v1/online/lookup", json=counters["C1"].signed(**body))
        assert (r.status_code, r.json()["error"]) == (422, "malformed_request")


def test_postal_queue_is_approved_postal_applications_oldest_first(storage, client, counters):
    later = insert(storage, collection="post", created_at="2026-12-05T03:00:00.000000+00:00",
                   id_number="110101199003070011")
    older = insert(storage, collection="post", created_at="2026-12-04T03:00:00.000000+00:00")
    insert(storage, collection="post", status=online_apps.SUBMITTED, id_number="110101199003070038")
    insert(storage, collection="hall", id_number="110101199003070054")
    r = client.post("/v1/online/postal", json=counters["CC"].signed(limit=50))
    assert r.status_code == 200, r.text
    apps = r.json()["applications"]
    assert [a["app_id"] for a in apps] == [older.app_id, later.app_id]
    assert apps[0]["postal_address"].startswith("湖北省十堰市") and apps[0]["hall_id"] is None
    r = client.post("/v1/online/postal", json=counters["CC"].signed(limit=1))
    assert [a["app_id"] for a in r.json()["applications"]] == [older.app_id]
    r = client.post("/v1/online/postal", json=counters["CC"].signed(limit=51))
    assert r.status_code == 422


@pytest.mark.parametrize("path, body", [("/v1/online/due", {"day": DAY}), ("/v1/online/lookup", {"app_id": "x"}),
                                        ("/v1/online/postal", {"limit": 5})])
def test_unsigned_or_forged_requests_are_refused(storage, client, counters, path, body):
    insert(storage, hall_id="H1")
    signed = counters["C1"].signed(**body)
    if "app_id" in body:
        signed = counters["C1"].signed(app_id="WA20261206014")
    r = client.post(path, json={**signed, "signature": "0" * 128})
    assert (r.status_code, r.json()["error"]) == (401, "bad_signature")
    r = client.post(path, json={k: v for k, v in signed.items() if k != "signature"})
    assert r.status_code == 422
    # signed by another counter's key
    forged = CounterKey("C1").signed(**{k: v for k, v in signed.items() if k not in ("signature",)})
    assert client.post(path, json=forged).status_code == 401


def test_without_a_seal_key_there_are_no_online_routes(storage):
    with TestClient(create_app(storage)) as c:
        assert "/v1/online/due" not in c.get("/openapi.json").json()["paths"]
        assert c.post("/v1/online/due", json={}).status_code == 404
