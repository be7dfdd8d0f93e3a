"""Helpers of the card-management and payment tests: signed calls, events that make issuances and cards, and
bank account numbers (Luhn) as a co-issuing bank would give them."""

from __future__ import annotations

from tests.ledger.signing import event, person_index

BATCHES, BLOCKS = "/v1/events/batches", "/v1/card-numbers/blocks"
ELIGIBILITY, PHOTO = "/v1/cardmgmt/eligibility", "/v1/cardmgmt/photo"
PREOPEN, COMPLETION = "/v1/cardmgmt/bank/preopen", "/v1/cardmgmt/completion"
ACTIVATION, STATUS, FEES = "/v1/cardmgmt/activation", "/v1/cardmgmt/status", "/v1/cardmgmt/fees"
ORDERS = "/v1/payments/orders"

PERSON = person_index("42130319900101123X")
OTHER = person_index("421303198505050016")
NAME = "a" * 64
OTHER_NAME = "b" * 64


def luhn_complete(body: str) -> str:
    """``body`` with its Luhn check digit appended (the virtual card stock's own, devices.vcard.financial)."""
    from devices.vcard.financial import luhn_digit

    return body + luhn_digit(body)


def account(bin_: str = "621226", serial: int = 1) -> str:
    """A 19-digit account number of the bank with BIN ``bin_``."""
    return luhn_complete(f"{bin_}{serial:012d}")


def numbers(client, key, count: int = 2) -> list[str]:
    r = client.post(BLOCKS, json=key.signed(count=count))
    assert r.status_code == 200, r.text
    return r.json()["numbers"]


def transition(seq: int, issuance_id: str, to_state: str, person: str = PERSON, **fields) -> dict:
    return event(seq, payload={"to_state": to_state, "person_index": person, **fields}, issuance_id=issuance_id)


def send(client, key, *events: dict) -> dict:
    r = client.post(BATCHES, json=key.signed(events=list(events)))
    assert r.status_code == 200, r.text
    return r.json()


def ask(client, key, person: str = PERSON, application_type: str = "new", name_index: str | None = NAME,
        reason: str | None = None) -> dict:
    r = client.post(ELIGIBILITY, json=key.signed(person_index=person, name_index=name_index,
                                                 application_type=application_type, reason=reason,
                                                 region_code="421303"))
    assert r.status_code == 200, r.text
    return r.json()


def completion(issuance_id: str, *, person: str = PERSON, bank_code: str | None = "102",
               bank_account: str | None = None, preopen_id: str | None = None, card_number: str = "L00000011",
               name_index: str | None = NAME) -> dict:
    return {"issuance_id": issuance_id, "card_number": card_number, "card_id": "0" * 32, "person_index": person,
            "name_index": name_index, "bank_code": bank_code, "bank_account": bank_account,
            "preopen_id": preopen_id, "completed_at": "2026-05-01T08:30:00.000000Z"}
