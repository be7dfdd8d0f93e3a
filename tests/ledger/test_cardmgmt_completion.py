"""The completion report binds the bank account read from the chip, when it answers the pre-opening (same
issuance, person and bank; Luhn-valid; a BIN of that bank) and no other card holds it; once per issuance."""

from __future__ import annotations

import logging

import pytest

from tests.ledger.cardmgmt_support import (
    COMPLETION,
    NAME,
    OTHER,
    OTHER_NAME,
    PERSON,
    PREOPEN,
    account,
    ask,
    completion,
)


@pytest.fixture
def preopened(counter, client) -> str:
    r = client.post(PREOPEN, json=counter.signed(request_id="preopen-iss-1", person_index=PERSON, bank_code="102",
                                                 issuance_id="iss-1"))
    return r.json()["preopen_id"]


def _complete(client, key, report):
    return client.post(COMPLETION, json=key.signed(**report))


def test_an_account_of_the_preopened_bank_is_bound(counter, client, storage, preopened):
    r = _complete(client, counter, completion("iss-1", bank_account=account(), preopen_id=preopened))
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "bound", "issuance_id": "iss-1"}
    with storage.transaction() as tx:
        row = tx.one("SELECT bank_account, bank_code, card_number, preopen_id FROM bank_bindings")
        done = tx.one("SELECT bank_account_masked FROM card_completions WHERE issuance_id = 'iss-1'")
    assert row == {"bank_account": account(), "bank_code": "102", "card_number": "L00000011",
                   "preopen_id": preopened}
    assert done["bank_account_masked"] == account()[:6] + "*" * 9 + account()[-4:]


def test_without_a_preopen_id_the_issuances_preopening_is_used(counter, client, preopened):
    assert _complete(client, counter, completion("iss-1", bank_account=account())).json()["status"] == "bound"


def test_the_preopening_is_found_by_its_request_id(counter, client, preopened):
    report = {**completion("iss-1", bank_account=account()), "preopen_request_id": "preopen-iss-1"}
    assert _complete(client, counter, report).json()["status"] == "bound"


def test_the_same_report_again_gets_the_same_answer_and_another_is_refused(counter, client, preopened):
    report = completion("iss-1", bank_account=account(), preopen_id=preopened)
    first = _complete(client, counter, report).json()
    assert _complete(client, counter, report).json() == first
    r = _complete(client, counter, {**report, "card_number": "L00000029"})
    assert r.status_code == 409 and r.json()["error"] == "completion_differs"


def test_the_counters_report_id_does_not_make_a_report_another(counter, client, storage, preopened):
    """The counter's queue adds its own report_id; the same content under another id is the same report."""
    report = completion("iss-1", bank_account=account(), preopen_id=preopened)
    first = _complete(client, counter, {**report, "report_id": "a" * 32}).json()
    assert _complete(client, counter, {**report, "report_id": "b" * 32}).json() == first
    with storage.transaction() as tx:
        assert tx.one("SELECT report_id FROM card_completions") == {"report_id": "a" * 32}


@pytest.mark.parametrize("change", [
    {"bank_account": account("622848")},                       # a number of another bank
    {"bank_account": account()[:-1] + str((int(account()[-1]) + 1) % 10)},  # the check digit is wrong
    {"bank_code": "105", "bank_account": account("621700")},    # not the bank of the pre-opening
    {"person_index": OTHER},                                    # another person's pre-opening
    {"issuance_id": "iss-2"},                                   # no pre-opening for this issuance
], ids=["other_bin", "luhn", "other_bank", "other_person", "other_issuance"])
def test_an_account_that_does_not_answer_the_preopening_is_refused(counter, client, storage, preopened, change):
    report = {**completion("iss-1", bank_account=account(), preopen_id=preopened), **change}
    r = _complete(client, counter, report)
    assert r.status_code == 409 and r.json()["error"] == "bank_account_mismatch"
    with storage.transaction() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM bank_bindings")["n"] == 0
        assert tx.one("SELECT COUNT(*) AS n FROM card_completions")["n"] == 0


def test_another_counters_preopening_does_not_count(enroll, client, preopened):
    other = enroll("C002")
    r = _complete(client, other, completion("iss-1", bank_account=account(), preopen_id=preopened))
    assert r.status_code == 409 and r.json()["error"] == "bank_account_mismatch"


def test_an_account_bound_to_another_card_is_refused(counter, client, preopened):
    assert _complete(client, counter, completion("iss-1", bank_account=account(),
                                                 preopen_id=preopened)).status_code == 200
    second = client.post(PREOPEN, json=counter.signed(request_id="preopen-iss-2", person_index=OTHER,
                                                      bank_code="102", issuance_id="iss-2")).json()["preopen_id"]
    r = _complete(client, counter, completion("iss-2", person=OTHER, bank_account=account(), preopen_id=second,
                                              card_number="L00000029", name_index=OTHER_NAME))
    assert r.status_code == 409 and r.json()["error"] == "bank_account_bound"


def test_a_completion_without_a_bank_account_is_recorded(counter, client):
    r = _complete(client, counter, completion("iss-9", bank_code=None))
    assert r.status_code == 200 and r.json() == {"status": "recorded", "issuance_id": "iss-9"}


def test_a_completion_makes_the_holder_known_with_the_name(counter, client):
    assert ask(client, counter, OTHER, "replacement")["answer"] == "1"
    _complete(client, counter, completion("iss-9", person=OTHER, bank_code=None, name_index=NAME))
    assert ask(client, counter, OTHER, "replacement")["answer"] == "0"
    assert ask(client, counter, OTHER, "replacement", name_index=OTHER_NAME)["answer"] == "2"


def test_the_account_is_never_logged_in_full(counter, client, preopened, caplog):
    caplog.set_level(logging.DEBUG)
    _complete(client, counter, completion("iss-1", bank_account=account("622848"), preopen_id=preopened))
    _complete(client, counter, completion("iss-1", bank_account=account(), preopen_id=preopened))
    assert account() not in caplog.text and account("622848") not in caplog.text
    assert account()[-4:] in caplog.text  # masked, but there
