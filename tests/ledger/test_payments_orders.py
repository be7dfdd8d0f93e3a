"""Payment orders of the reference gateway as the counter drives them: create (idempotent on order_id, the
counter's own), status, cancel, refund, and the expiry after the payment timeout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from central_ledger.app import create_app
from tests.ledger.cardmgmt_support import ORDERS

ORDER = {"order_id": "0B6C1C8E2F5E4A57-1", "amount_fen": 2000, "subject": "社保卡补换卡费 0B6C1C8E2F5E4A57"}


class Clock:
    """The ledger's clock, moved forward by the test (a few seconds: signed requests stay in their window)."""

    def __init__(self):
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gateway(storage, clock):
    with TestClient(create_app(storage, clock=clock, payment_timeout=timedelta(seconds=30)),
                    raise_server_exceptions=False) as c:
        yield c


def _call(client, key, suffix: str = "", **fields):
    return client.post(ORDERS + suffix, json=key.signed(**fields))


def _pay(client, answer) -> int:
    """The phone: follows the QR link and presses 支付."""
    link = urlsplit(answer["qr_payload"])
    return client.post(link.path, params={"t": parse_qs(link.query)["t"][0]}).status_code


def test_an_order_is_pending_with_a_qr_link_to_the_ledgers_pay_page(counter, gateway):
    r = _call(gateway, counter, **ORDER)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["order_id"] == ORDER["order_id"] and answer["amount_fen"] == 2000
    assert answer["status"] == "pending" and answer["paid_at"] is None
    link = urlsplit(answer["qr_payload"])
    assert (link.scheme, link.netloc, link.path) == ("http", "testserver", f"/pay/{ORDER['order_id']}")
    assert len(parse_qs(link.query)["t"][0]) >= 16
    assert datetime.fromisoformat(answer["expires_at"]) > datetime.now(UTC) + timedelta(seconds=20)


def test_creating_again_gets_the_same_order_and_another_order_under_the_id_is_refused(enroll, gateway):
    a, b = enroll("C001"), enroll("C002")
    first = _call(gateway, a, **ORDER).json()
    assert _call(gateway, a, **ORDER).json() == first
    for key, order in ((a, {**ORDER, "amount_fen": 1}), (b, ORDER)):
        r = _call(gateway, key, **order)
        assert r.status_code == 409 and r.json()["error"] == "order_id_reused"


def test_the_public_url_is_the_base_of_the_qr_link(counter, storage):
    with TestClient(create_app(storage, public_url="https://pay.example.gov.cn/ledger/")) as c:
        answer = _call(c, counter, **ORDER).json()
    assert answer["qr_payload"].startswith(f"https://pay.example.gov.cn/ledger/pay/{ORDER['order_id']}?t=")


def test_paid_then_refunded(counter, gateway):
    created = _call(gateway, counter, **ORDER).json()
    assert _pay(gateway, created) == 200
    paid = _call(gateway, counter, "/status", order_id=ORDER["order_id"]).json()
    assert paid["status"] == "paid" and paid["paid_at"]
    r = _call(gateway, counter, "/cancel", order_id=ORDER["order_id"])
    assert r.status_code == 409 and r.json()["error"] == "order_paid"
    r = _call(gateway, counter, "/refund", order_id=ORDER["order_id"], amount_fen=2001, reason="x")
    assert r.status_code == 409 and r.json()["error"] == "refund_exceeds_amount"
    refund = {"order_id": ORDER["order_id"], "amount_fen": 2000, "reason": "制卡失败"}
    assert _call(gateway, counter, "/refund", **refund).json()["status"] == "refunded"
    assert _call(gateway, counter, "/refund", **refund).json()["status"] == "refunded"  # a retry
    assert _call(gateway, counter, "/status", order_id=ORDER["order_id"]).json()["status"] == "refunded"


def test_a_pending_order_cannot_be_refunded_and_is_cancelled(counter, gateway):
    created = _call(gateway, counter, **ORDER).json()
    r = _call(gateway, counter, "/refund", order_id=ORDER["order_id"], amount_fen=2000, reason="x")
    assert r.status_code == 409 and r.json()["error"] == "order_not_paid"
    assert _call(gateway, counter, "/cancel", order_id=ORDER["order_id"]).json()["status"] == "cancelled"
    assert _call(gateway, counter, "/cancel", order_id=ORDER["order_id"]).json()["status"] == "cancelled"
    assert _pay(gateway, created) == 409  # the phone comes too late


def test_an_order_not_paid_in_time_expires_and_cannot_be_paid(counter, gateway, clock):
    created = _call(gateway, counter, **ORDER).json()
    clock.offset = timedelta(seconds=31)
    assert _call(gateway, counter, "/status", order_id=ORDER["order_id"]).json()["status"] == "expired"
    assert _pay(gateway, created) == 410
    assert _call(gateway, counter, "/status", order_id=ORDER["order_id"]).json()["status"] == "expired"
    assert _call(gateway, counter, "/cancel", order_id=ORDER["order_id"]).json()["status"] == "cancelled"


def test_another_counters_order_is_unknown_to_it(enroll, gateway):
    a, b = enroll("C001"), enroll("C002")
    _call(gateway, a, **ORDER)
    for suffix, extra in (("/status", {}), ("/cancel", {}), ("/refund", {"amount_fen": 1, "reason": "x"})):
        r = _call(gateway, b, suffix, order_id=ORDER["order_id"], **extra)
        assert r.status_code == 404 and r.json()["error"] == "unknown_order"
    assert _call(gateway, a, "/status", order_id=ORDER["order_id"]).json()["status"] == "pending"


def test_order_requests_are_signed(counter, gateway):
    body = counter.signed(**ORDER)
    assert gateway.post(ORDERS, json={**body, "amount_fen": 1}).json()["error"] == "bad_signature"
