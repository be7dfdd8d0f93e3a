"""The simulated card's contactless interface, in process: the PC/SC part 3 ATR, the UID and the access rule."""

from __future__ import annotations

from functools import reduce

import pytest

from devices.vcard import stock
from devices.vcard.atr import ATR_BY_KIND, HISTORICAL_SSC3
from devices.vcard.card_os import VirtualCard
from devices.vcard.contactless import ContactlessInterface, contactless_atr, historical_bytes, uid_of

SELECT_SSSE = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"


def x(chip, apdu: str) -> str:
    return chip.process(bytes.fromhex(apdu)).hex().upper()


def test_contactless_atr_is_pcsc_part3_type_a():
    atr = contactless_atr(HISTORICAL_SSC3)
    assert atr[:4] == bytes.fromhex("3B8A8001")  # TS, T0 = 80 | 10 historical bytes, TD1 80, TD2 01
    assert atr[4:-1] == HISTORICAL_SSC3
    assert reduce(lambda a, b: a ^ b, atr[1:], 0) == 0  # TCK: the XOR of T0..TCK is 0
    assert atr.hex().upper() == "3B8A800156535343332E303000000" + "3"
    assert contactless_atr(b"")  == bytes.fromhex("3B80800101")  # no historical bytes: TCK = 80^80^01
    with pytest.raises(ValueError):
        contactless_atr(bytes(16))


@pytest.mark.parametrize("kind", ["ssc3", "ssc2", "non_ssc", "psam"])
def test_historical_bytes_of_the_contact_atrs(kind):
    assert historical_bytes(ATR_BY_KIND[kind])[:1] == b"V"
    assert len(historical_bytes(ATR_BY_KIND[kind])) == 10


def test_historical_bytes_walks_the_interface_bytes():
    assert historical_bytes(bytes.fromhex("3B00")) == b""
    assert historical_bytes(bytes.fromhex("3B021122")) == bytes.fromhex("1122")
    assert historical_bytes(bytes.fromhex("3B9295801F038001")) == bytes.fromhex("8001")  # TA1 TD1 TD2 TA3... ends
    with pytest.raises(ValueError):
        historical_bytes(bytes.fromhex("3B0511"))


def test_uid_is_seven_bytes_stable_and_never_the_cascade_tag():
    uid = uid_of("0123456789ABCDEF")
    assert len(uid) == 7 and uid == uid_of("0123456789ABCDEF") and uid != uid_of("0123456789ABCDEE")
    assert all(uid_of(f"{i:016X}")[3] != 0x88 for i in range(2000))


@pytest.fixture
def card(vdevices) -> VirtualCard:
    paths, _psam = vdevices
    return VirtualCard(stock.make_blank(1, paths)[0])


def test_get_data_answers_the_uid_and_refuses_a_short_le(card):
    cl = ContactlessInterface(card)
    assert cl.reset() == cl.atr == contactless_atr(historical_bytes(card.atr))
    assert x(cl, "FFCA000000") == uid_of(card.content.chip_id).hex().upper() + "9000"
    assert x(cl, "FFCA000004") == "6C07"
    assert x(cl, "FFCA010000") == HISTORICAL_SSC3.hex().upper() + "9000"
    assert x(card, "FFCA000000") == "6E00"  # the contact slot has no such pseudo-APDU


def test_contactless_reads_only_the_public_records(card):
    cl = ContactlessInterface(card)
    assert x(cl, SELECT_SSSE).endswith("9000")
    for rec in (1, 2, 3, 4, 7):
        assert x(cl, f"00B2{rec:02X}2C00").endswith("9000"), rec
    assert x(cl, "00B2052C00") == "6982"  # issue date: not public
    assert x(cl, "00B2013400") == "6982"  # EF06: the holder's data
    assert x(cl, "00B0880000") == "6982"  # EF08: the photo


def test_contactless_refuses_pin_and_writes_without_touching_the_counters(card):
    cl = ContactlessInterface(card)
    x(cl, SELECT_SSSE)
    assert x(cl, "0020000003123456") == "6985"
    assert x(cl, "0020000003654321") == "6985"
    assert card.content.pin.tries == card.content.pin.max_tries
    assert x(cl, "00DC07040B0709" + "00" * 9) == "6985"
    assert x(cl, "00D6880001FF") == "6985"
    assert x(cl, "0082000A10" + "00" * 16) == "6985"
    assert x(cl, "0084000008")[-4:] == "9000"  # a challenge is harmless


def test_each_interface_has_its_own_security_state(card):
    cl = ContactlessInterface(card)
    assert x(card, SELECT_SSSE).endswith("9000")
    assert x(card, "0020000003123456") == "9000"
    cl.reset()  # a contactless power-up does not clear the contact side
    assert x(card, "00B2012C00").endswith("9000")
    assert card.pin_verified and not card.contactless
    assert x(cl, "00B2012C00") == "6A82"  # the MF is selected on the contactless side: no EF05 there
    x(cl, SELECT_SSSE)
    assert x(card, "00B2072C00").endswith("9000") and card.pin_verified
