"""The contactless reader over the real PC/SC stack: pcscd, the second vpcd entry, pyscard, the simulated card.

The card is put in the encoder with ``--contactless`` (one dual-interface card on the contact slot and the
contactless reader), or laid on the contactless reader alone with ``card tap``. Expected bytes (the ATR, the
status words) are written out by hand from PC/SC part 3 and docs/card-profile.md, not computed by the app.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from counter_app.card.contactless import probe_protected, read_public, read_uid
from counter_app.card.errors import CardRemoved, NoCard
from counter_app.card.pcsc import PcscConnection
from counter_app.card.profile import load_profile
from counter_app.diagnostics.contactless_checks import check_contactless
from counter_app.diagnostics.readers import SystemPcsc
from counter_app.domain.applicant import Applicant
from counter_app.domain.issuance import IssuanceState
from counter_app.services.auth import Session
from counter_app.services.card_query import CardQueryService
from counter_app.services.contactless import ContactlessCheckFailed, PcscContactlessReader
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.database import Store
from counter_app.store.issuances import IssuanceEventRepository
from counter_app.store.outbox import OutboxRepository
from tests.support.encoders import PatientEncoder

OPERATOR = Session.local_operator()
ROOT = Path(__file__).resolve().parents[2]
APPLICANT = Applicant.from_dict(json.loads((ROOT / "tests" / "data" / "applicant.json").read_text("utf-8")))
CARD_READER, PSAM_READER = "Virtual PCD 00 00", "Virtual PCD 00 01"
CONTACTLESS_READER = "Virtual PCD Contactless 00 00"
# PC/SC part 3, ISO 14443-4 type A: 3B 8A 80 01, the ten historical bytes "VSSC3.00" 00 00, TCK
CONTACTLESS_ATR_SSC3 = bytes.fromhex("3B8A8001" "56535343332E30300000" "03")
PROFILE = load_profile()


def connect(reader: str, timeout: float = 10.0) -> PcscConnection:
    """The card in ``reader``, waiting (bounded) for pcscd to notice it."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return PcscConnection(reader)
        except (NoCard, CardRemoved):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "counter.sqlite3")
    with s.transaction() as db:
        CardNumberBlocks(db).add_block("contactless", "X00000019", 500, at=dt.datetime.now(dt.UTC))
    yield s
    s.close()


@pytest.fixture
def dual_card(devices):
    """A blank card in the encoder, reached by the contactless reader too; out of both afterwards."""
    answer = devices.run("card", "insert", "--blank", "--contactless")
    yield Path(answer["card"]["file"])
    devices.run("card", "untap")
    devices.run("card", "remove")


def new_issuance(store) -> str:
    intake = IntakeService(store)
    issuance_id = intake.open_application(OPERATOR, APPLICANT)
    intake.accept_photo(OPERATOR, issuance_id, None)
    return issuance_id


def service(store, contactless: bool = True) -> EncodingService:
    return EncodingService(store, PatientEncoder(CARD_READER, PSAM_READER),
                           EncoderSettings(profile=PROFILE, write_photo=False, write_retries=1),
                           contactless=PcscContactlessReader(CONTACTLESS_READER) if contactless else None)


def finish_event(store, issuance_id: str):
    return next(e for e in IssuanceEventRepository(store.db).for_issuance(issuance_id)
                if e.action == "finish_encoding")


def encoded_payload(store, issuance_id: str) -> dict:
    return next(e.payload for e in OutboxRepository(store.db).for_issuance(issuance_id)
                if e.payload.get("to_state") == "encoded")


def test_the_contactless_slot_answers_with_a_part3_atr_and_the_cards_uid(devices, dual_card):
    from devices.vcard.contactless import uid_of

    chip_id = json.loads(dual_card.read_text())["chip_id"]
    conn = connect(CONTACTLESS_READER)
    try:
        assert conn.atr == CONTACTLESS_ATR_SSC3
        uid = read_uid(conn)
        assert len(uid) == 7 and uid == uid_of(chip_id)
        assert read_uid(conn) == uid  # stable
        assert conn.send_and_receive(bytes.fromhex("FFCA000004")) == (b"", 0x6C07)  # Le too short: the right one
        reading = read_public(conn, PROFILE)
    finally:
        conn.close()
    card_id = json.loads(dual_card.read_text())["files"]["EF05"]["records"][0]["value"]
    assert (reading.card_id, reading.spec_version, reading.card_number) == (card_id, "3.00", "")
    contact = connect(CARD_READER)
    try:  # the contact slot keeps its own ATR and knows no GET DATA
        assert contact.atr[:3] == bytes.fromhex("3B8A81")
        assert contact.send_and_receive(bytes.fromhex("FFCA000000"))[1] == 0x6E00
    finally:
        contact.close()


def test_a_freshly_written_card_passes_the_contactless_check_and_both_interfaces_are_recorded(
        devices, dual_card, store):
    issuance_id = new_issuance(store)
    outcome = service(store).encode(OPERATOR, issuance_id)
    assert IssuanceService(store).get(issuance_id).state is IssuanceState.ENCODED
    from devices.vcard.contactless import uid_of

    uid = uid_of(json.loads(dual_card.read_text())["chip_id"]).hex().upper()
    detail = finish_event(store, issuance_id).detail
    assert detail["contactless"] == "verified" and detail["contactless_uid"] == uid
    assert detail["interfaces"] == {"contact": "verified", "contactless": "verified"}
    payload = encoded_payload(store, issuance_id)  # what the ledger receives
    assert payload["interfaces"] == {"contact": "verified", "contactless": "verified"}
    assert payload["contactless_uid"] == uid

    # the in-card query over the same card: the contactless side shows the same card
    query = CardQueryService(store, service(store), contactless=PcscContactlessReader(CONTACTLESS_READER))
    both = query.query(OPERATOR)
    assert both.card_number == outcome.card_number and both.contactless_uid == uid and both.contactless_consistent
    tapped = query.query_contactless(OPERATOR)
    assert tapped.contactless_only and tapped.card_number == outcome.card_number
    assert tapped.record is not None and tapped.record.issuance_id == issuance_id and tapped.consistent
    assert tapped.name == "" and tapped.social_security_number == ""  # not readable without contact


def test_the_holders_data_pin_and_writes_are_refused_on_the_contactless_interface(devices, dual_card, store):
    service(store).encode(OPERATOR, new_issuance(store))
    before = json.loads(dual_card.read_text())
    conn = connect(CONTACTLESS_READER)
    try:
        assert probe_protected(conn, PROFILE) == 0x6982                      # EF06 record 1: the holder's number
        send = lambda hex_: conn.send_and_receive(bytes.fromhex(hex_))[1]  # noqa: E731
        assert send("00A404000F7378312E73682EC9E7BBE1B1A3D5CF") == 0x9000  # SELECT SSSE
        assert send("00B2052C00") == 0x6982                                 # EF05 record 5: issue date
        assert send("00B0880000") == 0x6982                                 # EF08: the photo
        assert send("0020000003123456") == 0x6985                           # VERIFY: not on this interface
        assert send("00DC07040B0709" + "41" * 9) == 0x6985                  # UPDATE RECORD 卡号
        assert send("00B2072C00") == 0x9000                                 # 卡号: public
    finally:
        conn.close()
    after = json.loads(dual_card.read_text())
    assert after["pin"] == before["pin"] and after["files"] == before["files"]  # nothing counted, nothing written


def test_a_card_the_contactless_reader_does_not_reach_is_not_encoded(devices, store):
    devices.run("card", "insert", "--blank")  # the contact slot only
    try:
        issuance_id = new_issuance(store)
        with pytest.raises(ContactlessCheckFailed) as err:
            service(store).encode(OPERATOR, issuance_id)
        assert "contactless" in err.value.message("en") and "非接触" in err.value.message("zh")
        issuance = IssuanceService(store).get(issuance_id)
        assert issuance.state is IssuanceState.ENCODE_FAILED and "非接触" in (issuance.failure_reason or "")
    finally:
        devices.run("card", "remove")


def test_another_card_on_the_contactless_reader_fails_the_check(devices, store, vdevices):
    from devices.vcard import stock

    other = stock.make_blank(1, vdevices[0])[0]
    devices.run("card", "insert", "--blank")
    devices.run("card", "tap", "--file", str(other))
    try:
        issuance_id = new_issuance(store)
        with pytest.raises(ContactlessCheckFailed) as err:
            service(store).encode(OPERATOR, issuance_id)
        assert "card id" in err.value.message("en")
        assert IssuanceService(store).get(issuance_id).state is IssuanceState.ENCODE_FAILED
    finally:
        devices.run("card", "untap")
        devices.run("card", "remove")


def test_without_a_contactless_reader_the_check_is_skipped_and_recorded(devices, blank_card, store):
    issuance_id = new_issuance(store)
    service(store, contactless=False).encode(OPERATOR, issuance_id)
    detail = finish_event(store, issuance_id).detail
    assert detail["contactless"] == "skipped" and "contactless_uid" not in detail
    assert encoded_payload(store, issuance_id)["interfaces"] == {"contact": "verified", "contactless": "skipped"}


def test_the_diagnostics_check_the_contactless_reader(devices, dual_card, store):
    service(store).encode(OPERATOR, new_issuance(store))
    result = check_contactless(SystemPcsc(), CONTACTLESS_READER, PROFILE)
    assert result.ok, result.measured
    assert result.measured["reader"] == CONTACTLESS_READER and len(result.measured["uid"]) == 14
    assert result.measured["protected_read_sw"] == "6982" and result.measured["card_number"]
    devices.run("card", "untap")
    empty = check_contactless(SystemPcsc(), CONTACTLESS_READER, PROFILE)
    assert empty.verdict.value == "warning" and empty.measured["present"] is False
    assert check_contactless(SystemPcsc(), "", PROFILE).measured == {"configured": False}
    missing = check_contactless(SystemPcsc(), "No Such Reader", PROFILE)
    assert missing.verdict.value == "fault" and CONTACTLESS_READER in missing.measured["readers"]


def test_a_card_torn_out_of_the_encoder_leaves_the_contactless_reader_too(devices, dual_card):
    assert devices.run("status")["contactless"]["present"] is True
    devices.run("card", "tear", "--after", "0")
    status = devices.run("status")
    assert status["card"]["present"] is False and status["contactless"]["present"] is False
    devices.run("card", "insert", "--last")  # back in the encoder only
    assert devices.run("status")["contactless"]["present"] is False


def test_the_command_line_writes_with_the_contactless_check_and_reads_a_tapped_card(devices, dual_card, tmp_path):
    import os
    import subprocess
    import sys

    from counter_app.paths import AppPaths
    from counter_app.settings import Settings

    data = tmp_path / "counter"
    settings = Settings.load(AppPaths.resolve(data).settings_file)
    settings.set("card.contactless_reader", CONTACTLESS_READER)
    settings.save()

    def app(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True, text=True,
                              env={**os.environ, "COUNTER_APP_DATA": str(data)}, timeout=120)

    written = app("card", "personalize", "--applicant", str(ROOT / "tests" / "data" / "applicant.json"),
                  "--card-number", "X00000027", "--json")
    assert written.returncode == 0, written.stderr
    shown = json.loads(app("issuance", "show", json.loads(written.stdout)["issuance_id"], "--json").stdout)
    assert shown["interfaces"] == {"contact": "verified", "contactless": "verified"}
    readers = json.loads(app("card", "readers", "--json").stdout)["readers"]
    assert {"name": CONTACTLESS_READER, "role": "contactless"} in readers
    tapped = app("card", "read", "--contactless", "--json")
    assert tapped.returncode == 0, tapped.stderr
    answer = json.loads(tapped.stdout)
    assert answer["card_number"] == "X00000027" and len(answer["uid"]) == 14 and not answer["blank"]
    devices.run("card", "untap")
    gone = app("card", "read", "--contactless", "--json")
    assert gone.returncode != 0 and gone.stdout == ""
