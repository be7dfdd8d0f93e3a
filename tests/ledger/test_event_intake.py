"""Event intake: signed batches stored once per (counter, seq), one transaction per batch."""

from __future__ import annotations

from tests.ledger.signing import event, events

BATCHES = "/v1/events/batches"


def test_a_signed_batch_is_stored_and_acknowledged(counter, client, ledger):
    r = client.post(BATCHES, json=counter.signed(events=events(1, 3)))

    assert r.status_code == 200
    assert r.json() == {"counter_id": "C001", "acknowledged_seq": 3, "expected_seq": 4, "stored": 3,
                        "duplicates": 0, "conflicts": [], "queued": []}
    assert ledger.stats()["events"] == 3


def test_the_next_batch_continues_the_sequence(counter, client):
    client.post(BATCHES, json=counter.signed(events=events(1, 3)))
    r = client.post(BATCHES, json=counter.signed(events=events(4, 6)))
    assert r.json()["acknowledged_seq"] == 6


def test_sending_the_same_batch_again_changes_nothing(counter, client, ledger):
    batch = events(1, 3)
    first = client.post(BATCHES, json=counter.signed(events=batch))
    again = client.post(BATCHES, json=counter.signed(events=batch))

    assert again.status_code == 200
    assert again.json()["acknowledged_seq"] == first.json()["acknowledged_seq"] == 3
    assert (again.json()["stored"], again.json()["duplicates"]) == (0, 3)
    assert ledger.stats()["events"] == 3


def test_a_batch_overlapping_what_is_held_stores_only_the_new_part(counter, client):
    batch = events(1, 5)
    client.post(BATCHES, json=counter.signed(events=batch[:3]))
    r = client.post(BATCHES, json=counter.signed(events=batch))
    assert (r.json()["stored"], r.json()["duplicates"], r.json()["acknowledged_seq"]) == (2, 3, 5)


def test_the_same_seq_with_other_content_is_refused_and_recorded(counter, client, ledger):
    batch = events(1, 2)
    client.post(BATCHES, json=counter.signed(events=batch))
    changed = [batch[0], {**batch[1], "payload": {"to_state": "cancelled"}}]

    r = client.post(BATCHES, json=counter.signed(events=changed))

    assert r.status_code == 409
    body = r.json()
    assert body["error"] == "sequence_conflict"
    assert body["acknowledged_seq"] == 2
    assert [(c["kind"], c["seq"]) for c in body["conflicts"]] == [("sequence_conflict", 2)]
    assert ledger.stats()["conflicts"] == 1
    assert ledger.stats()["events"] == 2


def test_a_refused_batch_stores_none_of_its_events(counter, client, ledger):
    client.post(BATCHES, json=counter.signed(events=events(1, 2)))
    clash_then_new = [event(2, payload={"to_state": "other"})] + [event(3)]
    assert client.post(BATCHES, json=counter.signed(events=clash_then_new)).status_code == 409
    assert ledger.stats()["events"] == 2


def test_a_gap_is_answered_with_the_expected_seq(counter, client, ledger):
    client.post(BATCHES, json=counter.signed(events=events(1, 3)))

    r = client.post(BATCHES, json=counter.signed(events=events(7, 9)))

    assert r.status_code == 409
    assert r.json()["error"] == "sequence_gap"
    assert r.json()["expected_seq"] == 4
    assert ledger.stats()["events"] == 3


def test_an_empty_batch_asks_for_the_acknowledged_seq(counter, client):
    client.post(BATCHES, json=counter.signed(events=events(1, 4)))
    r = client.post(BATCHES, json=counter.signed(events=[]))
    assert r.json()["acknowledged_seq"] == 4


def test_an_event_id_may_not_come_back_under_another_seq(counter, client):
    first = event(1)
    client.post(BATCHES, json=counter.signed(events=[first]))
    r = client.post(BATCHES, json=counter.signed(events=[event(2, event_id=first["event_id"])]))
    assert r.status_code == 409
    assert r.json()["conflicts"][0]["kind"] == "event_id_reused"


def test_a_batch_of_500_events_is_stored_in_one_go(counter, client, ledger):
    r = client.post(BATCHES, json=counter.signed(events=events(1, 500)))
    assert r.status_code == 200
    assert r.json()["acknowledged_seq"] == 500
    assert ledger.stats()["events"] == 500


def test_events_of_unknown_types_are_stored_and_otherwise_ignored(counter, client, ledger):
    odd = event(1, type_="printer.ribbon_low", payload={"remaining": 12, "名称": "色带"}, issuance_id=None)
    r = client.post(BATCHES, json=counter.signed(events=[odd]))
    assert r.status_code == 200
    assert ledger.stats()["events"] == 1
    assert ledger.stats()["issuances_by_state"] == {}
