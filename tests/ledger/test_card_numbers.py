"""Card-number blocks: handed out ahead of time, valid check characters, unique across counters, never reused."""

from __future__ import annotations

import re

from central_ledger.crypto import card_check_char, is_valid_card_number

BLOCKS = "/v1/card-numbers/blocks"


def test_the_check_character_follows_the_data_standard():
    assert is_valid_card_number("X00000019")
    assert card_check_char("X0000001") == "9"
    assert not is_valid_card_number("X00000018")
    assert not is_valid_card_number("x00000019")
    assert not is_valid_card_number("X0000001")


def test_check_characters_cover_x_and_zero():
    """C = 11 - (S mod 11): C = 10 is written 'X', C = 11 is written '0'."""
    assert card_check_char("00000000") == "0"  # S = 0 -> C = 11
    assert card_check_char("00000006") == "X"  # S = 6 * 2 = 12 -> S mod 11 = 1 -> C = 10
    assert card_check_char("00000005") == "1"  # S = 10 -> C = 1


def test_a_counter_gets_a_block_of_valid_numbers(counter, client):
    r = client.post(BLOCKS, json=counter.signed(count=50))

    assert r.status_code == 200
    numbers = r.json()["numbers"]
    assert len(numbers) == len(set(numbers)) == 50
    assert all(re.fullmatch(r"[0-9A-Z]{8}[0-9X]", n) and is_valid_card_number(n) for n in numbers)


def test_blocks_never_overlap_across_counters(enroll, client):
    a, b = enroll("C001"), enroll("C002")
    seen: list[str] = []
    for key in (a, b, a, b):
        seen += client.post(BLOCKS, json=key.signed(count=100)).json()["numbers"]
    assert len(seen) == len(set(seen)) == 400


def test_a_retried_request_gets_the_same_block(counter, client):
    body = counter.signed(count=10)
    first = client.post(BLOCKS, json=body).json()
    again = client.post(BLOCKS, json=body).json()
    assert again == first


def test_a_block_request_is_signed(counter, client):
    body = counter.signed(count=10)
    body["count"] = 1000
    r = client.post(BLOCKS, json=body)
    assert r.status_code == 401


def test_a_spoiled_cards_number_is_void_and_never_handed_out_again(counter, client, storage):
    from tests.ledger.signing import event

    number = client.post(BLOCKS, json=counter.signed(count=1)).json()["numbers"][0]
    spoiled = event(1, type_="card_number.void", payload={"card_number": number, "reason": "encode_failed"})
    assert client.post("/v1/events/batches", json=counter.signed(events=[spoiled])).status_code == 200

    with storage.transaction() as tx:
        assert tx.one("SELECT status FROM card_numbers WHERE card_number = ?", (number,))["status"] == "void"
    later = client.post(BLOCKS, json=counter.signed(count=20)).json()["numbers"]
    assert number not in later
