"""Issue 17, the probe: the real server (``central-ledger serve`` on loopback; default limits, but a slower
refill for the burst test) under a 100 MB body, 200 CRL fetches, a lone surrogate, integers beyond
±(2^53 − 1) and a burst of 1,000 requests from one address. No 5xx anywhere; 413, 422 and 429 where due; the
server's memory stays bounded."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from counter_app.crypto import x509
from tests.ledger.conftest import LiveServer, run_cli, start_server
from tests.ledger.signing import CounterKey, event

MB = 1024 * 1024


@pytest.fixture
def server(tmp_path) -> Iterator[LiveServer]:
    live = start_server(f"sqlite://{tmp_path / 'ledger.sqlite3'}", tmp_path / "server.log")
    yield live
    live.process.terminate()
    live.process.wait(timeout=20)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def enroll(server: LiveServer, counter_id: str = "C001") -> CounterKey:
    out = run_cli("counters", "add", "--db", server.db, "--id", counter_id, "--name", counter_id, "--json")
    key = CounterKey(counter_id)
    r = httpx.post(f"{server.base_url}/v1/counters/register", json=key.registration(json.loads(out.stdout)["token"]))
    assert r.status_code == 201, r.text
    return key


def hundred_mb() -> Iterator[bytes]:
    block = b"[" + b"1," * (MB // 2 - 1) + b"1"  # about 1 MB, never more than one block in memory
    for _ in range(100):
        yield block


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_100_mb_body_is_refused_413_without_being_read_into_memory(server, declared):
    before = rss_kib(server.process.pid)
    headers = {"Content-Type": "application/json"}
    if declared:
        headers["Content-Length"] = str(sum(len(b) for b in hundred_mb()))
    r = httpx.post(f"{server.base_url}/v1/events/batches", content=hundred_mb(), headers=headers, timeout=60)

    assert r.status_code == 413, r.text
    assert r.json()["error"] == "request_too_large" and r.json()["max_bytes"] == 2 * MB
    grown = rss_kib(server.process.pid) - before
    print(f"server RSS grew by {grown} KiB for a 100 MB body ({'declared' if declared else 'chunked'})")
    assert grown < 20 * 1024  # far below the 100 MB it was sent
    assert httpx.get(f"{server.base_url}/v1/health").status_code == 200


def test_a_body_just_under_the_limit_is_parsed(server):
    body = b'{"pad": "' + b"x" * (2 * MB - 100) + b'"}'
    r = httpx.post(f"{server.base_url}/v1/events/batches", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] == "malformed_request"  # parsed, then refused for its shape


def test_200_crl_fetches_get_one_crl_number(server):
    with httpx.Client(base_url=server.base_url) as http:
        answers = [http.get("/v1/ca/crl") for _ in range(200)]
    assert {r.status_code for r in answers} == {200}
    assert len({x509.load_crl(r.content).crl_number for r in answers}) == 1
    assert len({r.content for r in answers}) == 1


@pytest.mark.parametrize("value", [r'"\ud800"', r'"abc\udfffdef"', "9007199254740992", "-9007199254740992",
                                   "1" * 400, "1e400"])
def test_a_lone_surrogate_or_an_unsafe_number_anywhere_is_422(server, value):
    key = enroll(server)
    body = key.signed(events=[event(1, payload={"to_state": "applicant_ok", "n": "PLACEHOLDER"})])
    text = json.dumps(body).replace('"PLACEHOLDER"', value)
    for path in ("/v1/events/batches", "/v1/persons/lookup", "/v1/certificates", "/v1/counters/register"):
        r = httpx.post(f"{server.base_url}{path}", content=text.encode(), headers={"Content-Type": "application/json"})
        assert r.status_code == 422, (path, r.text)
        assert r.json()["error"] == "malformed_request"
    if value.startswith('"'):  # as a key, too
        as_key = json.dumps(body).replace('"n"', value)
        r = httpx.post(f"{server.base_url}/v1/events/batches", content=as_key.encode(),
                       headers={"Content-Type": "application/json"})
        assert r.status_code == 422


def test_the_largest_safe_integer_is_still_taken(server):
    key = enroll(server)
    body = key.signed(events=[event(1, payload={"to_state": "applicant_ok", "n": 2**53 - 1, "m": -(2**53 - 1)})])
    r = httpx.post(f"{server.base_url}/v1/events/batches", json=body)
    assert r.status_code == 200, r.text


def test_a_burst_of_1000_requests_from_one_address_is_cut_with_429(tmp_path):
    # The default burst (400) and a refill of 1 a second instead of 20: on a loaded machine 1,000 requests
    # may take longer than the default refill needs, and the test must not depend on speed.
    server = start_server(f"sqlite://{tmp_path / 'ledger.sqlite3'}", tmp_path / "server.log", "--address-rate", "1")
    try:
        _burst(server)
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)


def _burst(server: LiveServer) -> None:
    def get(_: int) -> httpx.Response:
        return httpx.get(f"{server.base_url}/v1/health", timeout=30)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(get, range(1000)))

    statuses = Counter(r.status_code for r in answers)
    print(f"1000 requests from one address: {dict(statuses)}")
    assert set(statuses) <= {200, 429}
    assert statuses[200] >= 400 and statuses[429] > 0  # the burst allowance, then the cut
    limited = next(r for r in answers if r.status_code == 429)
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"] == "rate_limited"
