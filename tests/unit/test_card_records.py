"""Every counter-written record of the default profile, byte for byte as the spec lays it out."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.card.profile import load_profile
from counter_app.card.records import (
    CardPersonalData,
    RecordDataError,
    decode_records,
    encode_records,
    expiry_after,
    is_empty_record,
    split_name,
)

PROFILE = load_profile()
DATA = CardPersonalData(
    social_security_number="42130319900307123X",
    chip_name="张三",
    name_extension="",
    sex="1",
    ethnicity="01",
    birthplace="421303",
    birth_date=dt.date(1990, 3, 7),
    issue_date=dt.date(2026, 1, 15),
    expiry_date=dt.date(2036, 1, 15),
    card_number="X00000019",
)


def _records(data=DATA):
    return {spec.field: (spec.file_id, spec.number, raw.hex().upper()) for spec, raw in encode_records(data, PROFILE)}


def test_ef06_records_byte_for_byte():
    r = _records()
    assert r["social_security_number"] == (0xEF06, 1, "0812" + b"42130319900307123X".hex().upper())
    assert r["chip_name"] == (0xEF06, 2, "091E" + "D5C5C8FD" + "00" * 26)  # GBK 张三, 00-padded to 30
    assert r["name_extension"] == (0xEF06, 3, "4E14" + "00" * 20)
    assert r["sex"] == (0xEF06, 4, "0A01" + "31")                        # an "1"
    assert r["ethnicity"] == (0xEF06, 5, "0B01" + "01")                  # cn 01
    assert r["birthplace"] == (0xEF06, 6, "0C03" + "421303")             # cn, 3 bytes
    assert r["birth_date"] == (0xEF06, 7, "0D04" + "19900307")


def test_ef05_records_written_at_the_counter_byte_for_byte():
    r = _records()
    assert r["issue_date"] == (0xEF05, 5, "0504" + "20260115")
    assert r["expiry_date"] == (0xEF05, 6, "0604" + "20360115")
    assert r["card_number"] == (0xEF05, 7, "0709" + b"X00000019".hex().upper())


def test_write_order_is_ef06_then_ef05():
    files = [spec.file_id for spec, _ in encode_records(DATA, PROFILE)]
    assert files == [0xEF06] * 7 + [0xEF05] * 3


def test_short_cn_value_is_f_padded():
    from counter_app.card.records import encode_value

    assert encode_value(PROFILE.record("birthplace"), "4213").hex().upper() == "0C034213FF"


def test_name_extension_holds_the_rest_of_a_long_name():
    head, rest = split_name("阿卜杜热合曼·买买提艾力·库尔班江")  # 17 characters, 34 GBK bytes
    assert len(head.encode("gbk")) <= 30 and head + rest == "阿卜杜热合曼·买买提艾力·库尔班江"
    data = CardPersonalData(**{**DATA.__dict__, "chip_name": head, "name_extension": rest})
    ext = _records(data)["name_extension"][2]
    assert ext.startswith("4E14" + rest.encode("gbk").hex().upper())


def test_values_that_do_not_fit_are_refused_with_the_field_named():
    with pytest.raises(RecordDataError) as err:
        encode_records(CardPersonalData(**{**DATA.__dict__, "chip_name": "𠀾三"}), PROFILE)
    assert err.value.field == "chip_name" and "姓名" in err.value.message("zh")
    with pytest.raises(RecordDataError):
        encode_records(CardPersonalData(**{**DATA.__dict__, "card_number": "X000000190"}), PROFILE)


def test_decode_gives_back_what_was_encoded():
    raw = {spec.field: rec for spec, rec in encode_records(DATA, PROFILE)}
    assert decode_records(raw, PROFILE) == DATA


def test_unwritten_records_are_recognised():
    assert is_empty_record(b"")
    assert is_empty_record(bytes.fromhex("0812") + bytes(18))
    assert is_empty_record(b"\xff" * 20)
    assert not is_empty_record(bytes.fromhex("0709") + b"X00000019")


def test_expiry_is_ten_years_later_and_survives_29_february():
    assert expiry_after(dt.date(2026, 1, 15)) == dt.date(2036, 1, 15)
    assert expiry_after(dt.date(2028, 2, 29)) == dt.date(2038, 2, 28)
