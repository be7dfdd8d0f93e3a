"""Halls: add and list them, counters enrolled into a hall (`counters add --hall`) or moved (`counters set-hall`),
the hall shown in `counters list`; unknown halls and counters refused. On SQLite and PostgreSQL, and through the
command line on a SQLite file."""

from __future__ import annotations

import io
import json

import pytest

from central_ledger.cli import main
from central_ledger.halls import add_hall, hall, list_halls, set_counter_hall
from central_ledger.ledger import Ledger, LedgerError


def test_halls_and_their_counters(storage):
    add_hall(storage, "H2", "二号大厅", township_code="110102")
    add_hall(storage, "H1", "一号大厅")
    ledger = Ledger(storage)
    ledger.add_counter("C1", "窗口 1", hall_id="H1")
    ledger.add_counter("C2", "窗口 2")
    ledger.add_counter("C3", "窗口 3", hall_id="H1")
    set_counter_hall(storage, "C2", "H2")
    assert [h.as_json() for h in list_halls(storage)] == [
        {"hall_id": "H1", "name": "一号大厅", "township_code": None, "counters": ["C1", "C3"]},
        {"hall_id": "H2", "name": "二号大厅", "township_code": "110102", "counters": ["C2"]}]
    assert hall(storage, "H2").counters == ("C2",) and hall(storage, "H9") is None
    set_counter_hall(storage, "C3", "H2")  # moved
    assert hall(storage, "H1").counters == ("C1",)
    assert {r["counter_id"]: r["hall_id"] for r in ledger.list_counters()} == {"C1": "H1", "C2": "H2", "C3": "H2"}


def test_refusals(storage):
    add_hall(storage, "H1", "一号大厅")
    for args, code in [(("H1", "again"), "hall_exists"), (("bad id", "x"), "bad_hall_id"),
                       (("H2", "  "), "bad_hall_name")]:
        with pytest.raises(LedgerError) as exc:
            add_hall(storage, *args)
        assert exc.value.code == code
    ledger = Ledger(storage)
    with pytest.raises(LedgerError) as exc:
        ledger.add_counter("C1", "窗口 1", hall_id="H9")
    assert exc.value.code == "unknown_hall"
    assert ledger.list_counters() == []  # nothing enrolled
    ledger.add_counter("C1", "窗口 1")
    with pytest.raises(LedgerError) as exc:
        set_counter_hall(storage, "C1", "H9")
    assert exc.value.code == "unknown_hall"
    with pytest.raises(LedgerError) as exc:
        set_counter_hall(storage, "C9", "H1")
    assert exc.value.code == "unknown_counter"


def _run(monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands(monkeypatch, capsys, tmp_path):
    db = str(tmp_path / "ledger.sqlite3")
    assert _run(monkeypatch, capsys, "halls", "list", "--db", db, "--json")[1].strip() == "[]"
    code, out, _ = _run(monkeypatch, capsys, "halls", "add", "--db", db, "--id", "H1", "--name", "一号大厅",
                        "--township", "110101")
    assert code == 0 and "H1" in out
    code, out, _ = _run(monkeypatch, capsys, "counters", "add", "--db", db, "--id", "C1", "--name", "窗口 1",
                        "--hall", "H1", "--json")
    assert code == 0 and json.loads(out)["hall_id"] == "H1"
    _run(monkeypatch, capsys, "counters", "add", "--db", db, "--id", "C2", "--name", "窗口 2")
    code, _, err = _run(monkeypatch, capsys, "counters", "add", "--db", db, "--id", "C3", "--name", "x",
                        "--hall", "H9")
    assert code == 1 and "没有大厅 H9" in err and "no hall H9" in err
    assert _run(monkeypatch, capsys, "counters", "set-hall", "--db", db, "--id", "C2", "--hall", "H1")[0] == 0
    assert _run(monkeypatch, capsys, "counters", "set-hall", "--db", db, "--id", "C9", "--hall", "H1")[0] == 1
    code, out, _ = _run(monkeypatch, capsys, "halls", "list", "--db", db, "--json")
    assert json.loads(out) == [{"hall_id": "H1", "name": "一号大厅", "township_code": "110101",
                                "counters": ["C1", "C2"]}]
    out = _run(monkeypatch, capsys, "counters", "list", "--db", db)[1]
    assert all("hall=H1" in line for line in out.splitlines())
    listed = json.loads(_run(monkeypatch, capsys, "counters", "list", "--db", db, "--json")[1])
    assert {r["counter_id"]: r["hall_id"] for r in listed} == {"C1": "H1", "C2": "H1"}
    assert "counters=C1,C2" in _run(monkeypatch, capsys, "halls", "list", "--db", db)[1]
