"""The ATR as a technician reads it: convention, protocols, historical bytes, and what is wrong."""

from counter_app.diagnostics.atr import decode_atr
from devices.vcard.atr import ATR_BY_KIND


def test_the_simulated_ssc3_card_offers_t1_and_names_itself_in_its_historical_bytes():
    info = decode_atr(ATR_BY_KIND["ssc3"])
    assert info.convention == "direct"
    assert info.protocols == (1,)
    assert info.interface == {"TD1": 0x81, "TD2": 0x31, "TA3": 0xFE, "TB3": 0x45}
    assert info.historical_text == "VSSC3.00.."
    assert info.tck_ok is True and info.problems == ()


def test_a_t0_atr_has_no_check_byte_and_needs_none():
    info = decode_atr(bytes.fromhex("3B6800000073C84013009000"))
    assert info.protocols == (0,)
    assert info.historical == bytes.fromhex("0073C84013009000")
    assert info.tck is None and info.problems == ()


def test_a_wrong_check_byte_and_a_short_atr_are_named_not_raised():
    bad = bytearray(ATR_BY_KIND["ssc2"])
    bad[-1] ^= 0xFF
    assert "TCK check byte wrong" in decode_atr(bytes(bad)).problems
    assert decode_atr(ATR_BY_KIND["ssc3"][:8]).problems  # historical bytes cut off
    assert decode_atr(b"\x12").convention == "invalid"
