"""The simulated card's pre-personalised financial application (devices/vcard/financial.py), APDU by APDU, and
the stock of blank cards per bank (``stock make --bank``, ``next_blank(bank=...)``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from devices.state import StatePaths
from devices.vcard import financial, stock
from devices.vcard.card_os import VirtualCard
from tests.unit.vcard_helpers import SELECT_EF05, SELECT_SSSE, data, ok, sw

SELECT_FIN = bytes.fromhex("00A4040008A00000033301010100")
READ_FIN = bytes.fromhex("00B2010C00")


def _card(tmp_path, bank="102", kind="ssc3") -> VirtualCard:
    (path,) = stock.make_blank(1, StatePaths.resolve(tmp_path), kind=kind, bank=bank)
    card = VirtualCard(path)
    card.reset()
    return card


def test_select_answers_the_fci_and_read_record_the_pan_expiry_and_sequence(tmp_path):
    card = _card(tmp_path, "105")
    app = card.content.financial
    assert ok(card, SELECT_FIN) == bytes.fromhex("6F18 8408A000000333010101 A50C 500A") + b"PBOC DEBIT"
    record = ok(card, READ_FIN)
    pan_bcd = bytes.fromhex(app.pan + "F")
    assert record == (bytes.fromhex("7016 5A0A") + pan_bcd + bytes.fromhex("5F2403") + bytes.fromhex(app.expiry)
                      + bytes.fromhex("5F340101"))
    assert app.pan.startswith("621700") and len(app.pan) == 19 and financial.luhn_valid(app.pan)


def test_only_sfi_1_record_1_is_there(tmp_path):
    card = _card(tmp_path)
    ok(card, SELECT_FIN)
    assert sw(card.process(bytes.fromhex("00B2020C00"))) == 0x6A83
    assert sw(card.process(bytes.fromhex("00B2011400"))) == 0x6A82  # SFI 2
    assert sw(card.process(bytes.fromhex("00B2010800"))) == 0x6A86  # not "record number P1"


def test_a_card_without_the_application_answers_file_not_found(tmp_path):
    card = _card(tmp_path, bank=None)
    assert sw(card.process(SELECT_FIN)) == 0x6A82
    assert json.loads(card.path.read_text())["financial"] is None


def test_the_ssc_application_is_selected_again_after_it(tmp_path):
    card = _card(tmp_path)
    ok(card, SELECT_FIN)
    ok(card, READ_FIN)
    assert data(card.process(SELECT_SSSE))[:2] == b"\x6F\x19"
    ok(card, SELECT_EF05)
    assert ok(card, bytes.fromhex("00B2030400")) == b"\x03\x043.00"


def test_a_bank_card_that_is_no_social_security_card_still_has_its_account(tmp_path):
    card = _card(tmp_path, "103", kind="non_ssc")
    assert sw(card.process(SELECT_SSSE)) == 0x6A82
    ok(card, SELECT_FIN)
    assert ok(card, READ_FIN)[4:7].hex() == "622848"


def test_the_stock_hands_out_blank_cards_per_bank_and_gives_an_old_card_the_default_banks(tmp_path):
    paths = StatePaths.resolve(tmp_path)
    (old,) = stock.make_blank(1, paths)
    obj = json.loads(old.read_text())
    del obj["financial"]  # a blank card file from before the financial application
    old.write_text(json.dumps(obj))
    (abc,) = stock.make_blank(1, paths, bank="103")
    assert stock.next_blank(paths, bank="103") == abc
    assert stock.next_blank(paths) == old
    assert VirtualCard(old).content.financial.bank_code == "102"
    other = stock.next_blank(paths, bank="105")  # none in stock: ten are made
    assert VirtualCard(other).content.financial.pan.startswith("621700")
    assert stock.stock_summary(paths)["unused_by_bank"] == {"105": 9}
    pans = stock.stock_pans(paths)
    assert len(pans) == 12  # every card its own account


def test_unknown_banks_are_refused(tmp_path):
    with pytest.raises(ValueError, match="102, 103, 105"):
        stock.make_blank(1, StatePaths.resolve(tmp_path), bank="999")


def _devices(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "devices", "--state-dir", str(tmp_path), *args],
                          capture_output=True, text=True, timeout=60)


def test_the_command_line_makes_stock_of_a_bank_and_insists_on_blank_with_bank(tmp_path):
    proc = _devices(tmp_path, "stock", "make", "2", "--bank", "103", "--json")
    assert proc.returncode == 0, proc.stderr
    made = json.loads(proc.stdout)
    assert made["stock"]["unused_by_bank"] == {"103": 2}
    assert json.loads(open(made["made"][0]).read())["financial"]["bank_code"] == "103"
    proc = _devices(tmp_path, "stock", "make", "1", "--bank", "none", "--json")
    assert json.loads(proc.stdout)["stock"]["unused_by_bank"] == {"103": 2, "none": 1}
    proc = _devices(tmp_path, "card", "insert", "--file", made["made"][0], "--bank", "102")
    assert proc.returncode == 1 and "--blank" in proc.stderr
    proc = _devices(tmp_path, "stock", "make", "1", "--bank", "999")
    assert proc.returncode == 1 and "unknown bank" in proc.stderr
