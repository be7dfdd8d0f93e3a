"""What the reference counter's client (counter_app.sync.client.LedgerClient, unchanged) makes of the ledger's
ownership answers: a certificate request for another counter's card is a LedgerRefused 409 ``card_not_yours``
whose message says so in both languages; a batch with a queued event is an ordinary answer (acknowledged), its
conflict listed."""

from __future__ import annotations

import json
import secrets
import uuid

import pytest

from counter_app.crypto import sm2
from counter_app.sync.client import LedgerClient
from counter_app.sync.errors import LedgerRefused
from tests.ledger.conftest import run_cli

HOLDER_INDEX = "5f1c" * 16


def _client(server, counter_id: str) -> LedgerClient:
    out = run_cli("counters", "add", "--db", server.db, "--id", counter_id, "--name", counter_id, "--json")
    client = LedgerClient(server.base_url, counter_id=counter_id, key=sm2.generate_keypair())
    client.register(json.loads(out.stdout)["token"])
    return client


def test_the_counter_gets_a_clear_refusal_and_an_acknowledged_batch(live_server):
    c001, c002 = _client(live_server, "C001"), _client(live_server, "C002")
    try:
        number = c001.request_block(str(uuid.uuid4()), 1)["numbers"][0]

        with pytest.raises(LedgerRefused) as refused:
            c002.request_certificates(number, secrets.token_hex(16), HOLDER_INDEX, sm2.generate_keypair().public_key)

        assert (refused.value.status, refused.value.code) == (409, "card_not_yours")
        assert isinstance(refused.value.body["queue_id"], int)
        assert "card_not_yours" in refused.value.message("zh") and "不是分配给本柜台" in refused.value.message("zh")
        assert "neither allocated to nor issued by this counter" in refused.value.message("en")

        answer = c002.post_batch([{"seq": 1, "event_id": str(uuid.uuid4()), "type": "card.status_changed",
                                   "occurred_at": "2024-05-01T08:30:00Z", "issuance_id": None,
                                   "payload": {"card_number": number, "status": "lost"}}])
        assert answer["acknowledged_seq"] == 1 and answer["queued"] == [1]
        assert [c["kind"] for c in answer["conflicts"]] == ["card_not_yours"]
    finally:
        c001.close()
        c002.close()
