"""``counter-app check-id`` and ``check-card-number``: output, JSON shape, exit codes, garbage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.cli import main
from tests.realparts import need

VENV_BIN = Path(sys.executable).parent
COUNTER_APP = VENV_BIN / "counter-app"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- check-id --------------------------------------------------------------------------------------------


def test_valid_number_prints_one_line_and_exits_0(capsys):
    code, out, err = run(capsys, "check-id", "11010519491231002x")
    assert code == 0
    assert out == "有效 11010519491231002X：公民身份号码，女，出生日期 1949-12-31\n"


def test_invalid_number_prints_the_reason_and_exits_1(capsys):
    code, out, _ = run(capsys, "check-id", "110105194912310021")
    assert code == 1
    assert out.startswith("无效：校验码错误")
    assert "应为 X" in out


def test_english_with_the_global_lang_option(capsys):
    code, out, _ = run(capsys, "--lang", "en", "check-id", "110105194912310021")
    assert code == 1
    assert out.startswith("invalid: check character wrong")


def test_one_line_per_problem(capsys):
    # wrong check character and an impossible date
    code, out, _ = run(capsys, "check-id", "11010519490230002X")
    assert code == 1
    assert out.count("\n") == 2 and all(line.startswith("无效：") for line in out.splitlines())


def test_type_option_for_residence_permits_and_foreigners(capsys):
    assert run(capsys, "check-id", "810000199001010019", "--type", "hk")[0] == 0
    code, out, _ = run(capsys, "check-id", "810000199001010019")
    assert code == 1 and "香港" in out
    assert run(capsys, "check-id", "USA420001234567", "--type", "foreign")[0] == 0


def test_json_shape_of_an_invalid_number(capsys):
    code, out, _ = run(capsys, "check-id", "110105194912310021", "--json")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["valid", "normalized", "errors"]
    assert data["valid"] is False
    assert data["normalized"] == "110105194912310021"
    assert [list(e) for e in data["errors"]] == [["code", "message"]]
    assert data["errors"][0]["code"] == "id.checksum"


def test_json_of_a_valid_number_adds_sex_and_birth_date_after_the_fixed_keys(capsys):
    code, out, _ = run(capsys, "--lang", "en", "check-id", "11010519491231002X", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data)[:3] == ["valid", "normalized", "errors"]
    assert data["valid"] is True and data["errors"] == []
    assert data["sex"] == "2" and data["birth_date"] == "1949-12-31"


def test_json_messages_follow_the_language(capsys):
    _, out, _ = run(capsys, "--lang", "en", "check-id", "", "--json")
    assert json.loads(out)["errors"] == [{"code": "id.empty", "message": "no citizen ID number given"}]


# --- garbage ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("garbage", [
    "", " ", "\x00", "11010519491231002\x00", "\x1b[2J", "\u202e", "😀" * 18, "9" * 10_000, "\ud800", "-1",
])
@pytest.mark.parametrize("command", ["check-id", "check-card-number"])
def test_garbage_gives_a_clear_message_and_exit_1(capsys, garbage, command):
    code, out, err = run(capsys, command, garbage)
    assert code == 1
    assert out.startswith("无效：")
    assert "Traceback" not in out + err
    assert len(out) < 1000


@pytest.mark.parametrize("command", ["check-id", "check-card-number"])
def test_garbage_in_json_keeps_the_shape(capsys, command):
    code, out, _ = run(capsys, command, "\x00😀\ud800", "--json")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["valid", "normalized", "errors"] and data["valid"] is False


def test_unknown_type_is_a_usage_error(capsys):
    code, _, err = run(capsys, "check-id", "11010519491231002X", "--type", "martian")
    assert code == 2
    assert "参数错误" in err


# --- check-card-number ------------------------------------------------------------------------------------------


def test_card_number_example_is_valid(capsys):
    code, out, _ = run(capsys, "check-card-number", "X00000019")
    assert code == 0 and out.startswith("有效 X00000019")


def test_card_number_json(capsys):
    code, out, _ = run(capsys, "check-card-number", "X00000018", "--json")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["valid", "normalized", "errors"]
    assert data["errors"][0]["code"] == "card.checksum"


# --- through a real process ----------------------------------------------------------------------------------------


@pytest.fixture
def run_process(tmp_path):
    need(COUNTER_APP.exists(), f"the console script {COUNTER_APP} is not installed (scripts/setup.sh installs the project)")
    env = dict(os.environ, COUNTER_APP_DATA=str(tmp_path / "data"))

    def _run(*argv: str | bytes):
        return subprocess.run([str(COUNTER_APP), *argv], capture_output=True, env=env, timeout=120)

    return _run


def test_real_process_valid_json(run_process):
    proc = run_process("check-id", "11010519491231002X", "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout.decode("utf-8"))
    assert data["valid"] is True and data["normalized"] == "11010519491231002X"


@pytest.mark.parametrize("garbage", ["", "x" * 10_000, "😀", "\x01\x02", b"\xff\xfe"])
def test_real_process_garbage(run_process, garbage):
    proc = run_process("check-id", garbage)
    assert proc.returncode == 1
    out = proc.stdout.decode("utf-8")
    assert out.startswith("无效：")
    assert b"Traceback" not in proc.stderr


def test_real_process_card_number_in_english(run_process):
    proc = run_process("--lang", "en", "check-card-number", "X0000001")
    assert proc.returncode == 1
    assert proc.stdout.decode("utf-8").startswith("invalid: a card number has 9 characters")
