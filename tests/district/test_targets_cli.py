"""``central-ledger targets set|show`` and ``district summary``: the district's defaults until set, a hall's
targets only when set (all three the first time), the summary's targets from the table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "central_ledger", *args], capture_output=True, text=True, cwd=REPO,
                          env=dict(os.environ), timeout=120)


def test_targets_and_the_summary_on_the_command_line(db_url, district):
    district.hall("H1", "城区大厅")
    r = _cli("targets", "show", "--year", "2026", "--db", db_url, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"year": 2026, "scope": "district", "new_ssc3": 70000, "all_cards": 120000,
                                     "coverage_percent": 99.5, "is_default": True}]
    r = _cli("targets", "set", "--year", "2026", "--new-ssc3", "75000", "--db", db_url, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["all_cards"] == 120000  # kept
    r = _cli("targets", "set", "--year", "2026", "--hall", "H1", "--new-ssc3", "9000", "--db", db_url)
    assert r.returncode == 1 and "--all" in r.stderr
    r = _cli("targets", "set", "--year", "2026", "--hall", "H1", "--new-ssc3", "9000", "--all", "15000",
             "--coverage", "99", "--db", db_url)
    assert r.returncode == 0, r.stderr
    r = _cli("targets", "set", "--year", "2026", "--hall", "H9", "--new-ssc3", "1", "--db", db_url)
    assert r.returncode == 1 and "H9" in r.stderr
    shown = json.loads(_cli("targets", "show", "--year", "2026", "--db", db_url, "--json").stdout)
    assert [(t["scope"], t["new_ssc3"], t["all_cards"], t["is_default"]) for t in shown] == [
        ("district", 75000, 120000, False), ("H1", 9000, 15000, False)]
    r = _cli("district", "summary", "--date", "2026-03-05", "--hall", "H1", "--db", db_url, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["hall"] == "H1" and out["targets"]["third_generation"]["target"] == 9000
    r = _cli("district", "summary", "--date", "2026-03-05", "--db", db_url, "--json")
    assert json.loads(r.stdout)["targets"]["all"]["target"] == 120000
