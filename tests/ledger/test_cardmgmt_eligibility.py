"""The card-management eligibility check answers 0..4 from what the ledger knows: a person marked deceased, an
unfinished application at any counter, an active card (for a new card), a registered name that differs, a person
it does not know; and nothing else changes on the ledger for asking."""

from __future__ import annotations

import pytest

from central_ledger.app import create_app
from central_ledger.cardmgmt import CardManagementSystem
from tests.ledger.cardmgmt_support import (
    ELIGIBILITY,
    NAME,
    OTHER,
    OTHER_NAME,
    PERSON,
    ask,
    numbers,
    send,
    transition,
)
from tests.ledger.signing import event


def test_a_first_card_of_an_unknown_person_may_be_applied_for(counter, client):
    assert ask(client, counter, OTHER, "new") == {"answer": "0", "detail": None}


@pytest.mark.parametrize("application_type", ["replacement", "renewal", "upgrade"])
def test_a_replacement_for_a_person_the_ledger_does_not_know_answers_1(counter, client, application_type):
    assert ask(client, counter, OTHER, application_type) == {"answer": "1", "detail": None}


def test_with_require_known_persons_a_new_card_of_an_unknown_person_answers_1(storage, counter):
    from fastapi.testclient import TestClient

    with TestClient(create_app(storage, require_known_persons=True)) as strict:
        assert ask(strict, counter, OTHER, "new")["answer"] == "1"
        CardManagementSystem(storage).add_person(OTHER)
        assert ask(strict, counter, OTHER, "new")["answer"] == "0"


def test_a_name_that_differs_from_the_registered_one_answers_2(counter, client, storage):
    CardManagementSystem(storage).add_person(PERSON, name_index=NAME)
    assert ask(client, counter, PERSON, "new", name_index=OTHER_NAME) == {"answer": "2", "detail": None}
    assert ask(client, counter, PERSON, "new", name_index=NAME)["answer"] == "0"


def test_an_unfinished_application_at_another_counter_answers_3_with_its_issuance(enroll, client):
    a, b = enroll("C001"), enroll("C002")
    send(client, a, transition(1, "iss-a", "photo_ok"))

    assert ask(client, b, PERSON, "new") == {"answer": "3", "detail": "iss-a"}
    assert ask(client, b, PERSON, "replacement") == {"answer": "3", "detail": "iss-a"}


@pytest.mark.parametrize("final", ["spoiled", "cancelled"])
def test_a_spoiled_or_cancelled_application_is_not_pending(counter, client, final):
    send(client, counter, transition(1, "iss-1", "photo_ok"), transition(2, "iss-1", final))
    assert ask(client, counter, PERSON, "new")["answer"] == "0"


def test_a_new_card_while_the_person_holds_an_active_card_answers_4(counter, client):
    card = numbers(client, counter)[0]
    send(client, counter, transition(1, "iss-1", "issued", card_number=card, application_type="new"))

    assert ask(client, counter, PERSON, "new") == {"answer": "4", "detail": "has_active_card"}
    assert ask(client, counter, PERSON, "replacement") == {"answer": "0", "detail": None}


def test_a_lost_card_is_not_active_so_a_new_card_may_be_applied_for(counter, client):
    card = numbers(client, counter)[0]
    send(client, counter, transition(1, "iss-1", "issued", card_number=card, application_type="new"),
         event(2, "card.status_changed", {"card_number": card, "status": "lost"}, issuance_id=None))
    assert ask(client, counter, PERSON, "new")["answer"] == "0"


def test_a_person_marked_deceased_answers_4_deceased_before_anything_else(counter, client, storage):
    send(client, counter, transition(1, "iss-1", "photo_ok"))  # pending too: deceased comes first
    CardManagementSystem(storage).mark_deceased(PERSON)
    for kind in ("new", "replacement"):
        assert ask(client, counter, PERSON, kind) == {"answer": "4", "detail": "deceased"}


def test_asking_is_signed_and_malformed_questions_are_refused(counter, client):
    body = counter.signed(person_index=PERSON, name_index=NAME, application_type="new", reason=None,
                          region_code="421303")
    assert client.post(ELIGIBILITY, json={**body, "person_index": OTHER}).json()["error"] == "bad_signature"
    clear = counter.signed(person_index="42130319900101123X", name_index=NAME, application_type="new",
                           reason=None, region_code="421303")
    assert client.post(ELIGIBILITY, json=clear).status_code == 422  # a clear ID number is never taken
    odd = counter.signed(person_index=PERSON, name_index=NAME, application_type="adoption", reason=None,
                         region_code="421303")
    assert client.post(ELIGIBILITY, json=odd).json()["error"] == "malformed_request"
