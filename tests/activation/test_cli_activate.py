"""The command line over the real pcscd with the simulated card, as a clerk's script would run it: a card
written for an applicant with an agent, collected by the agent (``issuance hand-over --by-agent``: 未启用,
the initial PIN still on the chip), then ``card activate`` with the holder's PIN on standard input (正常,
the chip holds it) and ``card financial-activation`` (the bank's report kept)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.domain.card_status import CardStatus
from counter_app.domain.issuance import IssuanceAction
from counter_app.paths import AppPaths
from counter_app.services.card_services import card_status_in
from counter_app.services.issuance import IssuanceService
from counter_app.store.database import open_store
from tests.activation.conftest import AGENT, HOLDER_PIN

ROOT = Path(__file__).resolve().parents[2]


def counter_app(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "counter_app", "--lang", "en", *args], capture_output=True,
                          text=True, env=env, input=stdin, timeout=120)


@pytest.fixture
def blank_card(devices):
    answer = devices.run("card", "insert", "--blank")
    yield Path(answer["card"]["file"])
    devices.run("card", "remove")


def test_collect_by_agent_then_activate_from_the_command_line(blank_card, tmp_path):
    data = tmp_path / "counter"
    applicant = json.loads((ROOT / "tests" / "data" / "applicant.json").read_text(encoding="utf-8"))
    applicant["agent"] = AGENT.to_dict()
    applicant_file = tmp_path / "with-agent.json"
    applicant_file.write_text(json.dumps(applicant, ensure_ascii=False), encoding="utf-8")
    written = counter_app(data, "card", "personalize", "--applicant", str(applicant_file), "--card-number",
                          "X00000019", "--json")
    assert written.returncode == 0, written.stderr
    issuance_id = json.loads(written.stdout)["issuance_id"]
    paths = AppPaths.resolve(data)
    with open_store(paths) as store:  # printed (the print itself is CUPS's: not this test's)
        for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
            IssuanceService(store).advance(issuance_id, action, "test")

    collected = counter_app(data, "issuance", "hand-over", issuance_id, "--by-agent")
    assert collected.returncode == 0, collected.stderr
    assert "card activate" in collected.stdout
    assert json.loads(blank_card.read_text())["pin"]["bcd"] == "123456"
    with open_store(paths) as store:
        assert card_status_in(store.db, "X00000019") is CardStatus.NOT_ACTIVATED

    weak = counter_app(data, "card", "activate", "--card-number", "X00000019", stdin="111111\n")
    assert weak.returncode == 1 and "Traceback" not in weak.stderr
    done = counter_app(data, "card", "activate", "--card-number", "X00000019", "--json", stdin=f"{HOLDER_PIN}\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "active" and json.loads(done.stdout)["pin_chosen"] is True
    assert json.loads(blank_card.read_text())["pin"]["bcd"] == HOLDER_PIN
    again = counter_app(data, "card", "activate", "--card-number", "X00000019", stdin=f"{HOLDER_PIN}\n")
    assert again.returncode == 1 and "nothing to activate" in again.stderr

    bank = counter_app(data, "card", "financial-activation", "--card-number", "X00000019", "--at", "2026-01-05",
                       "--json")
    assert bank.returncode == 0, bank.stderr
    assert json.loads(bank.stdout)["activated_at"].startswith("2026-01-05")
    with open_store(paths) as store:
        assert card_status_in(store.db, "X00000019") is CardStatus.ACTIVE
        kinds = [r[0] for r in store.db.execute("SELECT kind FROM cardmgmt_reports ORDER BY created_at, rowid")]
        assert kinds == ["completion", "activation", "status_change"]
    for path in (p for p in data.rglob("*") if p.is_file() and p.name != "settings.toml"):
        assert HOLDER_PIN.encode() not in path.read_bytes(), f"the PIN was found in {path}"
