"""Personalization against the simulated card OS and PSAM of devices/vcard, in process (no pcscd).

The simulation implements its side of the spec independently (its own SM4), so these tests check that
both sides agree, including on refusals, blocked keys and tearing.
"""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

import devices.vcard.card_os as vcard  # noqa: E402
from counter_app.card.errors import (
    Cancelled,
    CardHoldsOtherPerson,
    CardRemoved,
    KeyBlocked,
    NotSscCard,
    PsamKeyMismatch,
    SecondGenerationCard,
    VerifyMismatch,
)
from counter_app.card.personalize import Step, personalize, read_card
from counter_app.card.profile import load_profile
from counter_app.card.records import CardPersonalData
from counter_app.card.trace import TraceRecorder
from devices.state import StatePaths  # noqa: E402
from devices.vcard import stock  # noqa: E402
from devices.vcard.psam import VirtualPsam  # noqa: E402
from tests.support.card_inprocess import InProcessConnection

PROFILE = load_profile()
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4 + b"\xff\xd9"  # a 1030-byte stand-in JPEG
ZHANG = CardPersonalData(
    social_security_number="42130319900307123X", chip_name="张三", sex="1", ethnicity="01", birthplace="421303",
    birth_date=dt.date(1990, 3, 7), issue_date=dt.date(2026, 1, 15), expiry_date=dt.date(2036, 1, 15),
    card_number="X00000019", photo=PHOTO,
)
LI = CardPersonalData(
    social_security_number="110101199001011237", chip_name="李四", sex="1", ethnicity="01", birthplace="110101",
    birth_date=dt.date(1990, 1, 1), issue_date=dt.date(2026, 1, 15), expiry_date=dt.date(2036, 1, 15),
    card_number="A00000011",
)


@pytest.fixture
def paths(tmp_path):
    return StatePaths.resolve(tmp_path / "devices-state")


def blank(paths, kind: str = "ssc3"):
    return stock.make_blank(1, paths, kind=kind)[0]


def conns(card_path, psam_path, remove_after=None):
    return (InProcessConnection(vcard.VirtualCard(card_path), remove_after),
            InProcessConnection(VirtualPsam(psam_path)))


def key_tries(card_path) -> dict[str, int]:
    return {kid: k["tries"] for kid, k in json.loads(card_path.read_text())["keys"].items()}


def test_full_personalization_and_read_back(paths):
    card_path, psam_path = blank(paths), stock.ensure_psam(paths)
    recorder = TraceRecorder()
    result = personalize(*conns(card_path, psam_path), ZHANG, PROFILE, recorder=recorder)
    assert result.card_id.startswith("421303D156000005") and result.photo_bytes == len(PHOTO)
    assert result.terminal_number == stock.DEFAULT_TERMINAL
    reading = read_card(*conns(card_path, psam_path), PROFILE)
    assert reading.data == ZHANG and not reading.blank
    assert "张三".encode("gbk").hex().upper() not in recorder.as_text()


def test_a_blank_card_reads_as_blank(paths):
    reading = read_card(*conns(blank(paths), stock.ensure_psam(paths)), PROFILE, read_photo=False)
    assert reading.blank and reading.data.chip_name == "" and reading.data.issue_date is None


def test_the_same_persons_card_can_be_written_again(paths):
    card_path, psam_path = blank(paths), stock.ensure_psam(paths)
    personalize(*conns(card_path, psam_path), ZHANG, PROFILE)
    again = personalize(*conns(card_path, psam_path), ZHANG, PROFILE)
    assert again.restarted


def test_wrong_psam_keys_stop_at_internal_auth_with_retry_counters_untouched(paths):
    card_path = blank(paths)
    before = key_tries(card_path)
    with pytest.raises(PsamKeyMismatch):
        personalize(*conns(card_path, stock.ensure_psam(paths, wrong=True)), ZHANG, PROFILE)
    assert key_tries(card_path) == before
    assert read_card(*conns(card_path, stock.ensure_psam(paths)), PROFILE, read_photo=False).blank


def test_a_card_with_another_persons_data_is_refused(paths):
    card_path, psam_path = blank(paths), stock.ensure_psam(paths)
    personalize(*conns(card_path, psam_path), LI, PROFILE)
    with pytest.raises(CardHoldsOtherPerson):
        personalize(*conns(card_path, psam_path), ZHANG, PROFILE)
    assert read_card(*conns(card_path, psam_path), PROFILE, read_photo=False).data.chip_name == "李四"


def test_second_generation_and_non_ssc_cards_are_refused_with_clear_messages(paths):
    psam_path = stock.ensure_psam(paths)
    with pytest.raises(SecondGenerationCard) as second:
        personalize(*conns(blank(paths, "ssc2"), psam_path), ZHANG, PROFILE)
    assert "二代" in second.value.message("zh") and "2.00" in second.value.message("en")
    with pytest.raises(NotSscCard) as other:
        personalize(*conns(blank(paths, "non_ssc"), psam_path), ZHANG, PROFILE)
    assert "不是社会保障卡" in other.value.message("zh")


def test_a_blocked_key_gives_key_blocked(paths):
    card_path, psam_path = blank(paths), stock.ensure_psam(paths)
    obj = json.loads(card_path.read_text())
    obj["keys"]["04"]["tries"] = 0
    card_path.write_text(json.dumps(obj))
    with pytest.raises(KeyBlocked) as err:
        personalize(*conns(card_path, psam_path), ZHANG, PROFILE)
    assert err.value.key_id == 0x04


def test_tearing_after_any_apdu_then_rerun_gives_exactly_the_intended_content(paths):
    psam_path = stock.ensure_psam(paths)
    reference = blank(paths)
    total = personalize(*conns(reference, psam_path), ZHANG, PROFILE).apdus
    intended = json.loads(reference.read_text())["files"]
    for k in range(total):
        card_path = blank(paths)
        with pytest.raises(CardRemoved):
            personalize(*conns(card_path, psam_path, remove_after=k), ZHANG, PROFILE)
        personalize(*conns(card_path, psam_path), ZHANG, PROFILE)
        files = json.loads(card_path.read_text())["files"]
        # EF05 record 1 (卡识别码) is per chip; everything else is byte for byte what was meant
        files["EF05"]["records"][0] = intended["EF05"]["records"][0]
        assert files == intended, f"torn after {k} APDUs"


class CorruptingConnection(InProcessConnection):
    """Answers the read-back of EF06 record 2 (the name) with one byte changed, as a failing EEPROM would."""

    def __init__(self, device):
        super().__init__(device)
        self.name_reads = 0

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        data, sw = super().send_and_receive(apdu)
        if apdu[:4] == bytes.fromhex("00B20204"):
            self.name_reads += 1
            if self.name_reads == 2:  # the first read is the holder check, the second the read-back
                data = data[:-1] + bytes([data[-1] ^ 0x01])
        return data, sw


def test_a_read_back_that_differs_is_a_verify_mismatch(paths):
    card_path, psam_path = blank(paths), stock.ensure_psam(paths)
    card = CorruptingConnection(vcard.VirtualCard(card_path))
    with pytest.raises(VerifyMismatch) as err:
        personalize(card, InProcessConnection(VirtualPsam(psam_path)), ZHANG, PROFILE)
    assert "姓名" in err.value.message("zh") and "张三" not in str(err.value)


def test_cancel_stops_before_the_next_step_and_a_rerun_completes(paths):
    card_path, psam_path = blank(paths), stock.ensure_psam(paths)
    cancel = threading.Event()

    def on_progress(step, index, total):
        if step is Step.WRITE_PHOTO:
            cancel.set()

    with pytest.raises(Cancelled):
        personalize(*conns(card_path, psam_path), ZHANG, PROFILE, on_progress=on_progress, cancel=cancel)
    assert personalize(*conns(card_path, psam_path), ZHANG, PROFILE).restarted
    assert read_card(*conns(card_path, psam_path), PROFILE).data == ZHANG
