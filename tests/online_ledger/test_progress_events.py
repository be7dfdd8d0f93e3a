"""The deriver applies a counter's ``online_application.progress`` reports (central_ledger/derive.py): the status
with the counter, issuance, card and tracking number; a resent report changes nothing; a refused change or an
unknown application is a conflict, and the rest of the batch is applied."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from central_ledger import online_apps
from central_ledger.app import create_app
from central_ledger.ledger import Ledger
from tests.ledger.signing import CounterKey
from tests.ledger.signing import event as wire_event
from tests.online_ledger.support import (
    SEAL,
    add_hall,
    allocate,
    card_number,
    derive,
    insert,
    issued,
    progress,
)


@pytest.fixture(autouse=True)
def halls(storage):
    add_hall(storage, "H1", "城区服务大厅")


def _app(storage, app_id):
    with storage.transaction() as tx:
        return online_apps.get(tx, app_id)


def test_hall_collection_in_production_then_collected(storage):
    row = insert(storage)
    card = card_number(7)
    assert derive(storage, progress("C1", row.app_id, "in_production", issuance_id="I-1", card_number=card)) == []
    assert derive(storage, progress("C1", row.app_id, "collected", issuance_id="I-1", card_number=card)) == []
    done = _app(storage, row.app_id)
    assert (done.status, done.counter_id, done.issuance_id, done.card_number) == ("collected", "C1", "I-1", card)
    with storage.transaction() as tx:
        story = online_apps.history(tx, row.app_id)
    assert [h["status"] for h in story] == ["approved", "in_production", "collected"]
    assert story[-1]["by_whom"] == "counter:C1" and story[-1]["detail"]["card_number"] == card


def test_a_resent_or_overtaken_report_is_a_no_op(storage):
    row = insert(storage)
    assert derive(storage, progress("C1", row.app_id, "collected", card_number=card_number(7))) == []
    assert derive(storage, progress("C1", row.app_id, "collected", card_number=card_number(7)),
                  progress("C1", row.app_id, "in_production")) == []
    with storage.transaction() as tx:
        assert [h["status"] for h in online_apps.history(tx, row.app_id)] == ["approved", "collected"]


def test_a_refused_change_and_an_unknown_application_are_conflicts_not_crashes(storage):
    submitted = insert(storage, status=online_apps.SUBMITTED)           # never reviewed: no counter may start it
    fine = insert(storage, id_number="110101199003070011")
    found = derive(storage, progress("C1", submitted.app_id, "collected"),
                   progress("C1", "WA20261206014", "in_production"),
                   progress("C1", fine.app_id, "bogus"),
                   progress("C1", fine.app_id, "in_production"))
    assert [(c.kind, c.detail.get("app_id")) for c in found] == [
        ("online_transition_refused", submitted.app_id), ("online_application_unknown", "WA20261206014"),
        ("online_progress_malformed", fine.app_id)]
    assert found[0].detail["from_status"] == "submitted" and found[0].detail["to_status"] == "collected"
    assert _app(storage, submitted.app_id).status == "submitted"
    assert _app(storage, fine.app_id).status == "in_production"  # the batch went on


def test_posted_makes_the_counters_card_not_activated(storage):
    Ledger(storage).add_counter("CC", "制卡中心")
    row = insert(storage, collection="post")
    card = card_number(9)
    with storage.transaction(write=True) as tx:
        allocate(tx, "CC", card)
    assert derive(storage, progress("CC", row.app_id, "in_production", issuance_id="I-9", card_number=card),
                  issued("CC", "I-9", card, application="replacement", online_application=row.app_id),
                  progress("CC", row.app_id, "posted", issuance_id="I-9", card_number=card,
                           tracking_number="SF1234567890")) == []
    done = _app(storage, row.app_id)
    assert (done.status, done.tracking_number) == ("posted", "SF1234567890")
    with storage.transaction() as tx:
        assert tx.one("SELECT status FROM cards WHERE card_number = ?", (card,))["status"] == "not_activated"


def test_posted_does_not_touch_another_counters_card(storage):
    Ledger(storage).add_counter("CC", "制卡中心")
    Ledger(storage).add_counter("C2", "窗口")
    row = insert(storage, collection="post", status=online_apps.IN_PRODUCTION)
    card = card_number(11)
    with storage.transaction(write=True) as tx:
        allocate(tx, "C2", card)
    derive(storage, issued("C2", "I-2", card))
    found = derive(storage, progress("CC", row.app_id, "posted", card_number=card, tracking_number="SF1"))
    assert [c.kind for c in found] == ["card_not_yours"]
    with storage.transaction() as tx:
        assert tx.one("SELECT status FROM cards WHERE card_number = ?", (card,))["status"] == "active"


def test_progress_through_the_real_intake(storage):
    row = insert(storage)
    with TestClient(create_app(storage, seal_key=SEAL)) as client:
        token = Ledger(storage).add_counter("C1", "窗口 1")
        key = CounterKey("C1")
        assert client.post("/v1/counters/register", json=key.registration(token)).status_code == 201
        payload = {"app_id": row.app_id, "status": "in_production", "issuance_id": "iss-1", "card_number": None,
                   "tracking_number": None}
        events = [wire_event(1, "online_application.progress", payload),
                  wire_event(2, "online_application.progress", {**payload, "app_id": "WA20261206014"})]
        r = client.post("/v1/events/batches", json=key.signed(events=events))
        assert r.status_code == 200, r.text
        assert r.json()["acknowledged_seq"] == 2
        assert [c["kind"] for c in r.json()["conflicts"]] == ["online_application_unknown"]
    assert _app(storage, row.app_id).status == "in_production"


def test_a_posted_card_not_yet_activated_counts_as_the_persons_card(storage):
    Ledger(storage).add_counter("CC", "制卡中心")
    row = insert(storage, collection="post")
    posted, second = card_number(21), card_number(22)
    with storage.transaction(write=True) as tx:
        allocate(tx, "CC", posted)
        allocate(tx, "CC", second)
    derive(storage, issued("CC", "I-21", posted, application="new"),
           progress("CC", row.app_id, "posted", issuance_id="I-21", card_number=posted, tracking_number="SF2"))
    found = derive(storage, issued("CC", "I-22", second, application="new"))
    assert [(c.kind, c.detail["active_cards"]) for c in found] == [("second_active_card", [posted])]
