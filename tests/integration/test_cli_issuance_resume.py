"""`counter-app issuance resume ID` over the real pcscd: a card pulled in the middle of `card personalize` is
finished from the command line, with the GUI's rules (one service function): only the chip the write began on,
which ends with exactly the intended content; another card is refused before anything is written to it. And
re-running `card personalize` for the same applicant points to the unfinished issuance instead of leaving a
second one dangling.

Run under the devices lock: `flock /tmp/devices.lock .venv/bin/python -m pytest tests/integration/test_cli_issuance_resume.py`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = ROOT / "tests" / "data" / "applicant.json"
PHOTO = ROOT / "devices" / "camera" / "frames" / "astronaut.jpg"
NUMBER = "X00000019"
TEAR_AFTER = 30  # APDUs: past the holder check and the write authentication, inside the writes


def counter_app(data_dir: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "counter_app", "--lang", lang, *args], capture_output=True,
                          text=True, env=env, timeout=180)


def chip_files(card_file: Path) -> dict:
    """The card's files, its own 卡识别码 (EF05 record 1) left out: what was written to it."""
    files = json.loads(card_file.read_text())["files"]
    files["EF05"]["records"][0] = None
    return files


def issuances(data_dir: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(id, state, card_number, card_id) of every issuance of the counter, oldest first."""
    [db] = (data_dir).rglob("counter.sqlite3")
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, state, card_number, card_id FROM issuances ORDER BY created_at").fetchall()


def personalize(data_dir: Path, *extra: str, lang: str = "en") -> subprocess.CompletedProcess:
    return counter_app(data_dir, "card", "personalize", "--applicant", str(APPLICANT), "--photo", str(PHOTO),
                       "--card-number", NUMBER, *extra, lang=lang)


def read_back(data_dir: Path) -> dict:
    proc = counter_app(data_dir, "card", "read", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    out.pop("card_id"), out.pop("atr")  # the chip's own
    return out


@pytest.fixture
def reference(devices, tmp_path):
    """A card written in one go for the same applicant, number and photo: the intended content."""
    card = Path(devices.run("card", "insert", "--blank")["card"]["file"])
    data = tmp_path / "reference-counter"
    proc = personalize(data, "--json")
    assert proc.returncode == 0, proc.stderr
    content = read_back(data)
    devices.run("card", "remove")
    return chip_files(card), content, json.loads(proc.stdout)["apdus"]


@pytest.fixture
def torn(devices, tmp_path, reference):
    """`card personalize` with the card pulled out after TEAR_AFTER APDUs: (data dir, card file, issuance id)."""
    card = Path(devices.run("card", "insert", "--blank")["card"]["file"])
    blank = chip_files(card)
    data = tmp_path / "counter"
    devices.run("card", "tear", "--after", str(TEAR_AFTER))
    proc = personalize(data)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    [(issuance_id, state, number, card_id)] = issuances(data)
    assert state == "encode_failed" and number == NUMBER
    assert card_id, "the chip the write began on is recorded with the failure"
    # the write really was interrupted: something of it is on the card, not all of it
    after = chip_files(card)
    assert after != blank and after != reference[0]
    assert TEAR_AFTER < reference[2]
    yield data, card, issuance_id
    devices.run("card", "remove")


def test_a_pulled_card_is_finished_by_issuance_resume_with_exactly_the_intended_content(devices, torn, reference):
    data, card, issuance_id = torn
    devices.run("card", "insert", "--last")  # the same card, back in the slot
    proc = counter_app(data, "issuance", "resume", issuance_id, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["issuance_id"], out["state"], out["card_number"]) == (issuance_id, "encoded", NUMBER)
    assert out["restarted"] is True  # it found this person's data already on the chip
    expected_files, expected_read, _ = reference
    assert chip_files(card) == expected_files  # byte for byte, every file
    assert read_back(data) == expected_read
    [(_id, state, number, card_id)] = issuances(data)
    assert (state, number, card_id) == ("encoded", NUMBER, out["card_id"])


def test_another_card_is_refused_before_anything_is_written_to_it(devices, torn, tmp_path):
    data, _card, issuance_id = torn
    other = Path(devices.run("card", "insert", "--blank")["card"]["file"])
    blank = chip_files(other)
    proc = counter_app(data, "issuance", "resume", issuance_id)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "not the card the write began on" in proc.stderr and f"issuance resume {issuance_id}" in proc.stderr
    zh = counter_app(data, "issuance", "resume", issuance_id, lang="zh")
    assert zh.returncode == 1 and "不是本次制卡开始时的那张卡" in zh.stderr
    assert chip_files(other) == blank  # untouched
    [(_id, state, number, _card_id)] = issuances(data)
    assert (state, number) == ("encode_failed", NUMBER)
    devices.run("card", "remove")

    no_card = counter_app(data, "issuance", "resume", issuance_id)
    assert no_card.returncode == 1 and "insert the card the write began on" in no_card.stderr
    assert issuances(data)[0][1] == "encode_failed"


def test_personalize_again_points_to_the_unfinished_issuance_and_creates_nothing(devices, torn):
    data, card, issuance_id = torn
    devices.run("card", "insert", "--last")
    before = chip_files(card)
    for lang in ("en", "zh"):
        proc = personalize(data, lang=lang)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert issuance_id in proc.stderr and f"counter-app issuance resume {issuance_id}" in proc.stderr
    assert "unfinished issuance" in personalize(data).stderr
    assert len(issuances(data)) == 1  # no second issuance
    assert chip_files(card) == before  # nothing written


def test_a_finished_issuance_is_not_resumable(devices, torn):
    data, _card, issuance_id = torn
    devices.run("card", "insert", "--last")
    assert counter_app(data, "issuance", "resume", issuance_id).returncode == 0
    again = counter_app(data, "issuance", "resume", issuance_id)
    assert again.returncode == 1 and "no chip write to resume" in again.stderr
    pointed = personalize(data)  # its chip is written: the pointer says what is left, still creating nothing
    assert pointed.returncode == 1 and f"counter-app issuance show {issuance_id}" in pointed.stderr
    assert len(issuances(data)) == 1
    unknown = counter_app(data, "issuance", "resume", "no-such-id")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
