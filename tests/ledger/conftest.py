"""Fixtures for the ledger tests: storage on SQLite and on a throwaway PostgreSQL cluster, an in-process client,
enrolled counters, and the real server under uvicorn in a subprocess.

PostgreSQL comes from Debian's binaries (/usr/lib/postgresql/<version>/bin): a cluster is made in a temporary
directory with initdb and started with pg_ctl on 127.0.0.1 and a free port, once per test session; each test
gets a fresh database in it (``pg_cluster`` of tests/pg.py, shared with the sync tests). Missing PostgreSQL
skips on a developer's machine and fails in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from central_ledger.app import create_app
from central_ledger.ledger import Ledger
from central_ledger.storage import Storage
from tests.ledger.signing import CounterKey
from tests.pg import free_port

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty ledger database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'ledger.sqlite3'}"
    return request.getfixturevalue("pg_cluster").create_database()


@pytest.fixture
def storage(db_url) -> Iterator[Storage]:
    s = Storage.open(db_url)
    yield s
    s.close()


@pytest.fixture
def ledger(storage) -> Ledger:
    return Ledger(storage)


@pytest.fixture
def client(storage) -> Iterator[TestClient]:
    """The API in-process (fast); raise_server_exceptions=False so that a 5xx is seen as a response."""
    with TestClient(create_app(storage), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def enroll(ledger, client):
    """Enroll a counter on the ledger and register a fresh key for it, as a counter does; returns its key."""

    def _enroll(counter_id: str = "C001", name: str = "曾都区政务服务中心 1 号窗口") -> CounterKey:
        token = ledger.add_counter(counter_id, name)
        key = CounterKey(counter_id)
        r = client.post("/v1/counters/register", json=key.registration(token))
        assert r.status_code == 201, r.text
        return key

    return _enroll


@pytest.fixture
def counter(enroll) -> CounterKey:
    return enroll("C001")


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real ``central-ledger`` command line (as ``python -m central_ledger``)."""
    return subprocess.run([sys.executable, "-m", "central_ledger", *args], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=120)


@dataclass
class LiveServer:
    base_url: str
    db: str
    process: subprocess.Popen


def start_server(db: str, log_path: Path, *extra_args: str) -> LiveServer:
    """``central-ledger serve`` on ``db`` (``extra_args``: more serve options, e.g. limits)."""
    port = free_port()
    log = open(log_path, "wb")  # noqa: SIM115 - kept open for the server's lifetime
    proc = subprocess.Popen([sys.executable, "-m", "central_ledger", "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning",
                             "--ca-dir", str(log_path.parent / "ledger-ca"), *extra_args], stdout=log, stderr=subprocess.STDOUT,
                            cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):  # bounded wait for readiness; not an assertion on time
        if proc.poll() is not None:
            raise RuntimeError(f"central-ledger serve exited: {log_path.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return LiveServer(base, db, proc)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("central-ledger serve did not become ready")


@pytest.fixture
def live_server(db_url, tmp_path) -> Iterator[LiveServer]:
    """``central-ledger serve`` for real, under uvicorn in a subprocess on a free loopback port."""
    server = start_server(db_url, tmp_path / "server.log")
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
