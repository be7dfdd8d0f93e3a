"""``central-ledger conflicts list / resolve``: the district admin accepts (the queued effect is applied then)
or rejects (dropped) what a counter asked for a card that is not its own; both are recorded, once."""

from __future__ import annotations

import json

import pytest

from tests.ledger import ca_support
from tests.ledger.ca_support import Card, LedgerDriver
from tests.ledger.conftest import run_cli
from tests.ledger.signing import CounterKey

ca, ca_client = ca_support.ca, ca_support.ca_client  # the fixtures used here


@pytest.fixture
def two(ledger, ca_client) -> tuple[LedgerDriver, LedgerDriver]:
    drivers = []
    for counter_id in ("C001", "C002"):
        key = CounterKey(counter_id)
        r = ca_client.post("/v1/counters/register", json=key.registration(ledger.add_counter(counter_id, counter_id)))
        assert r.status_code == 201, r.text
        drivers.append(LedgerDriver(ca_client, key))
    return drivers[0], drivers[1]


def cli(db_url, *args):
    return run_cli("conflicts", *args, "--db", db_url)


def queue(db_url, *extra) -> list[dict]:
    out = cli(db_url, "list", "--json", *extra)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_an_accepted_certificate_request_is_issued_and_the_counter_gets_it(db_url, two, tmp_path):
    c001, c002 = two
    card = c001.card()
    first = c001.certificates(card)
    c001.issued(card)
    theirs = Card(card.number, holder_id_number=card.holder_id_number)
    queue_id = c002.request_certificates(theirs).json()["queue_id"]

    out = cli(db_url, "resolve", str(queue_id), "--accept", "--by", "王主任", "--note", "卡片转柜台",
              "--ca-dir", str(tmp_path / "ca"), "--json")

    assert out.returncode == 0, out.stderr
    decided = json.loads(out.stdout)
    assert (decided["status"], decided["decided_by"], decided["note"]) == ("accepted", "王主任", "卡片转柜台")
    again = c002.request_certificates(theirs)  # the counter asks again: the accepted certificates
    assert again.status_code == 200, again.text
    assert again.json()["sign_serial"] == decided["outcome"]["sign_serial"]
    assert again.json()["sign_serial"] != first["sign_serial"]
    assert queue(db_url) == []


def test_a_rejected_request_is_dropped_and_recorded(db_url, two):
    c001, c002 = two
    theirs = Card(c001.card().number)
    queue_id = c002.request_certificates(theirs).json()["queue_id"]

    out = cli(db_url, "resolve", str(queue_id), "--reject", "--by", "王主任")

    assert out.returncode == 0, out.stderr
    r = c002.request_certificates(theirs)
    assert (r.status_code, r.json()["error"]) == (409, "card_not_yours")
    [entry] = queue(db_url, "--all")
    assert (entry["status"], entry["decided_by"]) == ("rejected", "王主任")
    twice = cli(db_url, "resolve", str(queue_id), "--accept", "--by", "李四")
    assert twice.returncode == 1 and "已" in twice.stderr


def test_an_accepted_loss_report_from_another_counter_makes_the_card_lost(db_url, two, storage):
    c001, c002 = two
    card = c001.card()
    answer = c001.certificates(card)
    c001.issued(card)
    [conflict] = c002.send("card.status_changed", {"card_number": card.number, "status": "lost"})["conflicts"]

    out = cli(db_url, "resolve", str(conflict["detail"]["queue_id"]), "--accept", "--by", "王主任")

    assert out.returncode == 0, out.stderr
    with storage.transaction() as tx:
        assert tx.one("SELECT status FROM cards WHERE card_number = ?", (card.number,))["status"] == "lost"
        revoked = tx.one("SELECT status FROM certificates WHERE serial = ?", (answer["sign_serial"],))
    assert revoked["status"] == "revoked"


def test_an_unknown_conflict_is_refused(db_url, two):
    out = cli(db_url, "resolve", "999", "--reject", "--by", "王主任")
    assert out.returncode == 1 and "999" in out.stderr


def test_an_accepted_replacement_at_another_counter_replaces_the_old_card(db_url, two, storage):
    c001, c002 = two
    old = c001.card()
    answer = c001.certificates(old)
    c001.issued(old)
    new = c002.card(holder_id_number="110105194912310021")  # by the ledger's record another person: queued
    c002.issued(new, replaces=old.number)
    [entry] = queue(db_url)
    assert (entry["action"], entry["card_number"], entry["held_by"]) == ("replacement", old.number, "C001")

    assert cli(db_url, "resolve", str(entry["id"]), "--accept", "--by", "王主任").returncode == 0

    with storage.transaction() as tx:
        assert tx.one("SELECT status FROM cards WHERE card_number = ?", (old.number,))["status"] == "replaced"
        assert tx.one("SELECT status FROM certificates WHERE serial = ?", (answer["sign_serial"],))["status"] == \
            "revoked"


def test_an_accepted_issuance_under_another_counters_number_records_the_card(db_url, two, storage):
    c001, c002 = two
    theirs = c001.card()
    c002.issued(theirs)
    with storage.transaction() as tx:
        assert tx.one("SELECT 1 AS x FROM cards WHERE card_number = ?", (theirs.number,)) is None
    [entry] = queue(db_url)
    assert (entry["action"], entry["reason"]) == ("issuance", "card_not_yours")

    assert cli(db_url, "resolve", str(entry["id"]), "--accept", "--by", "王主任").returncode == 0

    with storage.transaction() as tx:
        card = tx.one("SELECT status, counter_id FROM cards WHERE card_number = ?", (theirs.number,))
    assert (card["status"], card["counter_id"]) == ("active", "C002")
