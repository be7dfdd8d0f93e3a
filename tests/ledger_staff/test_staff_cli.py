"""``central-ledger staff ...`` on a SQLite file: add (password on standard input), list, disable, enable, reset,
token (plain and --json), and the refusals (exit 1, Chinese and English)."""

from __future__ import annotations

import io
import json

import pytest

from central_ledger.cli import main
from central_ledger.staff import StaffDirectory, StaffError
from central_ledger.storage import Storage
from tests.ledger_staff.conftest import PASSWORD


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "ledger.sqlite3")


def run(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _directory(db: str) -> tuple[Storage, StaffDirectory]:
    storage = Storage.open(db)
    return storage, StaffDirectory(storage)


def test_add_list_disable_enable(monkeypatch, capsys, db):
    assert run(monkeypatch, capsys, "halls", "add", "--db", db, "--id", "H1", "--name", "一号大厅")[0] == 0
    code, out, _ = run(monkeypatch, capsys, "staff", "add", "--db", db, "--username", "admin1", "--role",
                       "district_admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and "admin1" in out
    code, out, _ = run(monkeypatch, capsys, "staff", "add", "--db", db, "--username", "sup1", "--role",
                       "hall_supervisor", "--hall", "H1", "--password-stdin", "--json", stdin=PASSWORD + "\r\n")
    assert code == 0 and json.loads(out)["hall_id"] == "H1"
    code, out, _ = run(monkeypatch, capsys, "staff", "list", "--db", db, "--json")
    listed = json.loads(out)
    assert [(m["username"], m["role"], m["hall_id"], m["status"]) for m in listed] == [
        ("admin1", "district_admin", None, "active"), ("sup1", "hall_supervisor", "H1", "active")]
    assert all("password_hash" not in m for m in listed)

    assert run(monkeypatch, capsys, "staff", "disable", "--db", db, "--username", "sup1")[0] == 0
    assert "disabled" in run(monkeypatch, capsys, "staff", "list", "--db", db)[1].splitlines()[1]
    assert run(monkeypatch, capsys, "staff", "enable", "--db", db, "--username", "sup1")[0] == 0
    storage, directory = _directory(db)
    try:
        assert directory.verify_login("sup1", PASSWORD, None).hall_id == "H1"  # the line end was not kept
    finally:
        storage.close()


def test_refusals_exit_1_in_both_languages(monkeypatch, capsys, db):
    code, _, err = run(monkeypatch, capsys, "staff", "add", "--db", db, "--username", "a1", "--role", "auditor",
                       "--password-stdin", stdin="short\n")
    assert code == 1 and "密码至少 10 个字符" in err and "at least 10 characters" in err
    code, _, err = run(monkeypatch, capsys, "staff", "add", "--db", db, "--username", "s1", "--role",
                       "hall_supervisor", "--hall", "H9", "--password-stdin", stdin=PASSWORD)
    assert code == 1 and "no hall H9" in err
    code, out, _ = run(monkeypatch, capsys, "staff", "disable", "--db", db, "--username", "ghost", "--json")
    assert code == 1 and json.loads(out)["error"] == "unknown_staff"
    code, _, err = run(monkeypatch, capsys, "staff", "add", "--db", db, "--username", "a1", "--role", "auditor",
                       "--password-stdin", stdin="")
    assert code == 2 and "no password on standard input" in err
    with pytest.raises(SystemExit):  # the password is never an argument
        main(["staff", "add", "--db", db, "--username", "a1", "--role", "auditor"])
    with pytest.raises(SystemExit):
        main(["staff", "add", "--db", db, "--username", "a1", "--role", "root", "--password-stdin"])


def test_reset_unlocks(monkeypatch, capsys, db):
    run(monkeypatch, capsys, "staff", "add", "--db", db, "--username", "admin1", "--role", "district_admin",
        "--password-stdin", stdin=PASSWORD)
    storage, directory = _directory(db)
    try:
        for _ in range(directory.options.max_failed_logins):
            with pytest.raises(StaffError):
                directory.verify_login("admin1", "wrong password", None)
        assert directory.member("admin1").locked_until is not None
        assert run(monkeypatch, capsys, "staff", "reset", "--db", db, "--username", "admin1", "--password-stdin",
                   stdin="a new password\n")[0] == 0
        assert directory.verify_login("admin1", "a new password", None).username == "admin1"
    finally:
        storage.close()


def test_token_plain_and_json(monkeypatch, capsys, db):
    run(monkeypatch, capsys, "staff", "add", "--db", db, "--username", "audit1", "--role", "auditor",
        "--password-stdin", stdin=PASSWORD)
    code, out, err = run(monkeypatch, capsys, "staff", "token", "--db", db, "--username", "audit1")
    token = out.strip()
    assert code == 0 and len(token) >= 43 and "\n" not in token and "valid until" in err
    code, out, _ = run(monkeypatch, capsys, "staff", "token", "--db", db, "--username", "audit1", "--hours", "1",
                       "--json")
    answer = json.loads(out)
    assert code == 0 and set(answer) == {"username", "token", "expires_at"} and answer["username"] == "audit1"
    storage, directory = _directory(db)
    try:
        assert directory.principal_of_token(token).role == "auditor"
        assert directory.principal_of_token(answer["token"]).username == "audit1"
    finally:
        storage.close()
    assert run(monkeypatch, capsys, "staff", "token", "--db", db, "--username", "audit1", "--hours", "0")[0] == 1
