"""The third-generation certificate step end to end on the real parts: the simulated card and PSAM on
pcscd, the CUPS-PDF printer, the ledger (its CA) on loopback and two counter data directories, driven
through the command line as a clerk's script would (PINs on standard input).

One card goes the whole way (personalize, print, the holder's PIN, `card cert issue`, hand-over), its
certificate is exported and checked by OpenSSL 3 against the CA the ledger exports, the private key file
is unreadable and the card signs only after the PIN. A second card is handed over while the ledger is
down (the step waits) and another counter finishes it. Then the first card is reported lost and its
certificate is on the CRL."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from counter_app.crypto import sm2
from counter_app.crypto.x509 import load_certificate
from counter_app.services.seed import random_applicant
from tests.integration.conftest import card_connection, transmit
from tests.sync.conftest import counter_cli, ledger, ledger_cli  # noqa: F401 - the ledger fixture

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = ROOT / "tests" / "data" / "applicant.json"
PKI_ADF = "53532E434552542E41444631"
CARD_READER = "Virtual PCD 00 00"
DISTID = "distid:1234567812345678"  # OpenSSL 3.0 uses an empty SM2 ID unless told the GM/T default


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"{proc.args}: {proc.stdout}{proc.stderr}"
    return proc


def enrolled(ledger, data_dir: Path, counter_id: str, district_key: Path | None = None) -> Path:  # noqa: F811
    if district_key is not None:  # one district: the blind-index key is provisioned alike on its counters
        (data_dir / "keys").mkdir(parents=True, exist_ok=True)
        shutil.copy2(district_key, data_dir / "keys" / "district-index.key")
    ok(counter_cli(data_dir, "enroll", "--ledger", ledger.url, "--token", ledger.add_counter(counter_id),
                   "--id", counter_id))
    ok(counter_cli(data_dir, "sync", "--once"))  # its first block of card numbers
    # the technician installs the ledger's CA from the file the ledger operator exported (a supervisor's login)
    ca_file = data_dir.parent / f"ca-for-{counter_id}.pem"
    ok(ledger_cli(ledger.db, "ca", "export", "--out", str(ca_file)))
    boss = json.loads(ok(counter_cli(data_dir, "users", "add", "--username", "boss", "--role", "supervisor",
                                     "--json")).stdout)
    ok(counter_cli(data_dir, "ca", "install", "--file", str(ca_file), "--user", "boss", "--password-stdin",
                   input=boss["password"] + "\n"))
    return data_dir


def printed_with_holder_pin(devices, data_dir: Path, applicant: Path, pin: str) -> tuple[dict, Path]:
    card = Path(devices.run("card", "insert", "--blank")["card"]["file"])
    written = json.loads(ok(counter_cli(data_dir, "card", "personalize", "--applicant", str(applicant),
                                        "--json")).stdout)
    ok(counter_cli(data_dir, "print", "card", "--issuance", written["issuance_id"], "--json"))
    ok(counter_cli(data_dir, "card", "pin", "change", input=f"123456\n{pin}\n"))
    return written, card


def test_certificates_from_the_ledgers_ca_on_a_card_at_two_counters(devices, ledger, tmp_path):  # noqa: F811
    a = enrolled(ledger, tmp_path / "counter-A", "A1")

    # --- the whole step on a freshly personalized card, then hand-over --------------------------------
    first, first_file = printed_with_holder_pin(devices, a, APPLICANT, "135790")
    issued = json.loads(ok(counter_cli(a, "card", "cert", "issue", "--json", input="135790\n")).stdout)
    assert issued["card_number"] == first["card_number"] and issued["key_generated"]
    assert issued["issuance_id"] == first["issuance_id"]
    assert "pending" not in ok(counter_cli(a, "issuance", "hand-over", first["issuance_id"])).stdout

    # OpenSSL 3 reads the exported certificate and verifies it against the CA the ledger exports
    ok(counter_cli(a, "card", "cert", "export", "--out", str(tmp_path / "sign.der")))
    ok(ledger_cli(ledger.db, "ca", "export", "--out", str(tmp_path / "ca.pem")))
    text = ok(subprocess.run(["openssl", "x509", "-inform", "DER", "-in", str(tmp_path / "sign.der"), "-noout",
                              "-text", "-out", "/dev/stdout"], capture_output=True, text=True)).stdout
    assert "SM2-with-SM3" in text and f"CN = {first['card_number']}" in text
    assert "421303199003070019" not in text  # the subject holds a blind index, not the ID number
    ok(subprocess.run(["openssl", "x509", "-inform", "DER", "-in", str(tmp_path / "sign.der"),
                       "-out", str(tmp_path / "sign.pem")], capture_output=True, text=True))
    verified = ok(subprocess.run(["openssl", "verify", "-CAfile", str(tmp_path / "ca.pem"), "-vfyopt", DISTID,
                                  str(tmp_path / "sign.pem")], capture_output=True, text=True))
    assert verified.stdout.strip().endswith(": OK")

    # on the card itself: the private key cannot be read, and signing needs the PIN
    cert = load_certificate((tmp_path / "sign.der").read_bytes())
    message = b"online authentication challenge"
    with card_connection(CARD_READER) as conn:
        assert transmit(conn, bytes.fromhex("00A404000C" + PKI_ADF))[1] == 0x9000
        assert transmit(conn, bytes.fromhex("00A40200020012"))[1] == 0x9000
        assert transmit(conn, bytes.fromhex("00B0000020"))[1] == 0x6982  # the signing private key
        e = sm2.message_digest(cert.public_key, message)
        assert transmit(conn, bytes.fromhex("002A9E9A20") + e + b"\x00")[1] == 0x6982  # no PIN yet
        assert transmit(conn, bytes.fromhex("0020000003135790"))[1] == 0x9000
        signature, sw = transmit(conn, bytes.fromhex("002A9E9A20") + e + b"\x00")
        assert sw == 0x9000 and sm2.verify(cert.public_key, message, signature)
    proof = json.loads(ok(counter_cli(a, "card", "cert", "verify", "--json", input="135790\n")).stdout)
    assert proof["chain"] and proof["possession"] and proof["revoked"] is False
    devices.run("card", "remove")

    # --- ledger down at hand-over: the step waits; another counter finishes it ------------------------
    second_applicant = tmp_path / "second.json"
    second_applicant.write_text(json.dumps(random_applicant(random.Random(12)).to_dict(), ensure_ascii=False))
    second, _ = printed_with_holder_pin(devices, a, second_applicant, "246801")
    ledger.stop()
    waiting = counter_cli(a, "card", "cert", "issue", "--json", input="246801\n")
    assert waiting.returncode == 3, waiting.stdout + waiting.stderr  # the ledger is away: try later
    assert "pending" in ok(counter_cli(a, "issuance", "hand-over", second["issuance_id"])).stdout
    ledger.start()
    ok(counter_cli(a, "sync", "--once"))
    b = enrolled(ledger, tmp_path / "counter-B", "B1", district_key=a / "keys" / "district-index.key")
    finished = json.loads(ok(counter_cli(b, "card", "cert", "issue", "--json", input="246801\n")).stdout)
    assert finished["card_number"] == second["card_number"]
    assert finished["key_generated"] is False and finished["issuance_id"] is None
    devices.run("card", "remove")

    # --- the first card reported lost: its certificate is on the CRL -----------------------------------
    ok(counter_cli(a, "card", "status", "set", "--card-number", first["card_number"], "--status", "loss",
                   "--reason", "lost"))
    ok(counter_cli(a, "sync", "--once"))
    devices.run("card", "insert", "--file", str(first_file))
    revoked = counter_cli(a, "card", "cert", "verify", "--json", input="135790\n")
    assert revoked.returncode == 1 and json.loads(revoked.stdout)["revoked"] is True
    devices.run("card", "remove")

    # the holders' PINs are in no log, trace or database file of either counter (settings hold only the
    # initial PIN, which is configuration)
    for data in (a, b):
        for path in (p for p in data.rglob("*") if p.is_file() and p.name != "settings.toml"):
            content = path.read_bytes()
            for pin in ("135790", "246801"):
                assert pin.encode() not in content, f"a PIN was found in {path}"


@pytest.fixture(autouse=True)
def _no_card_left(devices):
    yield
    devices.run("card", "remove", check=False)
