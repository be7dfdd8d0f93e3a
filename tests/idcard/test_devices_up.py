"""``python -m devices up`` starts the simulated ID card reader with the other devices and prints its port;
cards are laid and lifted and faults made through ``python -m devices idcard``, and the app reads through the
stable link. Needs the full devices (pcscd): run under ``flock /tmp/devices.lock``."""

import json
import os
import subprocess
import sys
from pathlib import Path


def _devices_human(devices, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "devices", "--state-dir", str(devices.state_dir), *args],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _read(tmp_path, port: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(tmp_path), "--lang", "en",
                           "idcard", "read", "--port", port, "--json"], capture_output=True, text=True, timeout=60)


def test_up_prints_the_port_and_the_app_reads_through_the_link(devices, tmp_path):
    status = devices.run("up")["idcard"]
    port, link = status["port"], status["link"]
    assert port.startswith("/dev/pts/") and os.path.realpath(link) == port
    assert Path(link) == devices.state_dir / "run" / "idcard-tty"
    assert f"idcard:  {link} -> {port}; no card" in _devices_human(devices, "up")

    assert _read(tmp_path, link).returncode == 3
    devices.run("idcard", "put", "--example", "permit")
    assert "陈家明" in _devices_human(devices, "status")
    proc = _read(tmp_path, link)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["card_type"] == "residence_permit"

    card = tmp_path / "card.json"
    card.write_text(json.dumps({"card_type": "resident", "name": "𠀀", "sex": "2", "ethnicity": "01",
                                "birth_date": "20000229", "address": "湖北省", "id_number": "421202200002290021",
                                "issuer": "咸宁市公安局", "valid_from": "20200301", "valid_to": "20300301"},
                               ensure_ascii=False), encoding="utf-8")
    devices.run("idcard", "put", "--file", str(card))
    out = json.loads(_read(tmp_path, link).stdout)
    assert out["name"] == "𠀀" and out["birth_date"] == "2000-02-29"  # a character beyond the BMP: UTF-16 pair

    devices.run("idcard", "fault", "silent", "--times", "0")
    try:
        proc = _read(tmp_path, link)
        assert proc.returncode == 1 and "does not answer" in proc.stderr
    finally:
        devices.run("idcard", "fault", "clear")
    devices.run("idcard", "lift")
    assert _read(tmp_path, link).returncode == 3


def test_a_bad_card_file_is_refused(devices, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"card_type": "passport"}', encoding="utf-8")
    answer = devices.run("idcard", "put", "--file", str(bad), check=False)
    assert answer["ok"] is False and "card_type" in answer["error"]
