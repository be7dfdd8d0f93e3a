"""The blank card stock and the demo key material of the simulated devices."""

from __future__ import annotations

import json
import stat

from devices.state import StatePaths
from devices.vcard import stock
from devices.vcard.sm4 import card_key


def test_blank_cards_carry_unique_identification_codes_of_the_demo_region(tmp_path):
    paths = StatePaths.resolve(tmp_path)
    made = stock.make_blank(5, paths)
    codes = [json.loads(p.read_text())["files"]["EF05"]["records"][0]["value"] for p in made]
    assert len(set(codes)) == 5
    assert all(c.startswith("421303D156000005") and len(c) == 32 for c in codes)


def test_card_keys_are_diversified_from_the_master_keys_the_psam_holds(tmp_path):
    paths = StatePaths.resolve(tmp_path)
    (path,) = stock.make_blank(1, paths)
    card = json.loads(path.read_text())
    cid = bytes.fromhex(card["files"]["EF05"]["records"][0]["value"])
    psam = json.loads(stock.ensure_psam(paths).read_text())
    master_0a = bytes.fromhex(psam["master_keys"]["01"]["0A"])
    assert card["keys"]["0A"]["key"] == card_key(master_0a, cid).hex().upper()


def test_key_material_is_private_to_the_owner(tmp_path):
    paths = StatePaths.resolve(tmp_path)
    (card,) = stock.make_blank(1, paths)
    for path in (paths.master_keys_file(), card, stock.ensure_psam(paths)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_wrong_key_set_differs_from_the_right_one(tmp_path):
    paths = StatePaths.resolve(tmp_path)
    assert stock.master_keys(paths) != stock.master_keys(paths, wrong=True)
    assert stock.master_keys(paths) == stock.master_keys(paths)  # generated once, then kept


def test_next_blank_hands_out_each_card_once_and_refills_an_empty_stock(tmp_path):
    paths = StatePaths.resolve(tmp_path)
    first, second = stock.make_blank(2, paths)
    assert stock.next_blank(paths) == first
    assert stock.next_blank(paths) == second
    third = stock.next_blank(paths)
    assert third not in (first, second)
    assert stock.stock_summary(paths) == {"total": 12, "taken": 3, "unused": 9, "unused_by_bank": {"102": 9}}
