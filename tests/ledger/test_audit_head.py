"""The counter's audit-chain head at the ledger: issuance transitions carry ``payload.audit_seq`` and
``payload.audit_hash``; the ledger keeps per counter the highest seen (never moving back) and answers it on the
signed ``POST /v1/counters/audit-head`` (nulls before any)."""

from __future__ import annotations

from datetime import datetime

from tests.ledger.signing import CounterKey, event

BATCHES = "/v1/events/batches"
HEAD = "/v1/counters/audit-head"


def transition(seq: int, audit_seq, audit_hash, to_state: str = "applicant_ok") -> dict:
    return event(seq, payload={"to_state": to_state, "audit_seq": audit_seq, "audit_hash": audit_hash},
                 issuance_id=f"iss-{seq}")


def test_nothing_seen_yet_answers_nulls(counter, client):
    r = client.post(HEAD, json=counter.signed())
    assert r.status_code == 200, r.text
    assert r.json() == {"counter_id": "C001", "audit_seq": None, "audit_hash": None, "event_seq": None,
                        "recorded_at": None}


def test_the_highest_audit_seq_is_kept_with_its_hash_and_never_moves_back(counter, client):
    batch = [transition(1, 40, "aa" * 32), transition(2, 42, "bb" * 32), transition(3, 41, "cc" * 32)]
    assert client.post(BATCHES, json=counter.signed(events=batch)).status_code == 200
    later = [transition(4, 7, "dd" * 32),  # lower: ignored
             transition(5, "99", "ee" * 32), transition(6, True, "ee" * 32), transition(7, 99, 5),  # ill-typed
             event(8, type_="something.else", payload={"audit_seq": 500, "audit_hash": "ff" * 32})]
    assert client.post(BATCHES, json=counter.signed(events=later)).status_code == 200

    head = client.post(HEAD, json=counter.signed()).json()

    assert (head["counter_id"], head["audit_seq"], head["audit_hash"], head["event_seq"]) == \
        ("C001", 42, "bb" * 32, 2)
    assert datetime.fromisoformat(head["recorded_at"]).tzinfo is not None


def test_each_counter_has_its_own_head(enroll, client):
    a, b = enroll("C001"), enroll("C002")
    client.post(BATCHES, json=a.signed(events=[transition(1, 5, "aa" * 32)]))
    assert client.post(HEAD, json=b.signed()).json()["audit_seq"] is None
    assert client.post(HEAD, json=a.signed()).json()["audit_seq"] == 5


def test_the_head_is_asked_for_with_a_signed_request_only(counter, client):
    assert client.post(HEAD, json=CounterKey("C001").signed()).status_code == 401  # another key
    r = client.post(HEAD, json=counter.signed(extra=1))
    assert r.status_code == 422 and r.json()["error"] == "malformed_request"
