"""The PIN services end to end over the real pcscd with the simulated card and PSAM, through the command
line as a clerk's script would use it (PINs on standard input): hand-over change, verify, blocking,
reset through the PSAM, the MAC checked by the card; then no PIN is found in the counter's logs,
traces or database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = ROOT / "tests" / "data" / "applicant.json"
ID_NUMBER = "421303199003070019"
PINS_USED = ("135790", "975310", "246813", "111111")  # the initial PIN is public configuration, not a secret


def counter_app(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "counter_app", "--lang", "en", *args], capture_output=True,
                          text=True, env=env, input=stdin, timeout=120)


def chip(card_file: Path) -> dict:
    return json.loads(card_file.read_text())


@pytest.fixture
def issued_card(devices, tmp_path):
    """A blank card in the encoder, written for the sample applicant; pulled out after the test."""
    card = Path(devices.run("card", "insert", "--blank")["card"]["file"])
    proc = counter_app(tmp_path / "counter", "card", "personalize", "--applicant", str(APPLICANT),
                       "--card-number", "X00000019")
    assert proc.returncode == 0, proc.stderr
    yield card
    devices.run("card", "remove")


def test_pin_change_verify_block_and_reset_over_pcscd(devices, issued_card, tmp_path):
    data = tmp_path / "counter"

    refused = counter_app(data, "card", "pin", "verify", stdin="123456\n")
    assert refused.returncode == 1 and "initial PIN" in refused.stderr
    weak = counter_app(data, "card", "pin", "change", stdin="123456\n111111\n")
    assert weak.returncode == 1 and "repeated" in weak.stderr
    assert counter_app(data, "card", "pin", "change", stdin="123456\n135790\n").returncode == 0
    assert chip(issued_card)["pin"]["bcd"] == "135790"
    assert counter_app(data, "card", "pin", "verify", "--json", stdin="135790\n").returncode == 0

    for left in (2, 1):  # 63C2, 63C1
        wrong = counter_app(data, "card", "pin", "verify", "--json", stdin="975310\n")
        assert wrong.returncode == 4 and json.loads(wrong.stdout) == {"tries_left": left}
    third = counter_app(data, "card", "pin", "verify", "--json", stdin="975310\n")  # 63C0: blocked now
    assert third.returncode == 5 and json.loads(third.stdout) == {"tries_left": 0, "blocked": True}
    assert "card pin reset" in third.stderr and "PSAM" in third.stderr
    blocked = counter_app(data, "card", "pin", "verify", stdin="135790\n")
    assert blocked.returncode == 5 and "card pin reset" in blocked.stderr  # 6983
    blocked_zh = subprocess.run([sys.executable, "-m", "counter_app", "card", "pin", "verify"], capture_output=True,
                                text=True, env={**os.environ, "COUNTER_APP_DATA": str(data)}, input="135790\n",
                                timeout=120)
    assert blocked_zh.returncode == 5 and "重置" in blocked_zh.stderr and "card pin reset" in blocked_zh.stderr

    devices.run("psam", "insert", "--wrong-keys")
    try:
        failed = counter_app(data, "card", "pin", "reset", "--id-number", ID_NUMBER, stdin="246813\n")
    finally:
        devices.run("psam", "insert")
    assert failed.returncode == 1 and "PSAM" in failed.stderr and "Traceback" not in failed.stderr
    after = chip(issued_card)
    assert after["pin"]["bcd"] == "135790" and after["pin"]["tries"] == 0 and after["keys"]["06"]["tries"] == 3

    other = counter_app(data, "card", "pin", "reset", "--id-number", "11010519491231002X", stdin="246813\n")
    assert other.returncode == 1 and chip(issued_card)["pin"]["tries"] == 0

    reset = counter_app(data, "card", "pin", "reset", "--id-number", ID_NUMBER, "--reason", "blocked", "--json",
                        stdin="246813\n")
    assert reset.returncode == 0, reset.stderr
    assert json.loads(reset.stdout)["card_number"] == "X00000019"
    trace = counter_app(data, "card", "trace").stdout
    assert "8424000014" + "**" * 20 in trace  # the RELOAD PIN header is shown, its data masked
    assert counter_app(data, "card", "pin", "verify", stdin="246813\n").returncode == 0

    # no PIN in any log, trace or database file of the counter (settings are not scanned: they hold the
    # initial PIN, which is configuration)
    scanned = [p for p in data.rglob("*") if p.is_file() and p.name != "settings.toml"]
    assert scanned
    for path in scanned:
        content = path.read_bytes()
        for pin in PINS_USED:
            assert pin.encode() not in content, f"a PIN was found in {path.relative_to(data)}"


def test_the_card_refuses_a_reload_whose_mac_has_a_flipped_bit(devices, issued_card):
    from counter_app.card import pcsc
    from counter_app.card.apdu import Apdu
    from counter_app.card.personalize import identify
    from counter_app.card.pin import build_reload_command
    from counter_app.card.profile import load_profile
    from counter_app.card.psam import Psam
    from counter_app.card.ssc import SscCard, internal_authenticate
    from counter_app.card.sw import SW
    from counter_app.domain.pin import pin_buffer

    profile = load_profile()
    card_conn, psam_conn = pcsc.connect("Virtual PCD 00 00"), pcsc.connect("Virtual PCD 00 01")
    try:
        card, psam = SscCard(card_conn, profile), Psam(psam_conn, profile)
        card_id = identify(card, profile).card_id
        internal_authenticate(card, psam, profile.key_internal_auth, card_id)
        command = build_reload_command(card, psam, card_id, pin_buffer("246813"))
        data = bytearray(command.apdu.data)
        data[-2] ^= 0x10
        resp = card.transmit(Apdu(0x84, 0x24, 0x00, 0x00, bytes(data)))
    finally:
        card_conn.close()
        psam_conn.close()
    assert resp.sw == SW.SECURE_MESSAGING_WRONG  # 6988
    after = chip(issued_card)
    assert after["pin"]["bcd"] == "123456" and after["keys"]["06"]["tries"] == 2  # the card counted the bad MAC
