"""Record TLVs, BER-TLV of SELECT answers, and the cn/an/GBK field encodings."""

from __future__ import annotations

import pytest

from counter_app.card.tlv import (
    TlvError,
    decode_cn,
    decode_gbk,
    decode_record,
    encode_an,
    encode_cn,
    encode_gbk,
    encode_record,
    find_ber,
    parse_ber,
)


def test_record_tlv_is_tag_length_value():
    assert encode_record(0x07, b"X00000019").hex().upper() == "0709" + b"X00000019".hex().upper()
    assert decode_record(bytes.fromhex("0709") + b"X00000019") == (0x07, b"X00000019")


def test_record_tlv_with_wrong_tag_or_short_value_is_refused():
    with pytest.raises(TlvError):
        decode_record(bytes.fromhex("0709") + b"X0", expected_tag=0x07)
    with pytest.raises(TlvError):
        decode_record(bytes.fromhex("0801") + b"1", expected_tag=0x07)


def test_select_answer_algorithm_tag_is_found_inside_the_fci():
    fci = bytes.fromhex("6F 1A 84 0F 7378312E73682EC9E7BBE1B1A3D5CF A5 07 9F0C 04 8601 03 00".replace(" ", ""))
    # (A5 carries 9F0C whose value is 86 01 03 plus a padding byte)
    node = find_ber(fci, 0x9F0C)
    assert node is not None and node.value[:3] == bytes.fromhex("860103")
    assert find_ber(node.value, 0x86).value == b"\x03"
    assert [t.tag for t in parse_ber(fci)] == [0x6F]


def test_ber_long_length_form():
    data = bytes([0x53, 0x81, 0x90]) + bytes(0x90)
    assert len(parse_ber(data)[0].value) == 0x90


def test_cn_is_bcd_left_aligned_and_f_padded():
    assert encode_cn("20260115", 4).hex().upper() == "20260115"
    assert encode_cn("01", 1) == b"\x01"
    assert encode_cn("421303", 4).hex().upper() == "421303FF"
    assert encode_cn("123", 2).hex().upper() == "123F"
    assert decode_cn(bytes.fromhex("123F")) == "123"
    with pytest.raises(TlvError):
        encode_cn("12345", 2)
    with pytest.raises(TlvError):
        encode_cn("12a", 2)
    with pytest.raises(TlvError):
        decode_cn(bytes.fromhex("1F2F"))


def test_an_is_ascii_left_aligned_and_00_padded():
    assert encode_an("1", 1) == b"1"
    assert encode_an("3.00", 6) == b"3.00\x00\x00"
    with pytest.raises(TlvError):
        encode_an("十", 4)


def test_gbk_text_is_00_padded_and_never_replaced():
    raw = encode_gbk("张三", 30)
    assert raw[:4] == "张三".encode("gbk") and raw[4:] == bytes(26) and len(raw) == 30
    assert decode_gbk(raw) == "张三"
    with pytest.raises(TlvError):
        encode_gbk("𠀾", 30)  # outside GBK: never written as "?"
    with pytest.raises(TlvError):
        encode_gbk("阿" * 16, 30)  # 32 bytes


def test_algorithm_is_found_even_when_the_template_length_is_off_by_one():
    from counter_app.card.ssc import algorithm_of_fci

    aid = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")
    good = bytes.fromhex("6F19840F") + aid + bytes.fromhex("A5069F0C03860103")
    off_by_one = bytes.fromhex("6F19840F") + aid + bytes.fromhex("A5059F0C03860103")
    second_generation = bytes.fromhex("6F13840F") + aid + bytes.fromhex("A500")
    assert algorithm_of_fci(good, 0x01) == 0x03
    assert algorithm_of_fci(off_by_one, 0x01) == 0x03
    assert algorithm_of_fci(second_generation, 0x01) == 0x01
