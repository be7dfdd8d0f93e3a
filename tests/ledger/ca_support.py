"""Fixtures and helpers of the CA tests: a ledger app with its CA, a counter enrolled on it, and cards that have
made their signing key pair (as GENERATE SM2 KEY PAIR does on the card), written with gmssl from the PKI contract.

A test module binds the fixtures it uses: ``ca, ca_client, driver = ca_support.ca, ca_support.ca_client,
ca_support.driver`` (this directory's conftest.py belongs to the other ledger tests).
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from gmssl import sm2

from central_ledger.app import create_app
from central_ledger.ca import CertificateAuthority, open_ca
from tests.ledger.signing import CounterKey, event, person_index

CURVE = sm2.default_ecc_table
N = int(CURVE["n"], 16)


@pytest.fixture
def ca(storage, tmp_path) -> CertificateAuthority:
    return open_ca(storage, tmp_path / "ca", create=True)


@pytest.fixture
def ca_client(storage, ca) -> Iterator[TestClient]:
    with TestClient(create_app(storage, ca=ca), raise_server_exceptions=False) as c:
        yield c


@dataclass
class Card:
    """A 3.0 card after GENERATE SM2 KEY PAIR: its number, 卡识别码, holder and signing key pair."""

    number: str
    holder_id_number: str = "420381199003071234"
    card_id: str = field(default_factory=lambda: secrets.token_hex(16).upper())
    private_key: int = field(default_factory=lambda: secrets.randbelow(N - 2) + 1, repr=False)

    @property
    def holder_index(self) -> str:
        return person_index(self.holder_id_number)

    @property
    def public_key(self) -> bytes:
        crypt = sm2.CryptSM2(private_key=f"{self.private_key:064x}", public_key="")
        return bytes.fromhex("04" + crypt._kg(self.private_key, CURVE["g"]))

    def new_key(self) -> None:
        """GENERATE again: a new signing key pair replaces the old one."""
        self.private_key = secrets.randbelow(N - 2) + 1


class LedgerDriver:
    """One enrolled counter talking to the ledger: card numbers, certificate requests and events."""

    def __init__(self, client: TestClient, key: CounterKey):
        self.client = client
        self.key = key
        self.seq = 0
        self._numbers: list[str] = []

    def card(self, **kw: Any) -> Card:
        if not self._numbers:
            r = self.client.post("/v1/card-numbers/blocks", json=self.key.signed(count=20))
            assert r.status_code == 200, r.text
            self._numbers = r.json()["numbers"]
        return Card(self._numbers.pop(0), **kw)

    def request_certificates(self, card: Card, **override: Any):
        fields = {"card_number": card.number, "card_id": card.card_id, "holder_index": card.holder_index,
                  "sign_public_key": card.public_key.hex(), **override}
        return self.client.post("/v1/certificates", json=self.key.signed(**fields))

    def certificates(self, card: Card) -> dict[str, Any]:
        r = self.request_certificates(card)
        assert r.status_code == 200, r.text
        return r.json()

    def send(self, type_: str, payload: dict[str, Any], issuance_id: str | None = None) -> dict[str, Any]:
        self.seq += 1
        r = self.client.post("/v1/events/batches", json=self.key.signed(events=[
            event(self.seq, type_, payload, issuance_id=issuance_id)]))
        assert r.status_code == 200, r.text
        return r.json()

    def issued(self, card: Card, *, replaces: str | None = None) -> None:
        payload = {"to_state": "issued", "card_number": card.number, "person_index": card.holder_index,
                   "application_type": "replacement" if replaces else "new"}
        if replaces:
            payload["replaces_card_number"] = replaces
        self.send("issuance.transition", payload, issuance_id=str(uuid.uuid4()))

    def status_changed(self, card: Card, status: str | int) -> None:
        self.send("card.status_changed", {"card_number": card.number, "status": status})

    def crl(self) -> bytes:
        r = self.client.get("/v1/ca/crl")
        assert r.status_code == 200 and r.headers["content-type"] == "application/pkix-crl", r.text
        return r.content

    def ca_pem(self) -> bytes:
        r = self.client.get("/v1/ca/certificate")
        assert r.status_code == 200 and r.headers["content-type"] == "application/x-pem-file", r.text
        return r.content


@pytest.fixture
def driver(ledger, ca_client) -> LedgerDriver:
    token = ledger.add_counter("C001", "曾都区政务服务中心 1 号窗口")
    key = CounterKey("C001")
    r = ca_client.post("/v1/counters/register", json=key.registration(token))
    assert r.status_code == 201, r.text
    return LedgerDriver(ca_client, key)


def der(b64: str) -> bytes:
    return base64.b64decode(b64)
