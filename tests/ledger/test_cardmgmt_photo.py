"""The photo on file: none until an admin stores one for the person; then the counter gets it back, byte for
byte."""

from __future__ import annotations

import base64

import pytest

from central_ledger.cardmgmt import CardManagementSystem
from central_ledger.ledger import LedgerError
from tests.ledger.cardmgmt_support import OTHER, PERSON, PHOTO

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) + b"\xff\xd9"


def test_no_photo_is_on_file_for_an_unknown_or_photoless_person(counter, client, storage):
    CardManagementSystem(storage).add_person(OTHER)
    for person in (PERSON, OTHER):
        r = client.post(PHOTO, json=counter.signed(person_index=person))
        assert r.status_code == 200 and r.json() == {"on_file": False, "photo_jpeg_b64": None}


def test_a_photo_stored_by_the_admin_is_on_file(counter, client, storage):
    CardManagementSystem(storage).add_person(PERSON, photo_jpeg=JPEG)
    answer = client.post(PHOTO, json=counter.signed(person_index=PERSON)).json()
    assert answer["on_file"] is True and base64.b64decode(answer["photo_jpeg_b64"]) == JPEG


def test_only_a_jpeg_is_stored(storage):
    with pytest.raises(LedgerError) as refused:
        CardManagementSystem(storage).add_person(PERSON, photo_jpeg=b"\x89PNG\r\n\x1a\n")
    assert refused.value.code == "bad_photo"


def test_the_photo_request_is_signed(counter, client):
    body = counter.signed(person_index=PERSON)
    assert client.post(PHOTO, json={**body, "person_index": OTHER}).json()["error"] == "bad_signature"
