"""Activation, status and fee reports are recorded once each, however often a sync retry sends them; the bank's
activation of the financial application is recorded from the command line."""

from __future__ import annotations

import pytest

from central_ledger.cardmgmt import CardManagementSystem
from central_ledger.ledger import LedgerError
from tests.ledger.cardmgmt_support import (
    ACTIVATION,
    COMPLETION,
    FEES,
    PERSON,
    PREOPEN,
    STATUS,
    account,
    completion,
)

ACTIVATED = {"card_number": "L00000011", "issuance_id": "iss-1", "application": "social_security",
             "activated_at": "2026-05-01T08:31:00.000000Z", "by": "clerk1"}
CHANGED = {"card_number": "L00000011", "status": "active", "previous": "not_activated", "reason": None,
           "changed_at": "2026-05-01T08:31:00.000000Z"}
FEE = {"issuance_id": "0b6c1c8e-2f5e-4a57-9d3e-6f1f3b0f2a11", "case_number": "0B6C1C8E2F5E4A57", "amount_fen": 2000,
       "method": "qr", "waiver_code": None, "order_id": "0B6C1C8E2F5E4A57-1",
       "settled_at": "2026-05-01T08:20:00.123456+00:00", "refunded": False}


def _count(storage, table: str) -> int:
    with storage.transaction() as tx:
        return tx.one(f"SELECT COUNT(*) AS n FROM {table}")["n"]


def _post(client, key, path, report):
    r = client.post(path, json=key.signed(**report))
    assert r.status_code == 200, r.text
    return r.json()


def test_an_activation_is_recorded_once(counter, client, storage):
    assert _post(client, counter, ACTIVATION, ACTIVATED) == {"status": "recorded"}
    assert _post(client, counter, ACTIVATION, {**ACTIVATED, "activated_at": "2026-05-02T08:00:00Z"}) == \
        {"status": "recorded"}
    with storage.transaction() as tx:
        rows = tx.all("SELECT application, activated_at, activated_by, counter_id FROM card_activations")
    assert rows == [{"application": "social_security", "activated_at": ACTIVATED["activated_at"],
                     "activated_by": "clerk1", "counter_id": "C001"}]  # the first report counts


def test_a_status_change_is_recorded_once_per_report(counter, client, storage):
    for _ in range(3):
        assert _post(client, counter, STATUS, CHANGED) == {"status": "recorded"}
    _post(client, counter, STATUS, {**CHANGED, "status": "locked", "previous": "active"})
    assert _count(storage, "card_status_reports") == 2


def test_the_reference_counters_status_fields_are_taken(counter, client, storage):
    """card_services queues from_status and status_code: from_status is the previous status."""
    report = {"card_number": "L00000011", "status": "locked", "status_code": "3", "from_status": "active",
              "reason": "pin_blocked", "changed_at": "2026-05-01T08:31:00.000000Z"}
    _post(client, counter, STATUS, report)
    with storage.transaction() as tx:
        row = tx.one("SELECT status, status_code, previous, reason FROM card_status_reports")
    assert row == {"status": "locked", "status_code": "3", "previous": "active", "reason": "pin_blocked"}


def test_a_fee_is_recorded_once_and_its_refund_as_a_second_report(counter, client, storage):
    _post(client, counter, FEES, FEE)
    _post(client, counter, FEES, FEE)
    _post(client, counter, FEES, {**FEE, "refunded": True, "settled_at": "2026-05-01T09:00:00+00:00"})
    with storage.transaction() as tx:
        rows = tx.all("SELECT amount_fen, method, refunded FROM fee_reports ORDER BY id")
    assert rows == [{"amount_fen": 2000, "method": "qr", "refunded": 0},
                    {"amount_fen": 2000, "method": "qr", "refunded": 1}]


def test_a_repeat_under_another_report_id_is_the_same_report(counter, client, storage):
    for report_id in ("a" * 32, "b" * 32):
        _post(client, counter, FEES, {**FEE, "report_id": report_id})
        _post(client, counter, STATUS, {**CHANGED, "report_id": report_id})
        _post(client, counter, ACTIVATION, {**ACTIVATED, "report_id": report_id})
    assert [_count(storage, t) for t in ("fee_reports", "card_status_reports", "card_activations")] == [1, 1, 1]


def test_a_waived_fee_without_order_is_recorded(counter, client, storage):
    _post(client, counter, FEES, {**FEE, "amount_fen": 0, "method": "waived", "waiver_code": "elderly",
                                  "order_id": None})
    assert _count(storage, "fee_reports") == 1


@pytest.mark.parametrize("path, report", [(ACTIVATION, {**ACTIVATED, "application": "pki"}),
                                          (FEES, {**FEE, "amount_fen": -1}),
                                          (FEES, {**FEE, "refunded": "no"}),
                                          (STATUS, {**CHANGED, "changed_at": "yesterday"})])
def test_malformed_reports_are_refused(counter, client, path, report):
    r = client.post(path, json=counter.signed(**report))
    assert r.status_code == 422 and r.json()["error"] == "malformed_request"


def test_the_bank_reports_the_financial_applications_activation(counter, client, storage):
    preopen_id = client.post(PREOPEN, json=counter.signed(request_id="preopen-iss-1", person_index=PERSON,
                                                          bank_code="102", issuance_id="iss-1")).json()["preopen_id"]
    client.post(COMPLETION, json=counter.signed(**completion("iss-1", bank_account=account(),
                                                             preopen_id=preopen_id)))
    answer = CardManagementSystem(storage).bank_activated("L00000011")
    assert answer["application"] == "financial" and answer["activated_by"] == "bank:102"
    assert answer["bank_account"] != account() and answer["bank_account"].endswith(account()[-4:])
    with storage.transaction() as tx:
        assert tx.one("SELECT counter_id FROM card_activations WHERE application = 'financial'") == \
            {"counter_id": None}


def test_the_bank_knows_no_account_of_a_card_without_binding(storage):
    with pytest.raises(LedgerError) as refused:
        CardManagementSystem(storage).bank_activated("L00000029")
    assert refused.value.code == "no_bank_account"
