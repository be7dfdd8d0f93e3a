"""Reading the co-issuing bank's account from the card's financial application (``card.financial``), over the
simulated card in process and over scripted answers for the malformed cases."""

from __future__ import annotations

import pytest

from counter_app.card.connection import ScriptedConnection
from counter_app.card.errors import CardLocked
from counter_app.card.financial import (
    FinancialDataInvalid,
    NoFinancialApplication,
    luhn_valid,
    parse_account_record,
    read_financial_account,
)
from counter_app.card.personalize import read_card
from counter_app.card.profile import load_profile
from devices.vcard import stock
from devices.vcard.card_os import VirtualCard
from devices.vcard.psam import VirtualPsam
from tests.support.card_inprocess import InProcessConnection

SELECT_FIN = "00A4040008A000000333010101 00"
READ_REC = "00B2010C00"
FCI = bytes.fromhex("6F108408A000000333010101A5045002414200")[:-1]  # 6F 10 [84 08 AID] [A5 04 [50 02 'AB']]


def _card(vdevices, bank="102") -> VirtualCard:
    paths, _psam = vdevices
    (path,) = stock.make_blank(1, paths, bank=bank)
    return VirtualCard(path)


def test_the_pan_of_the_banks_bin_expiry_and_sequence_are_read_as_a_terminal_reads_them(vdevices):
    card = _card(vdevices, "103")
    account = read_financial_account(InProcessConnection(card))
    assert account.pan == card.content.financial.pan
    assert account.pan.startswith("622848") and len(account.pan) == 19 and luhn_valid(account.pan)
    assert len(account.expiry) == 6 and account.sequence == 1


def test_every_virtual_card_has_its_own_account(vdevices):
    paths, _ = vdevices
    pans = {read_financial_account(InProcessConnection(VirtualCard(p))).pan for p in stock.make_blank(8, paths)}
    assert len(pans) == 8 and all(p.startswith("621226") for p in pans)  # default bank 102


def test_a_card_without_a_financial_application_is_named_so(vdevices):
    with pytest.raises(NoFinancialApplication) as err:
        read_financial_account(InProcessConnection(_card(vdevices, bank=None)))
    assert "金融应用" in err.value.message("zh") and "financial application" in err.value.message("en")


def test_the_ssc_application_still_reads_after_the_financial_one(vdevices):
    paths, psam_path = vdevices
    card = _card(vdevices)
    conn = InProcessConnection(card)
    read_financial_account(conn)
    reading = read_card(conn, InProcessConnection(VirtualPsam(psam_path)), load_profile(), read_photo=False)
    assert reading.blank and reading.identity.card_id_hex.startswith("421303D156000005")


def test_then_select_goes_back_to_the_ssc_application(vdevices):
    card = _card(vdevices)
    read_financial_account(InProcessConnection(card), then_select=load_profile().ssse_aid)
    assert card.current_df.name == "SSSE"


def _scripted(fci: bytes, record: bytes, record_sw: str = "9000") -> ScriptedConnection:
    return ScriptedConnection([(SELECT_FIN, fci + b"\x90\x00"), (READ_REC, record + bytes.fromhex(record_sw))])


def test_malformed_records_are_refused_precisely():
    good_pan = bytes.fromhex("5A0A6212261234567890123F")
    expiry = bytes.fromhex("5F2403361231")
    with pytest.raises(FinancialDataInvalid, match="no PAN"):
        read_financial_account(_scripted(FCI, bytes.fromhex("7006") + expiry))
    with pytest.raises(FinancialDataInvalid, match="expiry"):
        read_financial_account(_scripted(FCI, bytes([0x70, len(good_pan)]) + good_pan))
    with pytest.raises(FinancialDataInvalid, match="record"):
        read_financial_account(_scripted(FCI, bytes.fromhex("7020") + good_pan))  # length runs past the end
    with pytest.raises(FinancialDataInvalid, match="AID"):
        read_financial_account(_scripted(bytes.fromhex("6F0A8408A000000333010102"), b""))
    with pytest.raises(FinancialDataInvalid, match="12-19 digits"):
        parse_account_record(bytes.fromhex("700B5A03123A56") + expiry)


def test_status_words_map_to_the_right_errors():
    with pytest.raises(NoFinancialApplication):
        read_financial_account(ScriptedConnection([(SELECT_FIN, bytes.fromhex("6A82"))]))
    with pytest.raises(CardLocked):
        read_financial_account(ScriptedConnection([(SELECT_FIN, bytes.fromhex("9303"))]))
    with pytest.raises(NoFinancialApplication):
        read_financial_account(_scripted(FCI, b"", "6A83"))


def test_luhn():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710") and not luhn_valid("")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
