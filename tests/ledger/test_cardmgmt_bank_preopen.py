"""Pre-opening the applicant's account at the co-issuing bank (the ledger plays the bank): one answer per
request id, an unknown bank refused, the district's default banks seeded."""

from __future__ import annotations

from central_ledger.cardmgmt import CardManagementSystem
from tests.ledger.cardmgmt_support import PERSON, PREOPEN


def _preopen(client, key, request_id="preopen-iss-1", bank_code="102", issuance_id="iss-1", person=PERSON):
    return client.post(PREOPEN, json=key.signed(request_id=request_id, person_index=person, bank_code=bank_code,
                                                issuance_id=issuance_id))


def test_the_default_banks_of_the_district_are_there(storage):
    banks = {b.code: (b.name, b.bins) for b in CardManagementSystem(storage).banks()}
    assert banks == {"102": ("中国工商银行", ("621226",)), "103": ("中国农业银行", ("622848",)),
                     "105": ("中国建设银行", ("621700",))}


def test_a_preopening_is_answered_with_its_id(counter, client):
    r = _preopen(client, counter)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["status"] == "preopened" and answer["bank_code"] == "102" and answer["issuance_id"] == "iss-1"
    assert answer["preopen_id"].startswith("PO")


def test_the_same_request_id_gets_the_same_preopening_again(counter, client, storage):
    first = _preopen(client, counter).json()
    again = _preopen(client, counter).json()  # re-signed, new sent_at: a retry after a lost answer
    assert again == first
    other = _preopen(client, counter, request_id="preopen-iss-2", issuance_id="iss-2").json()
    assert other["preopen_id"] != first["preopen_id"]
    with storage.transaction() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM bank_preopenings")["n"] == 2


def test_a_request_id_reused_for_another_preopening_is_refused(counter, client):
    _preopen(client, counter)
    r = _preopen(client, counter, bank_code="105")
    assert r.status_code == 409 and r.json()["error"] == "request_reused"


def test_request_ids_are_per_counter(enroll, client):
    a, b = enroll("C001"), enroll("C002")
    assert _preopen(client, a).json()["preopen_id"] != _preopen(client, b).json()["preopen_id"]


def test_an_unknown_bank_is_refused(counter, client, storage):
    r = _preopen(client, counter, bank_code="999")
    assert r.status_code == 422 and r.json()["error"] == "unknown_bank"
    CardManagementSystem(storage).add_bank("999", "测试银行", ["628888"])
    assert _preopen(client, counter, bank_code="999").status_code == 200
