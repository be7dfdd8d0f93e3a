"""The PSAM slot: a PSAM with the wrong key set can be swapped in (and the demo PSAM back)."""

from __future__ import annotations

from tests.integration.conftest import READER_PSAM, card_connection, transmit, wait_card_absent


def terminal_number() -> str:
    with card_connection(READER_PSAM) as conn:
        data, sw = transmit(conn, bytes.fromhex("00B0960006"))
    assert sw == 0x9000
    return data.hex()


def test_the_wrong_key_psam_replaces_the_demo_psam_and_back(devices):
    answer = devices.run("psam", "insert", "--wrong-keys")
    assert answer["psam"]["label"] == "wrong-keys"
    assert terminal_number() == "421303000099"
    devices.run("psam", "insert")
    assert terminal_number() == "421303000001"


def test_removing_the_psam_empties_its_reader(devices):
    devices.run("psam", "remove")
    try:
        assert wait_card_absent(READER_PSAM)
        assert devices.run("status")["psam"]["present"] is False
    finally:
        devices.run("psam", "insert")
    assert terminal_number() == "421303000001"
