"""Person lookup by blind index (new card or replacement), and the second-active-card conflict found on sync."""

from __future__ import annotations

from tests.ledger.signing import event, person_index

BATCHES, BLOCKS, LOOKUP = "/v1/events/batches", "/v1/card-numbers/blocks", "/v1/persons/lookup"
PERSON = person_index("42130319900101123X")


def issued(seq: int, issuance_id: str, card_number: str, application_type: str = "new", **extra) -> dict:
    payload = {"to_state": "issued", "card_number": card_number, "person_index": PERSON,
               "application_type": application_type, **extra}
    return event(seq, payload=payload, issuance_id=issuance_id)


def numbers(client, key, count: int = 2) -> list[str]:
    return client.post(BLOCKS, json=key.signed(count=count)).json()["numbers"]


def test_a_person_without_cards_has_no_active_card(counter, client):
    r = client.post(LOOKUP, json=counter.signed(person_index=PERSON))
    assert r.status_code == 200
    assert r.json() == {"person_index": PERSON, "has_active_card": False, "active_cards": []}


def test_an_issued_card_is_found_by_the_persons_index(counter, client):
    card = numbers(client, counter)[0]
    client.post(BATCHES, json=counter.signed(events=[issued(1, "iss-1", card)]))

    r = client.post(LOOKUP, json=counter.signed(person_index=PERSON)).json()

    assert r["has_active_card"] is True
    assert [(c["card_number"], c["status"]) for c in r["active_cards"]] == [(card, "active")]


def test_a_posted_card_not_yet_activated_is_the_persons_card_too(counter, client, storage):
    """A card posted to its holder (or collected by an agent) counts for the one-active-card rule before the
    holder activates it: a counter asking before a new card is told about it, with its status."""
    card = numbers(client, counter)[0]
    client.post(BATCHES, json=counter.signed(events=[issued(1, "iss-1", card)]))
    with storage.transaction(write=True) as tx:
        tx.execute("UPDATE cards SET status = 'not_activated' WHERE card_number = ?", (card,))

    r = client.post(LOOKUP, json=counter.signed(person_index=PERSON)).json()

    assert r["has_active_card"] is True
    assert [(c["card_number"], c["status"]) for c in r["active_cards"]] == [(card, "not_activated")]


def test_a_second_new_card_for_one_person_is_reported_as_a_conflict(enroll, client, ledger):
    a, b = enroll("C001"), enroll("C002")
    card_a, card_b = numbers(client, a)[0], numbers(client, b)[0]
    assert client.post(BATCHES, json=a.signed(events=[issued(1, "iss-a", card_a)])).json()["conflicts"] == []

    r = client.post(BATCHES, json=b.signed(events=[issued(1, "iss-b", card_b)]))  # b was offline: no lookup

    assert r.status_code == 200  # the card exists: the event is stored, and the conflict reported
    [conflict] = r.json()["conflicts"]
    assert conflict["kind"] == "second_active_card"
    assert conflict["detail"]["active_cards"] == [card_a]
    assert ledger.stats()["conflicts"] == 1


def test_the_conflict_is_reported_again_when_the_batch_is_resent(enroll, client):
    a, b = enroll("C001"), enroll("C002")
    card_a, card_b = numbers(client, a)[0], numbers(client, b)[0]
    client.post(BATCHES, json=a.signed(events=[issued(1, "iss-a", card_a)]))
    batch = [issued(1, "iss-b", card_b)]
    client.post(BATCHES, json=b.signed(events=batch))

    again = client.post(BATCHES, json=b.signed(events=batch)).json()

    assert [c["kind"] for c in again["conflicts"]] == ["second_active_card"]


def test_a_replacement_makes_the_old_card_non_active(counter, client):
    old, new = numbers(client, counter)
    batch = [issued(1, "iss-1", old),
             issued(2, "iss-2", new, application_type="replacement", replaces_card_number=old)]

    r = client.post(BATCHES, json=counter.signed(events=batch)).json()

    assert r["conflicts"] == []
    found = client.post(LOOKUP, json=counter.signed(person_index=PERSON)).json()
    assert [c["card_number"] for c in found["active_cards"]] == [new]


def test_a_reported_loss_makes_the_card_non_active(counter, client):
    card = numbers(client, counter)[0]
    lost = event(2, type_="card.status_changed", payload={"card_number": card, "status": "lost"}, issuance_id=None)
    client.post(BATCHES, json=counter.signed(events=[issued(1, "iss-1", card), lost]))
    assert client.post(LOOKUP, json=counter.signed(person_index=PERSON)).json()["has_active_card"] is False


def test_a_card_number_never_allocated_to_the_counter_is_flagged(enroll, client):
    a, b = enroll("C001"), enroll("C002")
    someone_elses = numbers(client, a)[0]
    r = client.post(BATCHES, json=b.signed(events=[issued(1, "iss-b", someone_elses)])).json()
    assert [c["kind"] for c in r["conflicts"]] == ["card_number_not_allocated"]


def test_a_lookup_must_be_signed(counter, client):
    body = counter.signed(person_index=PERSON)
    body["person_index"] = person_index("110101199003077777")
    assert client.post(LOOKUP, json=body).status_code == 401


def test_a_clear_id_number_is_not_accepted_as_an_index(counter, client):
    r = client.post(LOOKUP, json=counter.signed(person_index="42130319900101123X"))
    assert r.status_code == 422
