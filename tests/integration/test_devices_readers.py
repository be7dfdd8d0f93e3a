"""`python -m devices up` gives pcscd two virtual readers, the PSAM already inserted in the second one."""

from __future__ import annotations

from tests.integration.conftest import READER_CARD, READER_PSAM, card_connection, transmit


def test_both_readers_appear(devices):
    from smartcard.System import readers

    names = [str(r) for r in readers()]
    assert READER_CARD in names and READER_PSAM in names


def test_status_reports_pcscd_the_psam_and_an_empty_card_slot(devices):
    status = devices.run("status")
    assert status["pcscd"]["running"] and status["daemon"]["running"]
    assert status["psam"]["present"] and status["psam"]["connected"]
    assert status["card"]["present"] is False


def test_up_again_changes_nothing(devices):
    before = devices.run("status")
    after = devices.run("up")
    assert after["daemon"]["pid"] == before["daemon"]["pid"]
    assert after["pcscd"] == before["pcscd"]


def test_the_psam_terminal_number_is_readable(devices):
    with card_connection(READER_PSAM) as conn:
        data, sw = transmit(conn, bytes.fromhex("00B0960006"))
    assert sw == 0x9000 and data.hex() == "421303000001"
