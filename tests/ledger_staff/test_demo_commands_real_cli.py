"""The real ``central-ledger`` command (a subprocess, as scripts/demo.py and an operator run it) on both engines:
the exact calls of the demo (halls list --json, halls add, counters set-hall, staff add --password-stdin), then
a token whose account signs in with that password."""

from __future__ import annotations

import json
import subprocess
import sys

from central_ledger.staff import StaffDirectory
from central_ledger.storage import Storage
from tests.ledger.conftest import REPO, run_cli

PASSWORD = "demo password 1"


def test_the_demos_calls(db_url):
    assert json.loads(run_cli("halls", "list", "--db", db_url, "--json").stdout) == []
    assert run_cli("counters", "add", "--db", db_url, "--id", "C-DEMO", "--name", "演示柜台").returncode == 0
    r = run_cli("halls", "add", "--db", db_url, "--id", "HALL-DEMO", "--name", "演示服务大厅 demo hall")
    assert r.returncode == 0, r.stderr
    r = run_cli("counters", "set-hall", "--db", db_url, "--id", "C-DEMO", "--hall", "HALL-DEMO")
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "central_ledger", "staff", "add", "--db", db_url, "--username",
                        "admin1", "--role", "district_admin", "--password-stdin"], input=PASSWORD + "\n",
                       text=True, capture_output=True, cwd=REPO, timeout=120)
    assert r.returncode == 0, r.stderr
    halls = json.loads(run_cli("halls", "list", "--db", db_url, "--json").stdout)
    assert halls == [{"hall_id": "HALL-DEMO", "name": "演示服务大厅 demo hall", "township_code": None,
                      "counters": ["C-DEMO"]}]
    token = json.loads(run_cli("staff", "token", "--db", db_url, "--username", "admin1", "--json").stdout)["token"]

    storage = Storage.open(db_url)
    try:
        directory = StaffDirectory(storage)
        assert directory.verify_login("admin1", PASSWORD, None).role == "district_admin"
        assert directory.principal_of_token(token).username == "admin1"
    finally:
        storage.close()
