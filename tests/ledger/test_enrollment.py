"""Counter enrollment: a one-time token from `counters add`, then the counter registers its own public key."""

from __future__ import annotations

from tests.ledger.signing import CounterKey, events


def test_a_counter_registers_its_public_key_with_its_token(ledger, client):
    token = ledger.add_counter("C001", "一号窗口")
    key = CounterKey("C001")

    r = client.post("/v1/counters/register", json=key.registration(token))

    assert r.status_code == 201
    assert r.json()["counter_id"] == "C001"
    assert [c["status"] for c in ledger.list_counters()] == ["active"]


def test_the_token_works_only_once(ledger, client):
    token = ledger.add_counter("C001", "一号窗口")
    assert client.post("/v1/counters/register", json=CounterKey("C001").registration(token)).status_code == 201

    intruder = CounterKey("C001")
    r = client.post("/v1/counters/register", json=intruder.registration(token))

    assert r.status_code == 401
    assert r.json()["error"] == "invalid_token"


def test_a_wrong_token_is_refused(ledger, client):
    ledger.add_counter("C001", "一号窗口")
    r = client.post("/v1/counters/register", json=CounterKey("C001").registration("not-the-token"))
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_token"


def test_registration_must_be_signed_with_the_registered_key(ledger, client):
    token = ledger.add_counter("C001", "一号窗口")
    key, other = CounterKey("C001"), CounterKey("C001")
    body = key.registration(token)
    body["public_key"] = other.public_hex  # proof of possession fails: signed by another key

    r = client.post("/v1/counters/register", json=body)

    assert r.status_code == 401
    assert r.json()["error"] == "bad_signature"
    # the token was not spent by the failed attempt
    assert client.post("/v1/counters/register", json=key.registration(token)).status_code == 201


def test_a_counter_that_has_not_registered_cannot_send_batches(ledger, client):
    ledger.add_counter("C001", "一号窗口")
    r = client.post("/v1/events/batches", json=CounterKey("C001").signed(events=events(1, 1)))
    assert r.status_code == 401
    assert r.json()["error"] == "counter_not_registered"
