"""Online applications for the ledger's tests: sealed rows inserted through ``online_apps`` as the citizens'
portal does, halls and counters, and a counter's progress events fed through the ledger's own deriver."""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from typing import Any

from central_ledger import online_apps
from central_ledger.derive import Deriver, StoredEvent
from central_ledger.online_apps import OnlineApplicationRow
from central_ledger.seal import SealKey
from central_ledger.storage import Storage, Tx

NOW = "2026-12-06T02:00:00.000000+00:00"
DAY = "2026-12-08"
MASTER = bytes(range(32))
SEAL = SealKey.from_master(MASTER)
PERSON = "b" * 64  # a blind index's shape (SM3 hex)
# A small but real JPEG (SOI, APP0 JFIF, ..., EOI): the scan looks for its magic bytes FF D8 FF.
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + bytes(64) + bytes.fromhex("ffd9")

# Realistic personal data (the check digit of the ID number is right: GB 11643).
ID_NUMBER = "42030219900307201X"
NAME = "欧阳明珠"
MOBILE = "13907195528"
ADDRESS = "湖北省十堰市茅箭区人民南路 88 号 3 栋 2 单元 501 室"

_seq = itertools.count(1)


def applicant(id_number: str = ID_NUMBER, name: str = NAME, application: str = "replacement") -> dict[str, Any]:
    """The counter's ``Applicant.to_dict()`` shape."""
    return {"document_type": "01", "document_number": id_number, "name": name, "sex": "2", "ethnicity": "01",
            "birth_date": "1990-03-07", "birthplace": "420302", "nationality": "CHN", "phone": MOBILE,
            "address": ADDRESS, "application_type": application, "reason": "11" if application == "replacement"
            else None, "chip_name": None, "occupation": "", "id_valid_from": None, "id_valid_to": None,
            "id_valid_long_term": True, "issuing_authority": "", "household_type": "", "bank_code": "",
            "guardian": None, "agent": None}


def new_row(*, status: str = online_apps.APPROVED, collection: str = "hall", hall_id: str | None = "H1",
            collect_day: str | None = DAY, id_number: str = ID_NUMBER, name: str = NAME, mobile: str = MOBILE,
            application: str = "replacement", address: str = ADDRESS, created_at: str = NOW,
            photo: bytes = JPEG, **extra: Any) -> OnlineApplicationRow:
    identity = json.dumps({"applicant": applicant(id_number, name, application), "mobile": mobile},
                          ensure_ascii=False)
    values: dict[str, Any] = dict(
        app_id=online_apps.new_app_id(), id_index=SEAL.id_index(id_number), mobile_index=SEAL.mobile_index(mobile),
        identity=SEAL.seal_text(identity), photo=SEAL.seal(photo), photo_checks=json.dumps(["face_found"]),
        application=application, reason="11" if application == "replacement" else None, collection=collection,
        hall_id=hall_id if collection == "hall" else None, collect_day=collect_day if collection == "hall" else None,
        postal_address=SEAL.seal_text(address) if collection == "post" else None,
        postal_township="420302001" if collection == "post" else None, status=status, reason_code=None,
        reviewed_by=None, reviewed_at=None, counter_id=None, issuance_id=None, card_number=None,
        tracking_number=None, qr_token=online_apps.new_qr_token(), created_at=created_at, updated_at=created_at)
    values.update(extra)
    return OnlineApplicationRow(**values)


def insert(storage: Storage, **kwargs: Any) -> OnlineApplicationRow:
    row = new_row(**kwargs)
    with storage.transaction(write=True) as tx:
        online_apps.insert(tx, row)
    return row


def add_hall(storage: Storage, hall_id: str, name: str) -> None:
    with storage.transaction(write=True) as tx:
        tx.execute("INSERT INTO halls (hall_id, name, township_code, created_at) VALUES (?, ?, ?, ?)",
                   (hall_id, name, None, NOW))


def set_hall(storage: Storage, counter_id: str, hall_id: str | None) -> None:
    with storage.transaction(write=True) as tx:
        tx.execute("UPDATE counters SET hall_id = ? WHERE counter_id = ?", (hall_id, counter_id))


def event(counter_id: str, type_: str, payload: dict[str, Any], issuance_id: str | None = None,
          at: str = NOW) -> StoredEvent:
    return StoredEvent(counter_id, next(_seq), uuid.uuid4().hex, type_, at, issuance_id, payload, "0" * 64)


def derive(storage: Storage, *events: StoredEvent) -> list:
    with storage.transaction(write=True) as tx:
        return Deriver(tx, NOW).apply(list(events))


def allocate(tx: Tx, counter_id: str, card_number: str) -> None:
    """The card number as allocated to the counter (the ownership rule of issued cards)."""
    tx.execute("INSERT INTO card_blocks (block_id, counter_id, request_id, first_value, count, allocated_at)"
               " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
               (f"B-{card_number}", counter_id, f"r-{card_number}", 1, 1, NOW))
    tx.execute("INSERT INTO card_numbers (card_number, counter_id, block_id, status, allocated_at)"
               " VALUES (?, ?, ?, 'allocated', ?)", (card_number, counter_id, f"B-{card_number}", NOW))


def issued(counter_id: str, issuance_id: str, card_number: str, *, application: str = "replacement",
           person_index: str = PERSON, **payload: Any) -> StoredEvent:
    return event(counter_id, "issuance.transition",
                 {"issuance_id": issuance_id, "action": "hand_over", "to_state": "issued",
                  "card_number": card_number, "person_index": person_index,
                  "application_type": "replacement" if application != "new" else "new",
                  "application": application, **payload}, issuance_id)


def progress(counter_id: str, app_id: str, status: str, *, issuance_id: str = "I-1", card_number: str | None = None,
             tracking_number: str | None = None) -> StoredEvent:
    return event(counter_id, "online_application.progress",
                 {"app_id": app_id, "status": status, "issuance_id": issuance_id, "card_number": card_number,
                  "tracking_number": tracking_number})


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def card_number(n: int, prefix: str = "X") -> str:
    from central_ledger.crypto import card_check_char

    body = f"{prefix}{n:07d}"
    return body + card_check_char(body)
