"""docs/ledger-api.md describes the online routes the ledger serves with a seal key, and their refusals."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from central_ledger.app import create_app
from central_ledger.crypto import is_valid_card_number
from tests.ledger.test_api_document import DOC
from tests.online_ledger.support import SEAL

CODES = ["no_hall", "not_found", "online_application_unknown", "online_transition_refused",
         "online_progress_malformed", "card_not_yours"]


def test_every_online_path_is_documented(storage):
    text = DOC.read_text(encoding="utf-8")
    with TestClient(create_app(storage, seal_key=SEAL)) as client:
        paths = client.get("/openapi.json").json()["paths"]
    online = [(m, p) for p, methods in paths.items() if p.startswith("/v1/online") for m in methods]
    assert len(online) == 3
    assert [f"{m.upper()} {p}" for m, p in online if f"`{m.upper()} {p}`" not in text] == []
    assert [c for c in CODES if f"`{c}`" not in text] == []


def test_card_numbers_of_the_examples_are_valid():
    numbers = set(re.findall(r'"([0-9A-Z]{8}[0-9X])"', DOC.read_text(encoding="utf-8")))
    assert [n for n in numbers if not is_valid_card_number(n)] == []
