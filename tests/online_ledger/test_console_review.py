"""The console's review of online applications (console/online.py): the queue and its scope by role, the detail
page (photo never cached, masked ID number), approve and reject with a reason (the SMS file gets the message),
CSRF refusal, the auditor reads only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from central_ledger import online_apps
from central_ledger.app import create_app
from central_ledger.context import ConsoleOptions
from central_ledger.halls import add_hall
from central_ledger.sms import FileSmsGateway
from central_ledger.staff import StaffDirectory
from central_ledger.storage import Storage
from tests.console.conftest import csrf_of, sign_in
from tests.online_ledger.support import ID_NUMBER, MOBILE, NAME, SEAL, insert

NOW = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC)
PASSWORD = "Online-review-7"
STAFF = {"admin": ("district_admin", None), "sup1": ("hall_supervisor", "H1"), "sup2": ("hall_supervisor", "H2"),
         "audit": ("auditor", None)}


@pytest.fixture
def ledger(tmp_path) -> Iterator[tuple[Storage, FileSmsGateway]]:
    storage = Storage.open(f"sqlite://{tmp_path / 'ledger.sqlite3'}")
    add_hall(storage, "H1", "城区服务大厅")
    add_hall(storage, "H2", "东城服务大厅")
    directory = StaffDirectory(storage, lambda: NOW, ConsoleOptions())
    for username, (role, hall) in STAFF.items():
        directory.add(username, role, hall, PASSWORD)
    yield storage, FileSmsGateway(tmp_path / "sms.jsonl")
    storage.close()


@pytest.fixture
def as_role(ledger):
    storage, sms = ledger
    app = create_app(storage, clock=lambda: NOW, timezone=ZoneInfo("Asia/Shanghai"), seal_key=SEAL, sms=sms)
    clients = []

    def _as(username: str) -> TestClient:
        c = TestClient(app, base_url="https://testserver")
        c.__enter__()
        clients.append(c)
        return sign_in(c, username, PASSWORD)

    yield _as
    for c in clients:
        c.__exit__(None, None, None)


def _decide(client: TestClient, app_id: str, **form: str):
    page = client.get(f"/console/online/{app_id}")
    return client.post(f"/console/online/{app_id}/decide", data={"csrf_token": csrf_of(page.text), **form},
                       follow_redirects=False)


def test_queue_shows_submitted_first_oldest_first(ledger, as_role):
    storage, _ = ledger
    approved = insert(storage, status=online_apps.APPROVED, created_at="2026-12-01T01:00:00.000000+00:00",
                      id_number="110101199003070011")
    late = insert(storage, status=online_apps.SUBMITTED, created_at="2026-12-05T01:00:00.000000+00:00",
                  id_number="110101199003070038")
    early = insert(storage, status=online_apps.SUBMITTED, created_at="2026-12-04T01:00:00.000000+00:00",
                   collection="post")
    page = as_role("admin").get("/console/online")
    assert page.status_code == 200
    order = [a for a in (early.app_id, late.app_id, approved.app_id)]
    positions = [page.text.index(a) for a in order]
    assert positions == sorted(positions)
    assert NAME in page.text and page.headers["Cache-Control"] == "no-store"
    only = as_role("admin").get("/console/online?status=approved")
    assert approved.app_id in only.text and early.app_id not in only.text
    assert as_role("admin").get("/console/online?status=bogus").status_code == 400


def test_detail_shows_the_photo_inline_and_the_id_number_masked(ledger, as_role):
    storage, _ = ledger
    row = insert(storage, status=online_apps.SUBMITTED)
    page = as_role("admin").get(f"/console/online/{row.app_id}")
    assert page.status_code == 200
    assert 'src="data:image/jpeg;base64,/9j/' in page.text  # FF D8 FF in base64
    assert page.headers["Cache-Control"] == "no-store"
    assert ID_NUMBER not in page.text and "420302********201X" in page.text
    assert MOBILE not in page.text and NAME in page.text


def test_approve_tells_the_citizen_the_hall_and_the_day(ledger, as_role):
    storage, sms = ledger
    row = insert(storage, status=online_apps.SUBMITTED, hall_id="H1", collect_day="2026-12-08")
    r = _decide(as_role("sup1"), row.app_id, decision="approve")
    assert r.status_code == 303 and r.headers["location"].endswith("done=approved")
    with storage.transaction() as tx:
        done = online_apps.get(tx, row.app_id)
        story = online_apps.history(tx, row.app_id)
        audit = tx.all("SELECT username, action, detail FROM staff_audit WHERE action = 'online_review'")
    assert (done.status, done.reviewed_by) == ("approved", "sup1")
    assert story[-1]["by_whom"] == "sup1"
    assert [(a["username"], json.loads(a["detail"])["decision"]) for a in audit] == [("sup1", "approved")]
    [message] = sms.messages(MOBILE)
    assert message["template"] == "approved" and "2026-12-08" in message["text"] and "城区服务大厅" in message["text"]
    assert ID_NUMBER not in message["text"]


def test_approving_a_postal_application_says_it_will_be_posted(ledger, as_role):
    storage, sms = ledger
    row = insert(storage, status=online_apps.SUBMITTED, collection="post")
    assert _decide(as_role("admin"), row.app_id, decision="approve").status_code == 303
    assert "邮寄" in sms.messages(MOBILE)[-1]["text"]


def test_reject_photo_with_its_reason(ledger, as_role):
    storage, sms = ledger
    row = insert(storage, status=online_apps.SUBMITTED)
    client = as_role("admin")
    # a data reason does not go with a photo rejection
    assert _decide(client, row.app_id, decision="reject_photo", reason_code="data_name").status_code == 400
    r = _decide(client, row.app_id, decision="reject_photo", reason_code="photo_background")
    assert r.status_code == 303
    with storage.transaction() as tx:
        done = online_apps.get(tx, row.app_id)
    assert (done.status, done.reason_code) == ("photo_rejected", "photo_background")
    message = sms.messages(MOBILE)[-1]
    assert message["template"] == "rejected" and online_apps.REASON_CODES["photo_background"][0] in message["text"]
    page = client.get(r.headers["location"])
    assert "已退回照片" in page.text
    # decided: a second decision is refused
    assert _decide(client, row.app_id, decision="approve").status_code == 409


def test_reject_data_is_final(ledger, as_role):
    storage, _ = ledger
    row = insert(storage, status=online_apps.SUBMITTED)
    assert _decide(as_role("admin"), row.app_id, decision="reject_data",
                   reason_code="data_not_eligible").status_code == 303
    with storage.transaction() as tx:
        assert online_apps.get(tx, row.app_id).status == "rejected"


def test_a_decision_without_the_csrf_token_is_refused(ledger, as_role):
    storage, sms = ledger
    row = insert(storage, status=online_apps.SUBMITTED)
    client = as_role("admin")
    for token in ("", "x" * 43):
        r = client.post(f"/console/online/{row.app_id}/decide", data={"csrf_token": token, "decision": "approve"},
                        follow_redirects=False)
        assert r.status_code == 403 and 'data-code="csrf_failed"' in r.text
    with storage.transaction() as tx:
        assert online_apps.get(tx, row.app_id).status == "submitted"
    assert sms.messages() == []


def test_a_hall_supervisor_sees_only_their_halls_collections(ledger, as_role):
    storage, _ = ledger
    mine = insert(storage, status=online_apps.SUBMITTED, hall_id="H1", id_number="110101199003070011")
    other = insert(storage, status=online_apps.SUBMITTED, hall_id="H2", id_number="110101199003070038")
    posted = insert(storage, status=online_apps.SUBMITTED, collection="post")
    client = as_role("sup1")
    page = client.get("/console/online")
    assert mine.app_id in page.text and other.app_id not in page.text and posted.app_id not in page.text
    assert client.get(f"/console/online/{other.app_id}").status_code == 403
    assert client.get(f"/console/online/{posted.app_id}").status_code == 403
    page = client.get(f"/console/online/{mine.app_id}")
    r = client.post(f"/console/online/{other.app_id}/decide", data={"csrf_token": csrf_of(page.text),
                                                                     "decision": "approve"})
    assert r.status_code == 403
    with storage.transaction() as tx:
        assert online_apps.get(tx, other.app_id).status == "submitted"


def test_the_auditor_reads_and_is_offered_no_form(ledger, as_role):
    storage, sms = ledger
    row = insert(storage, status=online_apps.SUBMITTED)
    client = as_role("audit")
    assert row.app_id in client.get("/console/online").text
    page = client.get(f"/console/online/{row.app_id}")
    assert page.status_code == 200 and "/decide" not in page.text
    r = client.post(f"/console/online/{row.app_id}/decide", data={"csrf_token": csrf_of(page.text),
                                                                   "decision": "approve"})
    assert r.status_code == 403 and 'data-code="forbidden_role"' in r.text
    assert sms.messages() == []


def test_unknown_application_and_signed_out(ledger, as_role):
    assert as_role("admin").get("/console/online/WA20261206014").status_code == 404
    assert as_role("admin").get("/console/online/nonsense").status_code == 404
    with TestClient(create_app(ledger[0], seal_key=SEAL), base_url="https://testserver") as anonymous:
        r = anonymous.get("/console/online", follow_redirects=False)
        assert r.status_code == 303 and "/console/login" in r.headers["location"]


def test_without_a_seal_key_the_page_says_not_configured(ledger):
    with TestClient(create_app(ledger[0], clock=lambda: NOW), base_url="https://testserver") as c:
        sign_in(c, "admin", PASSWORD)
        r = c.get("/console/online")
        assert r.status_code == 404 and 'data-code="online_not_configured"' in r.text


def test_the_pages_in_english(ledger, as_role):
    row = insert(ledger[0], status=online_apps.SUBMITTED)
    client = as_role("admin")
    queue = client.get("/console/online?lang=en")
    assert "Online applications" in queue.text and "Waiting for review" in queue.text
    page = client.get(f"/console/online/{row.app_id}")
    assert "Reject the photo" in page.text and "photo background is not plain white or light" in page.text
