"""The user-card slot through pcscd: a blank card answers, keeps its content, and can be torn."""

from __future__ import annotations

from tests.integration.conftest import READER_CARD, card_connection, transmit, wait_card_absent

SELECT_SSSE = bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF")
SELECT_EF05 = bytes.fromhex("00A4020002EF05")


def read_ef05(conn, rec: int) -> bytes:
    data, sw = transmit(conn, bytes([0x00, 0xB2, rec, 0x04, 0x00]))
    assert sw == 0x9000
    return data


def test_a_blank_card_answers_select_and_its_factory_records(devices, blank_card):
    with card_connection(READER_CARD) as conn:
        fci, sw = transmit(conn, SELECT_SSSE)
        assert sw == 0x9000 and bytes.fromhex("9F0C03860103") in fci
        assert transmit(conn, SELECT_EF05)[1] == 0x9000
        assert read_ef05(conn, 1)[2:8].hex().upper() == "421303D15600"
        assert read_ef05(conn, 3) == b"\x03\x043.00"


def test_the_atr_is_the_documented_t1_atr(devices, blank_card):
    with card_connection(READER_CARD) as conn:
        atr = bytes(conn.getATR())
    assert atr.hex().upper().startswith("3B8A8131FE45") and b"VSSC3.00" in atr


def test_removing_and_inserting_again_keeps_the_card_content(devices, blank_card):
    with card_connection(READER_CARD) as conn:
        transmit(conn, SELECT_SSSE)
        assert transmit(conn, bytes.fromhex("0020000003000000"))[1] == 0x63C2  # one wrong PIN

    devices.run("card", "remove")
    assert wait_card_absent(READER_CARD)
    assert devices.run("status")["card"]["present"] is False
    devices.run("card", "insert", "--file", str(blank_card))

    with card_connection(READER_CARD) as conn:
        assert transmit(conn, bytes.fromhex("00200000"))[1] == 0x63C2  # the failed try is remembered


def test_a_card_put_back_at_once_is_seen_as_a_new_insertion(devices, blank_card):
    devices.run("card", "remove")
    devices.run("card", "insert", "--last")
    with card_connection(READER_CARD) as conn:
        assert transmit(conn, SELECT_SSSE)[1] == 0x9000


def test_a_card_torn_after_k_apdus_answers_k_and_then_is_gone(devices, blank_card):
    from smartcard.Exceptions import CardConnectionException

    with card_connection(READER_CARD) as conn:
        devices.run("card", "tear", "--after", "2")
        assert transmit(conn, SELECT_SSSE)[1] == 0x9000
        assert transmit(conn, SELECT_EF05)[1] == 0x9000
        failed = False
        try:
            transmit(conn, bytes.fromhex("00B2010400"))
        except CardConnectionException:
            failed = True
    assert failed
    assert wait_card_absent(READER_CARD)
    assert devices.run("status")["card"]["present"] is False
