"""The counter's online-application service over a fresh counter database, with a fake ledger speaking the
contract of docs/online-applications.md through the real ``LedgerClient`` (httpx.MockTransport), and the flow
over the simulated card in process (the fixtures of tests/flow/conftest.py)."""

from __future__ import annotations

import json

import httpx
import pytest

from counter_app.crypto import sm2
from counter_app.services.online_applications import OnlineApplicationService
from counter_app.sync.client import LedgerClient
from tests.flow.conftest import counter, encoder, flow, printer, services  # noqa: F401  (fixtures)


class FakeLedger:
    """``/v1/online/due`` and ``/v1/online/lookup`` over ``applications`` (Application JSON); ``down`` answers
    503. ``requests`` keeps (path, fields) of every call."""

    def __init__(self):
        self.applications: list[dict] = []
        self.down = False
        self.requests: list[tuple[str, dict]] = []
        self.key = sm2.generate_keypair()

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        fields = {k: v for k, v in body.items() if k not in ("counter_id", "request_id", "sent_at", "signature")}
        self.requests.append((request.url.path, fields))
        if self.down:
            return httpx.Response(503)
        if request.url.path == "/v1/online/due":
            return httpx.Response(200, json={"applications": [a for a in self.applications
                                                              if a["collect_day"] == fields["day"]]})
        if request.url.path == "/v1/online/lookup":
            for a in self.applications:
                if ("app_id" in fields and a["app_id"] == fields["app_id"]) or \
                        ("qr_token" in fields and a["qr_token"] == fields["qr_token"]) or \
                        ("id_number" in fields and a["applicant"]["document_number"] == fields["id_number"]):
                    return httpx.Response(200, json=a)
            return httpx.Response(404, json={"error": "not_found", "message": "no such application"})
        return httpx.Response(404, json={"error": "no_route", "message": request.url.path})

    def client(self, timeout: float | None = None) -> LedgerClient:
        return LedgerClient("http://127.0.0.1:9", counter_id="C001", key=self.key,
                            transport=httpx.MockTransport(self.handler), timeout=timeout or 5.0)


@pytest.fixture
def ledger() -> FakeLedger:
    return FakeLedger()


@pytest.fixture
def online(services, ledger) -> OnlineApplicationService:  # noqa: F811
    return OnlineApplicationService(services, ledger=ledger.client)
