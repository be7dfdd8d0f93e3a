"""Issue 17, ownership at the ledger: two enrolled counters on the live ledger (``central-ledger serve`` on
SQLite and on PostgreSQL). A counter acting on a card that is not its own (another counter's issued card,
a number allocated to another counter, a number never allocated) is refused or queued for the district admin,
with nothing changed: no certificate, nothing superseded on the CRL, no status change, no replacement. Lost,
cancelled and replaced cards stay so."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from central_ledger import conflicts
from central_ledger.crypto import card_check_char
from central_ledger.ledger import Ledger
from central_ledger.storage import Storage
from counter_app.crypto import x509
from tests.ledger.ca_support import Card, LedgerDriver
from tests.ledger.signing import CounterKey, event


def _in_ledger_db(server, work):
    """``work(storage)`` on the server's database, in this process: what ``central-ledger counters add`` and
    ``conflicts list`` do (their command line is tested in test_conflict_queue_cli.py), without starting a
    Python per call."""
    storage = Storage.open(server.db)
    try:
        return work(storage)
    finally:
        storage.close()


def _enroll(server, counter_id: str) -> CounterKey:
    token = _in_ledger_db(server, lambda s: Ledger(s).add_counter(counter_id, f"窗口 {counter_id}", timedelta(hours=1)))
    key = CounterKey(counter_id)
    r = httpx.post(f"{server.base_url}/v1/counters/register", json=key.registration(token))
    assert r.status_code == 201, r.text
    return key


@pytest.fixture
def counters(live_server) -> Iterator[tuple[LedgerDriver, LedgerDriver]]:
    with httpx.Client(base_url=live_server.base_url, timeout=60) as http:
        yield LedgerDriver(http, _enroll(live_server, "C001")), LedgerDriver(http, _enroll(live_server, "C002"))


def never_allocated() -> str:
    body = "L9999999"  # far beyond any block a test asks for
    return body + card_check_char(body)


def revoked_serials(driver: LedgerDriver) -> set[int]:
    crl = x509.load_crl(driver.crl())
    return {entry.serial for entry in crl.revoked}


def card_status(server, card_number: str) -> str | None:
    rows = query(server, "SELECT status FROM cards WHERE card_number = ?", (card_number,))
    return rows[0][0] if rows else None


def query(server, sql: str, params: tuple = ()) -> list[tuple]:
    if server.db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(server.db) as conn:
            return [tuple(r) for r in conn.execute(sql.replace("?", "%s"), params).fetchall()]
    import sqlite3

    with sqlite3.connect(server.db.removeprefix("sqlite://"), timeout=30) as conn:
        return conn.execute(sql).fetchall() if not params else conn.execute(sql, params).fetchall()


def open_queue(server) -> list[dict]:
    return _in_ledger_db(server, conflicts.list_entries)


def _issued_card_of_c001(c001: LedgerDriver) -> tuple[Card, dict]:
    card = c001.card()
    answer = c001.certificates(card)
    c001.issued(card)
    return card, answer


@pytest.mark.parametrize("whose", ["issued by C001", "allocated to C001, not issued", "never allocated"])
def test_certificates_for_a_card_not_the_counters_own_are_refused_and_queued(live_server, counters, whose):
    c001, c002 = counters
    c001_card, c001_answer = _issued_card_of_c001(c001)
    if whose == "issued by C001":
        target = Card(c001_card.number, holder_id_number=c001_card.holder_id_number)
    elif whose == "allocated to C001, not issued":
        target = c001.card()
    else:
        target = Card(never_allocated())
    certificates_before = query(live_server, "SELECT count(*) FROM certificates")[0][0]

    r = c002.request_certificates(target)  # C002's own key pair on the card in its reader

    assert r.status_code == 409, r.text
    assert r.json()["error"] == "card_not_yours" and isinstance(r.json()["queue_id"], int)
    assert query(live_server, "SELECT count(*) FROM certificates")[0][0] == certificates_before
    assert query(live_server, "SELECT count(*) FROM certificates WHERE status = 'revoked'")[0][0] == 0
    assert int(c001_answer["sign_serial"], 16) not in revoked_serials(c001)
    [queued] = open_queue(live_server)
    assert (queued["id"], queued["action"], queued["counter_id"], queued["card_number"]) == \
        (r.json()["queue_id"], "certificate_request", "C002", target.number)
    assert queued["reason"] == ("card_number_not_allocated" if whose == "never allocated" else "card_not_yours")
    assert c002.request_certificates(target).json()["queue_id"] == queued["id"]  # asked again: queued once
    # C001 keeps using its card: the same answer, still valid
    assert c001.certificates(c001_card) == c001_answer


def test_another_counter_cannot_report_a_card_lost_nor_make_it_active(live_server, counters):
    c001, c002 = counters
    card, answer = _issued_card_of_c001(c001)

    lost = c002.send("card.status_changed", {"card_number": card.number, "status": "lost"})
    active = c002.send("card.status_changed", {"card_number": card.number, "status": "active"})

    # the batches are accepted (the outbox must not jam), the events stored, nothing changed
    assert (lost["acknowledged_seq"], active["acknowledged_seq"]) == (1, 2)
    assert lost["queued"] == [1] and active["queued"] == [2]
    assert [c["kind"] for c in lost["conflicts"] + active["conflicts"]] == ["card_not_yours"] * 2
    assert card_status(live_server, card.number) == "active"
    assert int(answer["sign_serial"], 16) not in revoked_serials(c001)
    assert [(q["action"], q["counter_id"], q["held_by"]) for q in open_queue(live_server)] == \
        [("status_change", "C002", "C001")] * 2


def test_a_number_never_allocated_changes_nothing_and_is_recorded(live_server, counters):
    c001, _ = counters
    answer = c001.send("card.status_changed", {"card_number": never_allocated(), "status": "lost"})
    assert answer["acknowledged_seq"] == 1 and answer["queued"] == [1]
    assert [c["kind"] for c in answer["conflicts"]] == ["card_number_not_allocated"]
    assert query(live_server, "SELECT count(*) FROM cards")[0][0] == 0


@pytest.mark.parametrize("lost", ["lost", 2, "cancelled"])
def test_a_lost_card_stays_lost_even_for_its_own_counter(live_server, counters, lost):
    c001, _ = counters
    card, answer = _issued_card_of_c001(c001)

    c001.status_changed(card, lost)
    again = c001.send("card.status_changed", {"card_number": card.number, "status": "active"})
    one = c001.send("card.status_changed", {"card_number": card.number, "status": 1})

    assert card_status(live_server, card.number) == str(lost)
    assert [c["kind"] for c in again["conflicts"] + one["conflicts"]] == ["card_status_final"] * 2
    assert again["conflicts"][0]["detail"]["card_status"] == str(lost)
    assert int(answer["sign_serial"], 16) in revoked_serials(c001)
    r = c001.request_certificates(card)
    assert r.status_code == 409 and r.json()["error"] == "card_not_active"


def test_a_replaced_card_is_not_made_active_again(live_server, counters):
    c001, _ = counters
    old = c001.card()
    c001.issued(old)
    new = c001.card(holder_id_number=old.holder_id_number)
    c001.issued(new, replaces=old.number)
    again = c001.send("card.status_changed", {"card_number": old.number, "status": "active"})
    assert card_status(live_server, old.number) == "replaced"
    assert [c["kind"] for c in again["conflicts"]] == ["card_status_final"]


@pytest.mark.parametrize("sender", ["C001", "C002"])
def test_a_replacement_under_a_number_never_allocated_replaces_nothing(live_server, counters, sender):
    c001, c002 = counters
    card, answer = _issued_card_of_c001(c001)
    driver = c001 if sender == "C001" else c002

    driver.seq += 1
    r = driver.client.post("/v1/events/batches", json=driver.key.signed(events=[event(
        driver.seq, "issuance.transition", {"to_state": "issued", "card_number": never_allocated(),
                                            "person_index": card.holder_index, "application_type": "replacement",
                                            "replaces_card_number": card.number},
        issuance_id=str(uuid.uuid4()))]))

    assert r.status_code == 200, r.text
    assert r.json()["queued"] == [driver.seq]
    assert [c["kind"] for c in r.json()["conflicts"]] == ["card_number_not_allocated"]
    assert card_status(live_server, card.number) == "active"
    assert card_status(live_server, never_allocated()) is None
    assert int(answer["sign_serial"], 16) not in revoked_serials(c001)


def test_the_same_person_replaces_a_card_at_another_hall(live_server, counters):
    """The holder of C001's card has it replaced at C002 (under C002's own number): a replacement at any hall is
    the normal case, so the old card is replaced at once and its certificates are revoked."""
    c001, c002 = counters
    card, answer = _issued_card_of_c001(c001)
    new = c002.card(holder_id_number=card.holder_id_number)

    c002.issued(new, replaces=card.number)

    assert card_status(live_server, new.number) == "active"
    assert card_status(live_server, card.number) == "replaced"
    assert open_queue(live_server) == []
    assert int(answer["sign_serial"], 16) in revoked_serials(c001)


def test_another_counters_replacement_naming_someone_elses_card_is_queued(live_server, counters):
    """C002 issues a card (under its own number) to one person and names C001's card of another person as the
    card it replaces: the new card is C002's, the old one stays active until the admin accepts."""
    c001, c002 = counters
    card, answer = _issued_card_of_c001(c001)
    new = c002.card(holder_id_number="110105194912310021")
    assert new.holder_index != card.holder_index

    c002.issued(new, replaces=card.number)

    assert card_status(live_server, new.number) == "active"
    assert card_status(live_server, card.number) == "active"
    assert [(q["action"], q["card_number"]) for q in open_queue(live_server)] == [("replacement", card.number)]
    assert int(answer["sign_serial"], 16) not in revoked_serials(c001)


def test_the_holder_finishes_a_waiting_certificate_step_at_another_counter(live_server, counters):
    """C001 handed the card over while the ledger was out of reach (no certificates yet); the holder brings it
    to C002, which certifies the same person's card: nothing is superseded, so no admin is needed."""
    c001, c002 = counters
    card = c001.card()
    c001.issued(card)

    r = c002.request_certificates(card)

    assert r.status_code == 200, r.text
    assert open_queue(live_server) == []


def test_a_waiting_certificate_step_for_another_person_is_queued(live_server, counters):
    c001, c002 = counters
    card = c001.card()
    c001.issued(card)

    r = c002.request_certificates(Card(card.number, holder_id_number="110105194912310021"))

    assert r.status_code == 409 and r.json()["error"] == "card_not_yours"
    assert query(live_server, "SELECT count(*) FROM certificates")[0][0] == 0
