"""IdCardReader over the pseudo-terminal: every field of each kind of card, and what a real reader does
wrong (a card lifted mid-read, a bad check byte, silence)."""

import datetime as dt

import pytest

from counter_app.domain.problems import UserFacingError
from counter_app.idcard import protocol as p
from counter_app.idcard.errors import (
    IdCardFrameError,
    IdCardLifted,
    IdCardReaderNotFound,
    IdCardReaderSilent,
    NoIdCard,
)
from counter_app.idcard.model import JSON_KEYS
from counter_app.idcard.reader import IdCardReader, detect_port
from tests.idcard.conftest import FAST

READ = (0x30, 0x01)


def test_every_field_of_a_card_with_a_rare_character_name(sim, reader, example):
    sim.put(example["rare-name"])
    card = reader.read_card()
    assert card.name == "刘䶮" and "\u4dae" in card.name  # 䶮, CJK extension A (GB 18030)
    assert card.sex == "1" and card.ethnicity == "01"
    assert card.birth_date == dt.date(1990, 3, 7)
    assert card.address == "湖北省咸宁市咸安区温泉路88号"
    assert card.id_number == "421202199003070017"
    assert card.issuer == "咸宁市公安局咸安分局"
    assert card.valid_from == dt.date(2016, 5, 12) and card.valid_to == dt.date(2036, 5, 12)
    assert card.card_type is p.CardKind.RESIDENT
    assert len(card.photo) == 1024 and card.photo.startswith(b"WLT")
    assert list(card.to_json()) == list(JSON_KEYS)
    assert sim.commands[-3:] == [(0x20, 0x01), (0x20, 0x02), READ]


def test_long_term_validity(sim, reader, example):
    sim.put(example["long-term"])
    card = reader.read_card()
    assert card.valid_to == "长期" and card.to_json()["valid_to"] == "长期"
    assert card.name == "欧阳秀英" and card.sex == "2" and card.ethnicity == "03"
    assert card.address == "湖北省赤壁市蒲圻街道河北大道一百二十号附二号"  # 22 characters of the 35 the field holds
    assert not card.expired(dt.date(2099, 1, 1))


def test_a_residence_permit(sim, reader, example):
    sim.put(example["permit"])
    card = reader.read_card()
    assert card.card_type is p.CardKind.RESIDENCE_PERMIT and card.to_json()["card_type"] == "residence_permit"
    assert card.name == "陈家明" and card.id_number == "810000199408230013" and card.ethnicity == ""
    assert card.permit_number == "H60234567" and card.issue_count == "01"
    assert card.valid_to == dt.date(2027, 1, 10)


def test_a_permanent_residence_card(sim, reader, example):
    sim.put(example["foreigner"])
    card = reader.read_card()
    assert card.card_type is p.CardKind.PERMANENT_RESIDENCE
    assert (card.name, card.english_name, card.nationality) == ("约翰", "SMITH, JOHN", "USA")
    assert card.id_number == "USA420085030511" and card.birth_date == dt.date(1985, 3, 5)


def test_an_expired_card_reads_and_says_so(sim, reader, example):
    sim.put(example["expired"])
    assert reader.read_card().expired(dt.date(2026, 12, 3))


def test_text_photo_and_fingerprint(sim, reader, example):
    sim.put(example["rare-name"])
    card = reader.read_card(fingerprint=True)
    assert len(card.fingerprint) == 1024 and card.name == "刘䶮"
    assert "fingerprint" not in card.to_json() and "photo" not in card.to_json()


def test_no_card_is_exit_3(reader):
    with pytest.raises(NoIdCard) as err:
        reader.read_card()
    assert isinstance(err.value, UserFacingError) and err.value.exit_code == 3
    assert "阅读器上没有证件" in err.value.message("zh") and "no ID card" in err.value.message("en")


def test_a_card_read_once_still_reads_while_it_lies_there(sim, reader, example):
    sim.put(example["rare-name"])
    reader.read_card()
    assert reader.find_card() is False  # a reader does not "find" a card it has read ...
    assert reader.card_present() is True  # ... but it can still select it
    assert reader.read_card().name == "刘䶮"
    sim.lift()
    assert reader.card_present() is False


def test_a_card_lifted_mid_read(sim, reader, example):
    sim.put(example["rare-name"])
    sim.fault("lift-mid-read")
    with pytest.raises(IdCardLifted) as err:
        reader.read_card()
    assert err.value.exit_code == 3 and "拿开" in err.value.message("zh")
    assert sim.commands.count(READ) == 1  # the half answer was not retried as if it were noise
    sim.put(example["rare-name"])
    assert reader.read_card().name == "刘䶮"  # laid down again, it reads


def test_a_bad_check_byte_is_retried(sim, reader, example):
    sim.put(example["long-term"])
    sim.fault("bad-check", times=2)  # within the two retries
    assert reader.read_card().valid_to == "长期"


def test_a_bad_check_byte_that_persists_is_a_clear_error(sim, reader, example):
    sim.put(example["long-term"])
    sim.fault("bad-check", times=0)
    with pytest.raises(IdCardFrameError) as err:
        reader.read_card()
    assert err.value.exit_code == 1 and "checksum" in err.value.reason
    assert sim.commands.count((0x20, 0x01)) == reader.retries + 1  # the first command, sent 3 times
    sim.fault("clear")
    assert reader.read_card().name == "欧阳秀英"


def test_a_silent_reader(sim, reader, example):
    sim.put(example["rare-name"])
    sim.fault("silent", times=0)
    with pytest.raises(IdCardReaderSilent) as err:
        reader.read_card()
    assert err.value.exit_code == 1 and "没有应答" in err.value.message("zh")
    assert sim.commands.count((0x20, 0x01)) == reader.retries + 1


def test_one_lost_answer_is_retried(sim, reader, example):
    sim.put(example["rare-name"])
    sim.fault("silent", times=1)
    assert reader.read_card().name == "刘䶮"


def test_a_port_that_does_not_exist(tmp_path):
    with pytest.raises(IdCardReaderNotFound) as err:
        IdCardReader(str(tmp_path / "ttyUSB9"), timeouts=FAST).open()
    assert err.value.exit_code == 1 and "idcard.port" in err.value.message("en")


def test_detection_keeps_the_port_that_answers(sim, tmp_path):
    from devices.idcard.reader import SimulatedIdCardReader

    mute = SimulatedIdCardReader().start()
    mute.fault("silent", times=0)
    try:
        found = detect_port(timeouts=FAST, ports=[str(tmp_path / "none"), mute.port, sim.port])
        assert found == sim.port
        with pytest.raises(IdCardReaderNotFound) as err:
            detect_port(timeouts=FAST, ports=[mute.port])
        assert err.value.tried == [mute.port]
    finally:
        mute.stop()


def test_an_empty_port_detects_among_the_serial_ports(sim, monkeypatch):
    from serial.tools import list_ports_common

    info = list_ports_common.ListPortInfo(sim.port, skip_link_detection=True)
    monkeypatch.setattr("counter_app.idcard.reader.list_ports.comports", lambda: [info])
    with IdCardReader("", timeouts=FAST) as reader:
        assert reader.port == sim.port
        reader.sam_status()


def test_a_reader_unplugged_is_a_clear_error(example):
    from devices.idcard.reader import SimulatedIdCardReader

    sim = SimulatedIdCardReader().start()
    reader = IdCardReader(sim.port, timeouts=FAST)
    try:
        reader.sam_status()
        sim.stop()  # the pty pair closed: what the app sees when a USB-serial reader is pulled out
        with pytest.raises((IdCardReaderNotFound, IdCardReaderSilent)) as err:
            reader.read_card()
        assert err.value.exit_code == 1
    finally:
        reader.close()
