"""LedgerClient's online routes against the contract (a fake ledger through httpx.MockTransport)."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from counter_app.crypto import sm2
from counter_app.sync.client import LedgerClient, canonical_json
from counter_app.sync.errors import LedgerRefused, LedgerUnavailable
from tests.online_counter.samples import app_id, application_json

KEY = sm2.generate_keypair()


def client(handler) -> LedgerClient:
    return LedgerClient("http://127.0.0.1:9", counter_id="C001", key=KEY, transport=httpx.MockTransport(handler))


def signed_fields(request: httpx.Request) -> dict:
    body = json.loads(request.content)
    signature = bytes.fromhex(body.pop("signature"))
    assert sm2.verify(KEY.public_key, canonical_json(body), signature)
    assert body["counter_id"] == "C001" and body["request_id"] and body["sent_at"].endswith("Z")
    return {k: v for k, v in body.items() if k not in ("counter_id", "request_id", "sent_at")}


def test_due_sends_the_signed_day_and_reads_the_applications():
    seen = []

    def handler(request):
        seen.append((request.url.path, signed_fields(request)))
        return httpx.Response(200, json={"applications": [application_json()]})

    with client(handler) as c:
        apps = c.online_due(dt.date(2026, 12, 6))
    assert seen == [("/v1/online/due", {"day": "2026-12-06"})]
    assert [a.app_id for a in apps] == [app_id()]


@pytest.mark.parametrize("keys", [{"id_number": "421303199003070019"}, {"qr_token": "tok_" + "A" * 28},
                                  {"app_id": "WA12345678901"}])
def test_lookup_sends_exactly_the_one_key(keys):
    seen = []

    def handler(request):
        seen.append((request.url.path, signed_fields(request)))
        return httpx.Response(200, json=application_json())

    with client(handler) as c:
        assert c.online_lookup(**keys).app_id == app_id()
    assert seen == [("/v1/online/lookup", keys)]


def test_lookup_not_found_is_none_and_other_refusals_raise():
    def handler(request):
        fields = signed_fields(request)
        if "app_id" in fields:
            return httpx.Response(404, json={"error": "not_found", "message": "no such application"})
        return httpx.Response(403, json={"error": "not_enrolled", "message": "unknown counter"})

    with client(handler) as c:
        assert c.online_lookup(app_id="WA12345678901") is None
        with pytest.raises(LedgerRefused):
            c.online_lookup(qr_token="tok_" + "A" * 28)
        with pytest.raises(ValueError):
            c.online_lookup()
        with pytest.raises(ValueError):
            c.online_lookup(app_id="WA12345678901", qr_token="x")


def test_postal_sends_the_limit():
    seen = []
    postal = application_json(collection="post", hall_id=None, collect_day=None, postal_address="某地某路1号")

    def handler(request):
        seen.append((request.url.path, signed_fields(request)))
        return httpx.Response(200, json={"applications": [postal]})

    with client(handler) as c:
        apps = c.online_postal(25)
        with pytest.raises(ValueError):
            c.online_postal(0)
    assert seen == [("/v1/online/postal", {"limit": 25})]
    assert apps[0].postal_address == "某地某路1号" and apps[0].collection == "post"


@pytest.mark.parametrize("answer", [{}, {"applications": "x"}, {"applications": [{"app_id": "WA1"}]}])
def test_a_malformed_answer_is_unavailable_not_accepted(answer):
    with client(lambda _r: httpx.Response(200, json=answer)) as c, pytest.raises(LedgerUnavailable):
        c.online_due(dt.date(2026, 12, 6))


def test_a_down_ledger_is_unavailable():
    with client(lambda _r: httpx.Response(503)) as c, pytest.raises(LedgerUnavailable):
        c.online_lookup(id_number="421303199003070019")
