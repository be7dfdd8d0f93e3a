"""Key 07 (PKI management) joins devices state made before it existed: the master keys, the PSAMs and the
blank cards of an existing state directory get it on next use; nothing that was there changes."""

from __future__ import annotations

import json

from devices.state import StatePaths
from devices.vcard import stock
from devices.vcard.card_os import VirtualCard
from devices.vcard.psam import VirtualPsam
from devices.vcard.sm4 import card_key
from tests.unit.vcard_helpers import external_auth, ok

SELECT_PKI_ADF = bytes.fromhex("00A404000C53532E434552542E41444631")
OLD_KEY_IDS = ("01", "0A", "04", "05", "06")


def old_state(tmp_path) -> StatePaths:
    """A state directory as the devices left it before key 07: master keys, PSAMs and one blank card."""
    paths = StatePaths.resolve(tmp_path / "devices-state")
    stock.make_blank(1, paths)
    for wrong in (False, True):
        stock.ensure_psam(paths, wrong=wrong)
        keys_file = paths.master_keys_file(wrong)
        keys = json.loads(keys_file.read_text())
        keys_file.write_text(json.dumps({k: keys[k] for k in OLD_KEY_IDS}))
        psam_file = paths.psam_file(wrong)
        psam = json.loads(psam_file.read_text())
        psam["master_keys"]["01"] = {k: keys[k] for k in OLD_KEY_IDS}
        psam_file.write_text(json.dumps(psam))
    (card_file,) = paths.stock.glob("*.json")
    card = json.loads(card_file.read_text())
    card["keys"] = {k: v for k, v in card["keys"].items() if k in OLD_KEY_IDS}
    card["files"] = {k: v for k, v in card["files"].items() if k.startswith("EF")}
    card_file.write_text(json.dumps(card))
    return paths


def test_an_old_master_key_set_gets_key_07_and_keeps_its_keys(tmp_path):
    paths = old_state(tmp_path)
    before = json.loads(paths.master_keys_file().read_text())
    keys = stock.master_keys(paths)
    assert {f"{k:02X}": v.hex().upper() for k, v in keys.items() if f"{k:02X}" in before} == before
    assert 0x07 in keys
    assert stock.master_keys(paths) == keys  # added once, then kept
    assert stock.master_keys(paths, wrong=True)[0x07] != keys[0x07]
    assert oct(paths.master_keys_file().stat().st_mode & 0o777) == "0o600"


def test_an_old_psam_file_gets_master_key_07_with_its_terminal_number(tmp_path):
    paths = old_state(tmp_path)
    psam = json.loads(stock.ensure_psam(paths).read_text())
    assert psam["master_keys"]["01"]["07"] == stock.master_keys(paths)[0x07].hex().upper()
    assert psam["terminal_number"] == stock.DEFAULT_TERMINAL
    wrong = json.loads(stock.ensure_psam(paths, wrong=True).read_text())
    assert wrong["terminal_number"] == stock.WRONG_TERMINAL and "07" in wrong["master_keys"]["01"]


def test_an_old_blank_card_gets_card_key_07_when_handed_out_and_authenticates_in_the_pki_adf(tmp_path):
    paths = old_state(tmp_path)
    card_file = stock.next_blank(paths)
    obj = json.loads(card_file.read_text())
    card_id = bytes.fromhex(obj["files"]["EF05"]["records"][0]["value"])
    assert obj["keys"]["07"] == {
        "key": card_key(stock.master_keys(paths)[0x07], card_id).hex().upper(), "tries": 3, "max_tries": 3,
    }
    card, psam = VirtualCard(card_file), VirtualPsam(stock.ensure_psam(paths))
    card.reset()
    ok(card, SELECT_PKI_ADF)
    assert external_auth(card, psam, 0x07) == 0x9000
    assert card.process(bytes.fromhex("0020000003123456"))[-2:] == b"\x90\x00"
