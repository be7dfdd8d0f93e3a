"""docs/ledger-api.md describes the API the server actually serves."""

from __future__ import annotations

import re
from pathlib import Path

from central_ledger.crypto import is_valid_card_number

DOC = Path(__file__).resolve().parents[2] / "docs" / "ledger-api.md"
ERROR_CODES = ["unknown_counter", "counter_not_registered", "bad_signature", "stale_request", "counter_disabled",
               "malformed_request", "invalid_token", "bad_public_key", "sequence_gap", "sequence_conflict",
               "event_id_reused", "request_reused", "card_numbers_exhausted", "second_active_card",
               "card_number_not_allocated", "card_number_void", "card_number_reused", "invalid_card_number",
               "card_not_yours", "card_status_final", "request_too_large", "rate_limited", "conflict_decided",
               "unknown_conflict"]


def test_every_served_path_is_documented(client):
    text = DOC.read_text(encoding="utf-8")
    for path, methods in client.get("/openapi.json").json()["paths"].items():
        for method in methods:
            assert f"`{method.upper()} {path}`" in text, f"{method.upper()} {path} missing from {DOC.name}"


def test_every_error_code_is_documented():
    text = DOC.read_text(encoding="utf-8")
    assert [c for c in ERROR_CODES if f"`{c}`" not in text] == []


def test_card_numbers_in_the_examples_are_valid():
    numbers = set(re.findall(r'"([0-9A-Z]{8}[0-9X])"', DOC.read_text(encoding="utf-8")))
    assert numbers
    assert [n for n in numbers if not is_valid_card_number(n)] == []
