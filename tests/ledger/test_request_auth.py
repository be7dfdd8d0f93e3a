"""Signed requests: what is refused, with which status, and that nothing refused is ever a 5xx."""

from __future__ import annotations

import json

import pytest

from tests.ledger.signing import CounterKey, events

BATCHES = "/v1/events/batches"


def test_a_tampered_batch_fails_its_signature(counter, client, ledger):
    body = counter.signed(events=events(1, 2))
    body["events"][1]["payload"] = {"to_state": "issued"}

    r = client.post(BATCHES, json=body)

    assert r.status_code == 401
    assert r.json()["error"] == "bad_signature"
    assert ledger.stats()["events"] == 0


def test_a_batch_signed_by_another_key_is_refused(counter, client):
    impostor = CounterKey("C001")
    r = client.post(BATCHES, json=impostor.signed(events=events(1, 1)))
    assert r.status_code == 401
    assert r.json()["error"] == "bad_signature"


def test_an_unknown_counter_is_refused_like_a_bad_signature(counter, client, caplog):
    unknown = client.post(BATCHES, json=CounterKey("NOPE").signed(events=events(1, 1)))
    forged = client.post(BATCHES, json=CounterKey("C001").signed(events=events(1, 1)))
    # the same answer from outside (no probing for counter ids); the true reason only in the ledger's log
    assert (unknown.status_code, unknown.json()) == (forged.status_code, forged.json())
    assert unknown.status_code == 401 and unknown.json()["error"] == "bad_signature"
    assert "unknown counter 'NOPE'" in caplog.text


def test_an_old_request_is_refused_even_when_signed(counter, client):
    r = client.post(BATCHES, json=counter.signed(events=events(1, 1), sent_at="2020-01-01T00:00:00Z"))
    assert r.status_code == 401
    assert r.json()["error"] == "stale_request"


def test_a_disabled_counter_is_refused(counter, client, ledger):
    ledger.disable_counter("C001")
    r = client.post(BATCHES, json=counter.signed(events=events(1, 1)))
    assert r.status_code == 403
    assert r.json()["error"] == "counter_disabled"


def _without(body: dict, key: str) -> dict:
    return {k: v for k, v in body.items() if k != key}


MALFORMED = {
    "no signature": lambda b: _without(b, "signature"),
    "empty signature": lambda b: {**b, "signature": ""},
    "signature not hex": lambda b: {**b, "signature": "zz" * 64},
    "zero signature": lambda b: {**b, "signature": "0" * 128},
    "signature r = n": lambda b: {**b, "signature": "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123" + "1" * 64},
    "no counter id": lambda b: _without(b, "counter_id"),
    "seq as string": lambda b: {**b, "events": [{**b["events"][0], "seq": "1"}]},
    "seq zero": lambda b: {**b, "events": [{**b["events"][0], "seq": 0}]},
    "seq not consecutive": lambda b: {**b, "events": [b["events"][0], {**b["events"][1], "seq": 5}]},
    "extra field": lambda b: {**b, "admin": True},
    "payload not an object": lambda b: {**b, "events": [{**b["events"][0], "payload": [1, 2]}]},
    "bad event id": lambda b: {**b, "events": [{**b["events"][0], "event_id": "x"}]},
    "bad time": lambda b: {**b, "sent_at": "yesterday"},
    "events not a list": lambda b: {**b, "events": {"1": "x"}},
}


@pytest.mark.parametrize("mutation", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_or_unsigned_batches_are_refused_with_a_4xx(counter, client, ledger, mutation):
    body = mutation(counter.signed(events=events(1, 2)))
    r = client.post(BATCHES, json=body)
    assert 400 <= r.status_code < 500, r.text
    assert "error" in r.json()
    assert ledger.stats()["events"] == 0


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"null", b"\xff\xfe", b'{"counter_id": NaN}'],
                         ids=["empty", "truncated", "array", "null", "not utf-8", "NaN"])
def test_bodies_that_are_not_json_objects_are_refused_with_a_4xx(counter, client, raw):
    r = client.post(BATCHES, content=raw, headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500, r.text


def test_a_nan_inside_the_payload_is_refused_with_a_4xx(counter, client, ledger):
    # NaN has no canonical JSON form; the test client's json= cannot send it, so the body is written by hand
    raw = json.dumps(counter.signed(events=events(1, 1))).replace('"to_state": "applicant_ok"', '"to_state": NaN')
    r = client.post(BATCHES, content=raw.encode(), headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500, r.text
    assert ledger.stats()["events"] == 0
