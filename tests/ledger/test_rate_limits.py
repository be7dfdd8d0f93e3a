"""Rate limits per counter (after its signature is checked) and per client address: an empty token bucket
answers 429 ``rate_limited`` with ``Retry-After``; the counter's client treats a 429 as "try later"."""

from __future__ import annotations

from fastapi.testclient import TestClient

from central_ledger.app import create_app
from central_ledger.limits import Limits, TokenBuckets
from tests.ledger.signing import CounterKey, person_index

LOOKUP = "/v1/persons/lookup"


def _client(storage, **limits) -> TestClient:
    return TestClient(create_app(storage, limits=Limits(**limits)), raise_server_exceptions=False)


def _enrolled(ledger, client, counter_id: str) -> CounterKey:
    key = CounterKey(counter_id)
    assert client.post("/v1/counters/register",
                       json=key.registration(ledger.add_counter(counter_id, counter_id))).status_code == 201
    return key


def test_a_counter_over_its_rate_gets_429_with_retry_after_and_others_do_not(storage, ledger):
    with _client(storage, per_counter_rate=0.01, per_counter_burst=3) as client:
        busy, calm = _enrolled(ledger, client, "C001"), _enrolled(ledger, client, "C002")
        answers = [client.post(LOOKUP, json=busy.signed(person_index=person_index("1"))) for _ in range(4)]
        assert [r.status_code for r in answers] == [200, 200, 200, 429]
        assert answers[-1].json()["error"] == "rate_limited"
        assert int(answers[-1].headers["Retry-After"]) >= 1
        assert client.post(LOOKUP, json=calm.signed(person_index=person_index("1"))).status_code == 200


def test_an_address_over_its_rate_gets_429_before_anything_is_parsed(storage):
    with _client(storage, per_address_rate=0.01, per_address_burst=2) as client:
        assert [client.get("/v1/health").status_code for _ in range(3)] == [200, 200, 429]
        r = client.post(LOOKUP, content=b"not even json")
        assert r.status_code == 429 and r.json()["error"] == "rate_limited" and "Retry-After" in r.headers


def test_a_bucket_refills_at_its_rate():
    now = [0.0]
    buckets = TokenBuckets(rate=2.0, burst=2, clock=lambda: now[0])
    buckets.take("a")
    buckets.take("a")
    try:
        buckets.take("a")
        raise AssertionError("the third request went through")
    except Exception as exc:  # RateLimited
        assert exc.retry_after == 1
    now[0] += 0.5
    buckets.take("a")  # one token back after 1/rate seconds


def test_the_default_limits_are_far_above_a_counters_sync():
    defaults = Limits()
    assert defaults.per_counter_burst >= 100 and defaults.per_counter_rate >= 5
    assert defaults.per_address_burst >= defaults.per_counter_burst
