"""Chip personalization through the real PC/SC stack: pcscd, the vpcd driver, pyscard, the simulated card and PSAM.

The app talks to the devices only through pyscard, as it would to a real encoder; the expected record
bytes below are written out by hand from the spec (not computed by the app's encoder), and the card's
content is read from the simulated chip's own file, so a mistake shared by writer and reader cannot pass.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = ROOT / "tests" / "data" / "applicant.json"
PHOTO = ROOT / "devices" / "camera" / "frames" / "astronaut.jpg"


def counter_app(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def chip(card_file: Path) -> dict:
    return json.loads(card_file.read_text())


def records(card_file: Path, ef: str) -> list[bytes]:
    return [bytes.fromhex(r["tag"] + f"{len(r['value']) // 2:02X}" + r["value"])
            for r in chip(card_file)["files"][ef]["records"]]


def key_tries(card_file: Path) -> dict[str, int]:
    return {kid: k["tries"] for kid, k in chip(card_file)["keys"].items()}


def test_personalize_writes_every_record_byte_for_byte_as_the_spec_says(devices, blank_card, tmp_path):
    proc = counter_app(tmp_path / "counter", "card", "personalize", "--applicant", str(APPLICANT),
                       "--card-number", "X00000019", "--json")
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["card_number"] == "X00000019"
    assert answer["card_id"] == chip(blank_card)["files"]["EF05"]["records"][0]["value"]
    assert answer["apdus"] > 20 and answer["seconds"] > 0

    today = dt.date.today()
    issue = bytes.fromhex(today.strftime("%Y%m%d"))
    expiry = bytes.fromhex(today.replace(year=today.year + 10).strftime("%Y%m%d"))
    ef05 = records(blank_card, "EF05")
    assert ef05[4] == b"\x05\x04" + issue                      # 发卡日期, cn YYYYMMDD
    assert ef05[5] == b"\x06\x04" + expiry                     # 卡有效期: issue + 10 years
    assert ef05[6] == b"\x07\x09" + b"X00000019"               # 卡号, an
    ef06 = records(blank_card, "EF06")
    assert ef06[0] == b"\x08\x12" + b"421303199003070019"      # 社会保障号码, an 18
    assert ef06[1] == b"\x09\x1e" + "张三".encode("gbk") + b"\x00" * 26   # 姓名, GBK, 00-padded to 30
    assert ef06[2] == b"\x4e\x14" + b"\x00" * 20               # 姓名扩展: not needed
    assert ef06[3] == b"\x0a\x01" + b"1"                       # 性别, an
    assert ef06[4] == b"\x0b\x01\x01"                          # 民族, cn
    assert ef06[5] == b"\x0c\x03\x42\x13\x03"                  # 出生地, cn
    assert ef06[6] == b"\x0d\x04\x19\x90\x03\x07"              # 出生日期, cn


def test_the_in_card_query_reads_back_what_was_written(devices, blank_card, tmp_path):
    data = tmp_path / "counter"
    assert counter_app(data, "card", "personalize", "--applicant", str(APPLICANT), "--photo", str(PHOTO),
                       "--card-number", "X00000027").returncode == 0
    proc = counter_app(data, "card", "read", "--json")
    assert proc.returncode == 0, proc.stderr
    read = json.loads(proc.stdout)
    assert (read["card_number"], read["social_security_number"], read["name"]) == \
        ("X00000027", "421303199003070019", "张三")
    assert read["photo_bytes"] > 1000 and not read["blank"]
    photo = bytes.fromhex(chip(blank_card)["files"]["EF08"]["data"])
    assert photo.startswith(b"\xff\xd8") and len(photo.rstrip(b"\x00")) <= 4096


def test_the_trace_of_the_last_run_masks_names_and_numbers(devices, blank_card, tmp_path):
    data = tmp_path / "counter"
    counter_app(data, "card", "personalize", "--applicant", str(APPLICANT), "--card-number", "X00000035")
    trace = counter_app(data, "card", "trace").stdout
    assert "00A404000F7378312E73682EC9E7BBE1B1A3D5CF" in trace  # SELECT SSSE is shown as it is
    for secret in ("421303199003070019", "3432313330333139393030333037303031", "张三", "D5C5C8FD"):
        assert secret not in trace


def test_a_psam_with_other_master_keys_stops_before_any_retry_counter_is_touched(devices, blank_card, tmp_path):
    before = key_tries(blank_card)
    devices.run("psam", "insert", "--wrong-keys")
    try:
        proc = counter_app(tmp_path / "counter", "--lang", "en", "card", "personalize", "--applicant",
                           str(APPLICANT), "--card-number", "X00000043")
    finally:
        devices.run("psam", "insert")
    assert proc.returncode == 1
    assert "PSAM" in proc.stderr and "Traceback" not in proc.stderr
    assert key_tries(blank_card) == before
    assert all(r["value"].strip("0") == "" for r in chip(blank_card)["files"]["EF06"]["records"])


def test_a_card_with_another_persons_data_is_refused(devices, blank_card, tmp_path):
    data = tmp_path / "counter"
    assert counter_app(data, "card", "personalize", "--applicant", str(APPLICANT),
                       "--card-number", "X00000051").returncode == 0
    other = json.loads(APPLICANT.read_text())
    other.update(document_number="11010519491231002X", name="李四", sex="2", birth_date="1949-12-31",
                 birthplace="110105")
    other_file = tmp_path / "other.json"
    other_file.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    proc = counter_app(data, "card", "personalize", "--applicant", str(other_file), "--card-number", "X0000006X")
    assert proc.returncode == 1
    assert "其他人" in proc.stderr
    assert bytes.fromhex(chip(blank_card)["files"]["EF06"]["records"][1]["value"]).rstrip(b"\x00").decode("gbk") == "张三"


@pytest.mark.parametrize(("kind", "message"), [("ssc2", "二代"), ("non_ssc", "不是社会保障卡")])
def test_second_generation_and_foreign_cards_are_recognised_and_refused(devices, tmp_path, kind, message):
    card_file = private_card(devices, tmp_path, "--kind", kind)
    devices.run("card", "insert", "--file", str(card_file))
    try:
        proc = counter_app(tmp_path / "counter", "card", "personalize", "--applicant", str(APPLICANT),
                           "--card-number", "X00000078")
    finally:
        devices.run("card", "remove")
    assert proc.returncode == 1 and message in proc.stderr, proc.stderr


def test_a_card_whose_read_key_is_blocked_says_so(devices, tmp_path):
    card_file = private_card(devices, tmp_path)
    content = chip(card_file)
    content["keys"]["0A"]["tries"] = 0
    card_file.write_text(json.dumps(content))
    devices.run("card", "insert", "--file", str(card_file))
    try:
        proc = counter_app(tmp_path / "counter", "card", "personalize", "--applicant", str(APPLICANT),
                           "--card-number", "X00000086")
    finally:
        devices.run("card", "remove")
    assert proc.returncode == 1 and "锁" in proc.stderr, proc.stderr


def test_a_blocked_pin_gives_its_message(devices, tmp_path):
    from counter_app.card import pcsc
    from counter_app.card.errors import PinBlocked
    from counter_app.card.profile import load_profile
    from counter_app.card.ssc import SscCard

    card_file = private_card(devices, tmp_path)
    content = chip(card_file)
    content["pin"]["tries"] = 0
    card_file.write_text(json.dumps(content))
    devices.run("card", "insert", "--file", str(card_file))
    try:
        conn = wait_for_card(pcsc)
        try:
            card = SscCard(conn, load_profile())
            card.select_ssse()
            with pytest.raises(PinBlocked) as err:
                card.verify_pin(bytes.fromhex("123456"))
            assert "锁" in err.value.message("zh")
        finally:
            conn.close()
    finally:
        devices.run("card", "remove")


def private_card(devices, tmp_path: Path, *args: str) -> Path:
    """A new card taken out of the stock (so that no later test draws it as a blank)."""
    made = Path(devices.run("stock", "make", "1", *args)["made"][0])
    return Path(made.replace(tmp_path / made.name))


def wait_for_card(pcsc, timeout: float = 10.0):
    from counter_app.card.errors import CardRemoved, NoCard

    deadline = time.monotonic() + timeout
    while True:
        try:
            return pcsc.connect("Virtual PCD 00 00")
        except (NoCard, CardRemoved):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
