"""``counter-app online due|find`` through the command line's entry, over a fresh counter database and the fake
ledger (the service's own, tests/online_counter/conftest.py): the due list as JSON and as text, said so when the
ledger is away and the kept copies are shown; a find by QR URL, WA number or ID number; names, ID numbers and
mobiles masked; a miss and a bad scan told in words with exit 1."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from counter_app.cli import main
from counter_app.services.container import CounterServices
from tests.online_counter.samples import app_id, application_json

TODAY = dt.date.today()
SECRETS = ("张三", "421303199003070019", "13900139000")


@pytest.fixture(autouse=True)
def _the_fake_ledger(ledger, monkeypatch):
    """The counter's services ask the fake ledger (the CLI and the service are the real ones)."""
    monkeypatch.setattr(CounterServices, "ledger", property(lambda self: ledger.client))


def _app(digits: str, **over) -> dict:
    return application_json(day=TODAY, app_id=app_id(digits), qr_token=f"tok{digits}" + "x" * 20, **over)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "online", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_due_lists_the_day_masked_and_the_kept_copies_when_offline(ledger, capsys):
    ledger.applications = [_app("0000000002"), _app("0000000001", application="renewal", reason=None),
                           _app("0000000003", collect_day=(TODAY + dt.timedelta(days=1)).isoformat())]
    code, out, _ = run(capsys, "due", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["day"] == TODAY.isoformat() and answer["offline"] is False and answer["problem"] is None
    rows = answer["applications"]
    assert [r["app_id"] for r in rows] == [app_id("0000000001"), app_id("0000000002")]
    assert rows[0]["name"] == "张*" and rows[0]["document_number"] == "4213**********0019"
    assert (rows[0]["application"], rows[0]["status"], rows[0]["collect_day"]) == ("renewal", "approved",
                                                                                     TODAY.isoformat())
    assert ledger.requests[-1] == ("/v1/online/due", {"day": TODAY.isoformat()})
    assert not any(s in out for s in SECRETS)

    ledger.down = True
    code, out, _ = run(capsys, "due")
    assert code == 0
    lines = out.splitlines()
    assert "cannot be reached" in lines[0] and "copies this counter kept" in lines[0]
    assert lines[1].split() == [app_id("0000000001"), "张*", "renewal", "approved", TODAY.isoformat()]
    assert len(lines) == 3 and not any(s in out for s in SECRETS)
    code, out, _ = run(capsys, "due", "--json", "--day", (TODAY + dt.timedelta(days=1)).isoformat())
    assert json.loads(out)["offline"] is True and json.loads(out)["applications"] == []  # never fetched


def test_find_by_qr_url_wa_number_and_id_number(ledger, capsys):
    ledger.applications = [_app("0000000001")]
    token = ledger.applications[0]["qr_token"]
    code, out, _ = run(capsys, "find", f"https://portal.example/apply/status?t={token}", "--json")
    assert code == 0, out
    found = json.loads(out)
    assert found["app_id"] == app_id("0000000001") and found["mobile"] == "139****9000"
    assert found["collectable"] is True and found["status_label"] == "approved"
    assert ledger.requests[-1] == ("/v1/online/lookup", {"qr_token": token})
    assert token not in out and not any(s in out for s in SECRETS)

    ledger.down = True  # kept now: found without the ledger
    code, out, _ = run(capsys, "find", app_id("0000000001").lower())
    assert code == 0 and out.splitlines()[0].startswith(app_id("0000000001"))
    assert "4213**********0019" in out and not any(s in out for s in SECRETS)
    code, out, _ = run(capsys, "find", "421303199003070019", "--json")
    assert code == 0 and json.loads(out)["app_id"] == app_id("0000000001")


def test_a_miss_a_bad_scan_and_a_bad_day_are_told(ledger, capsys):
    code, out, err = run(capsys, "find", app_id("1111111111"))
    assert code == 1 and out == "" and "No online application" in err
    ledger.down = True
    code, _, err = run(capsys, "find", app_id("1111111111"))
    assert code == 1 and "central ledger cannot be asked" in err
    code, _, err = run(capsys, "find", "not a scan")
    assert code == 1 and err.strip()
    code, _, err = run(capsys, "due", "--day", "06.12.2026")
    assert code == 1 and "YYYY-MM-DD" in err
