"""LedgerClient's PKI calls against the real ledger: certificates for a card's signing key, the CRL and the CA
certificate; answers that are not what the contract promises are LedgerUnavailable (retry), refusals are
LedgerRefused with the ledger's code."""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Iterator

import httpx
import pytest

from counter_app.crypto import sm2, x509
from counter_app.sync.client import LedgerClient
from counter_app.sync.errors import LedgerRefused, LedgerUnavailable

HOLDER_INDEX = "5f1c" * 16


@pytest.fixture
def client(ledger) -> Iterator[LedgerClient]:
    token = ledger.add_counter("C001")
    with LedgerClient(ledger.url, counter_id="C001", key=sm2.generate_keypair()) as c:
        c.register(token)
        yield c


def card_number(client: LedgerClient) -> str:
    return client.request_block(str(uuid.uuid4()), 1)["numbers"][0]


def test_a_card_key_comes_back_certified_with_its_encryption_key(client: LedgerClient):
    number = card_number(client)
    card_key = sm2.generate_keypair()
    answer = client.request_certificates(number, secrets.token_hex(16), HOLDER_INDEX, card_key.public_key)

    ca = x509.load_certificate(client.fetch_ca_certificate())
    sign = x509.load_certificate(base64.b64decode(answer["sign_certificate"]))
    x509.verify_certificate(sign, ca)
    assert (sign.public_key, sign.subject_cn, sign.serial_hex) == (card_key.public_key, number,
                                                                    answer["sign_serial"])
    assert len(bytes.fromhex(answer["enc_key_envelope"])) == 210


def test_a_retry_with_the_same_request_id_gets_the_same_answer(client: LedgerClient):
    number, card_id, key = card_number(client), secrets.token_hex(16), sm2.generate_keypair().public_key
    request_id = str(uuid.uuid4())
    first = client.request_certificates(number, card_id, HOLDER_INDEX, key, request_id=request_id)
    assert client.request_certificates(number, card_id, HOLDER_INDEX, key, request_id=request_id) == first


def test_the_crl_comes_as_der_signed_by_the_ca(client: LedgerClient):
    crl = x509.load_crl(client.fetch_crl())
    x509.verify_crl(crl, x509.load_certificate(client.fetch_ca_certificate()))


def test_a_lost_card_is_refused_with_card_not_active(client: LedgerClient):
    number = card_number(client)
    client.post_batch([
        {"seq": 1, "event_id": str(uuid.uuid4()), "type": "issuance.transition",
         "occurred_at": "2024-05-01T08:30:00Z", "issuance_id": "iss-1",
         "payload": {"to_state": "issued", "card_number": number, "person_index": HOLDER_INDEX,
                     "application_type": "new"}},
        {"seq": 2, "event_id": str(uuid.uuid4()), "type": "card.status_changed",
         "occurred_at": "2024-05-01T09:30:00Z", "issuance_id": None,
         "payload": {"card_number": number, "status": "lost"}},
    ])
    with pytest.raises(LedgerRefused) as refused:
        client.request_certificates(number, secrets.token_hex(16), HOLDER_INDEX, sm2.generate_keypair().public_key)
    assert (refused.value.status, refused.value.code) == (409, "card_not_active")


def answering(status: int, content: bytes | dict, content_type: str = "application/json") -> LedgerClient:
    """A client whose ledger answers everything with this status and body."""
    body = content if isinstance(content, bytes) else httpx.Response(200, json=content).content

    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"Content-Type": content_type})

    return LedgerClient("http://127.0.0.1:9", counter_id="C001", key=sm2.generate_keypair(),
                        transport=httpx.MockTransport(handler))


GOOD = {"sign_certificate": "MAA=", "enc_certificate": "MAA=", "ca_certificate": "MAA=",
        "enc_key_envelope": "00" * 210, "sign_serial": "11" * 16, "enc_serial": "22" * 16}


@pytest.mark.parametrize("broken", [{"sign_certificate": "not base64!"}, {"ca_certificate": None},
                                    {"enc_key_envelope": "00" * 209}, {"enc_key_envelope": "zz" * 210},
                                    {"sign_serial": ""}])
def test_a_certificate_answer_of_the_wrong_shape_is_unavailable_not_accepted(broken):
    with answering(200, {**GOOD, **broken}) as c, pytest.raises(LedgerUnavailable):
        c.request_certificates("L00000011", "00" * 16, HOLDER_INDEX, sm2.generate_keypair().public_key)
    with answering(200, GOOD) as c:  # the same answer, well-formed, passes the shape check
        assert c.request_certificates("L00000011", "00" * 16, HOLDER_INDEX, sm2.generate_keypair().public_key)


def test_crl_and_ca_answers_are_checked_and_errors_sorted():
    with answering(200, b"<html>proxy login</html>", "text/html") as c:
        with pytest.raises(LedgerUnavailable):
            c.fetch_crl()
        with pytest.raises(LedgerUnavailable):
            c.fetch_ca_certificate()
    with answering(503, {"error": "x", "message": "down"}) as c, pytest.raises(LedgerUnavailable):
        c.fetch_crl()
    with answering(404, {"error": "http_404", "message": "Not Found"}) as c, pytest.raises(LedgerRefused) as refused:
        c.fetch_ca_certificate()
    assert refused.value.code == "http_404"
