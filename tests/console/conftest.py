"""Fixtures of the console's tests: a seeded ledger (tests/console/seed.py) on SQLite, the app in-process over
HTTPS-looking URLs (so that the Secure cookies are sent, as a browser does), and signing in as each role."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from central_ledger.app import create_app
from central_ledger.context import ConsoleOptions
from central_ledger.storage import Storage
from tests.console.seed import BEIJING, PASSWORD, Expected, seed

NOW = dt.datetime(2026, 3, 2, 6, 30, tzinfo=dt.UTC)  # 14:30 in Beijing
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[tuple[Storage, Expected]]:
    """One seeded SQLite ledger per test module (seeding takes a second or two)."""
    path = tmp_path_factory.mktemp("console") / "ledger.sqlite3"
    storage = Storage.open(f"sqlite://{path}")
    expected = seed(storage, NOW, BEIJING)
    yield storage, expected
    storage.close()


@pytest.fixture
def expected(seeded) -> Expected:
    return seeded[1]


@pytest.fixture
def app(seeded):
    return create_app(seeded[0], clock=Clock(NOW), timezone=BEIJING, console=ConsoleOptions())


@pytest.fixture
def anonymous(app) -> Iterator[TestClient]:
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=True) as c:
        yield c


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/console/login")
    assert page.status_code == 200
    r = client.post("/console/login", data={"username": username, "password": password,
                                            "csrf_token": csrf_of(page.text), "next": "/console/today"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


@pytest.fixture
def as_role(app):
    """``as_role("admin")``: a client signed in as that seeded staff member."""
    clients = []

    def _as(username: str) -> TestClient:
        c = TestClient(app, base_url="https://testserver", raise_server_exceptions=True)
        c.__enter__()
        clients.append(c)
        return sign_in(c, username)

    yield _as
    for c in clients:
        c.__exit__(None, None, None)
