"""Every encoder check over the real pcscd with the simulated encoder (``python -m devices``), in its
healthy state and broken for real: no card, an unknown card, the PSAM pulled, a PSAM with the wrong
keys, pcscd stopped. Also ``counter-app diag`` and ``diag apdu`` as a technician types them.

Brings devices up: run under the lock (``flock /tmp/counter-devices.lock …``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from counter_app.card.profile import load_profile
from counter_app.diagnostics.pcsc_checks import check_card, check_readers, check_service
from counter_app.diagnostics.psam_checks import check_psam, check_psam_auth
from counter_app.diagnostics.readers import ReaderRoles, SystemPcsc
from counter_app.diagnostics.result import Verdict

ROLES = ReaderRoles("Virtual PCD 00 00", "Virtual PCD 00 01")
PROFILE = load_profile()
PORT = SystemPcsc()


def until(check, what: str, limit: float = 15.0):
    """Poll ``check`` until it returns something true (pcscd notices cards with a delay); fail after ``limit``."""
    deadline = time.monotonic() + limit
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.1)


def card_results(present: bool):
    def probe():
        results = check_card(PORT, ROLES, PROFILE)
        return results if results[0].measured.get("present") is present else None
    return until(probe, f"card present={present}")


@pytest.fixture
def card_in(devices):
    devices.run("psam", "insert")
    devices.run("card", "insert", "--blank")
    yield
    devices.run("card", "remove", check=False)


def test_the_healthy_encoder_over_pcscd(card_in):
    assert check_service(PORT).ok
    assert check_readers(PORT, ROLES).ok
    card = card_results(True)
    assert [r.verdict for r in card] == [Verdict.OK] * 3 and card[2].measured["type"] == "ssc3"
    assert card[1].measured["historical_text"].startswith("VSSC3")
    psam = until(lambda: (r := check_psam(PORT, ROLES, PROFILE)).ok and r, "PSAM answers")
    assert psam.measured["terminal_number"] == "421303000001"
    assert check_psam_auth(PORT, ROLES, PROFILE).ok


def test_no_card_in_the_encoder(devices):
    devices.run("card", "remove", check=False)
    assert card_results(False)[0].verdict is Verdict.WARNING
    assert check_psam_auth(PORT, ROLES, PROFILE).verdict is Verdict.WARNING


def test_an_unknown_card(devices):
    made = devices.run("stock", "make", "1", "--kind", "non_ssc")["made"][0]
    devices.run("card", "insert", "--file", made)
    try:
        card = card_results(True)
        assert (card[2].verdict, card[2].measured["type"]) == (Verdict.FAULT, "unknown")
    finally:
        devices.run("card", "remove")


def test_the_psam_pulled_out(devices):
    devices.run("psam", "remove")
    try:
        # While pcscd catches up, the slot may still look occupied by a card that no longer answers (also a
        # FAULT, with its own message); the test waits for the settled answer.
        result = until(lambda: (r := check_psam(PORT, ROLES, PROFILE)).measured.get("present") is False and r,
                       "PSAM gone")
        assert result.verdict is Verdict.FAULT
    finally:
        devices.run("psam", "insert")


def test_a_psam_with_the_wrong_keys(card_in, devices):
    card_results(True)
    devices.run("psam", "insert", "--wrong-keys")
    try:
        result = until(lambda: (r := check_psam_auth(PORT, ROLES, PROFILE)).verdict is Verdict.FAULT and r,
                       "the wrong PSAM in place")
        assert result.measured["keys_match"] is False
    finally:
        devices.run("psam", "insert")


def counter_app(tmp_path, *args: str) -> subprocess.CompletedProcess:
    settings = tmp_path / "settings.toml"
    settings.write_text('[ledger]\nurl = "http://127.0.0.1:9"\n', encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(tmp_path), "--lang", "en", *args],
                          capture_output=True, text=True, timeout=120)


def test_diag_json_runs_every_check_and_exits_non_zero_on_a_fault(card_in, tmp_path):
    card_results(True)
    proc = counter_app(tmp_path, "diag", "--json")
    assert proc.returncode == 1, proc.stderr  # the ledger is down (and there is no database yet)
    checks = {c["name"]: c for c in json.loads(proc.stdout)["checks"]}
    assert {c["verdict"] for c in checks.values()} <= {"ok", "warning", "fault"}
    assert all(set(c) == {"name", "verdict", "measured", "advice"} for c in checks.values())
    assert checks["psam.auth"]["verdict"] == "ok" and checks["card.type"]["measured"]["type"] == "ssc3"
    assert checks["ledger.reachable"]["verdict"] == "fault"


def test_diag_apdu_sends_to_the_named_reader_and_refuses_an_update_without_yes(card_in, tmp_path):
    card_results(True)
    aid = PROFILE.ssse_aid.hex().upper()
    select = f"00A40400{len(PROFILE.ssse_aid):02X}{aid}"
    proc = counter_app(tmp_path, "diag", "apdu", "--reader", "card", select, "--json")
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["exchanges"][0]["sw"] == "9000" and answer["reader"] == "Virtual PCD 00 00"
    refused = counter_app(tmp_path, "diag", "apdu", "--reader", "card", select, "00DC010403010100")
    assert refused.returncode == 1 and "UPDATE RECORD" in refused.stderr


def test_pcscd_stopped(devices):
    """Last: takes the devices down (pcscd with them) and brings them back for whatever runs next."""
    devices.run("down")
    try:
        result = until(lambda: (r := check_service(PORT)).verdict is Verdict.FAULT and r, "pcscd stopped")
        assert "pcscd" in result.advice_en
        assert check_readers(PORT, ROLES).measured == {"skipped": "pcsc.service"}
    finally:
        devices.run("up")
