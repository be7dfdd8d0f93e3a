"""The real server: `central-ledger serve` under uvicorn in a subprocess, spoken to over loopback HTTP."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.ledger.conftest import run_cli
from tests.ledger.signing import CounterKey, events


def _enroll(server, counter_id: str) -> CounterKey:
    out = run_cli("counters", "add", "--db", server.db, "--id", counter_id, "--name", f"窗口 {counter_id}", "--json")
    key = CounterKey(counter_id)
    r = httpx.post(f"{server.base_url}/v1/counters/register", json=key.registration(json.loads(out.stdout)["token"]))
    assert r.status_code == 201, r.text
    return key


def test_the_server_publishes_its_openapi(live_server):
    spec = httpx.get(f"{live_server.base_url}/openapi.json").json()
    assert {"/v1/counters/register", "/v1/events/batches", "/v1/card-numbers/blocks",
            "/v1/persons/lookup"} <= spec["paths"].keys()


def test_two_counters_pushing_at_once_both_get_everything_stored(live_server):
    keys = [_enroll(live_server, "C001"), _enroll(live_server, "C002")]

    def push(key: CounterKey) -> list[int]:
        acks = []
        with httpx.Client(base_url=live_server.base_url, timeout=120) as http:
            for first in range(1, 2001, 500):
                r = http.post("/v1/events/batches", json=key.signed(events=events(first, first + 499)))
                assert r.status_code == 200, r.text
                acks.append(r.json()["acknowledged_seq"])
                blocks = http.post("/v1/card-numbers/blocks", json=key.signed(count=100))
                assert blocks.status_code == 200, blocks.text
        return acks

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(push, keys))

    assert results == [[500, 1000, 1500, 2000]] * 2
    stats = json.loads(run_cli("stats", "--db", live_server.db, "--json").stdout)
    assert stats["events"] == 4000
    assert stats["counters"] == 2


def test_a_malformed_request_to_the_real_server_is_a_4xx(live_server):
    r = httpx.post(f"{live_server.base_url}/v1/events/batches", content=b"not json",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"] == "malformed_request"
