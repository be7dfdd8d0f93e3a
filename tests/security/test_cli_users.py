"""``counter-app users ...``: the local operator creates the first supervisor, and manages users."""

from __future__ import annotations

import io
import json

import pytest

from counter_app.cli import main
from counter_app.services.login import AccountDisabled, AuthService
from counter_app.store.audit import AuditLog
from counter_app.store.database import open_store


def _login(paths, username, password):
    with open_store(paths) as store:
        return AuthService(store).login(username, password)


def test_the_first_supervisor_is_created_with_a_printed_password(paths, capsys):
    assert main(["users", "add", "--username", "wang", "--role", "supervisor", "--display-name", "王主管",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["role"] == "supervisor" and "password_hash" not in out
    assert _login(paths, "wang", out["password"]).role == "supervisor"


def test_a_password_can_come_from_stdin(paths, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("chosen password 8\n"))
    assert main(["users", "add", "--username", "li", "--role", "clerk", "--password-stdin"]) == 0
    assert "chosen password 8" not in capsys.readouterr().out
    assert _login(paths, "li", "chosen password 8").role == "clerk"


def test_list_disable_and_reset(paths, capsys):
    main(["users", "add", "--username", "zhou", "--role", "technician"])
    capsys.readouterr()
    assert main(["users", "list", "--json"]) == 0
    assert [u["username"] for u in json.loads(capsys.readouterr().out)] == ["zhou"]
    assert main(["users", "disable", "zhou"]) == 0
    assert main(["users", "reset-password", "zhou", "--json"]) == 0
    password = json.loads(capsys.readouterr().out.split("\n", 1)[1])["password"]
    with pytest.raises(AccountDisabled):
        _login(paths, "zhou", password)
    assert main(["users", "enable", "zhou"]) == 0
    assert _login(paths, "zhou", password).role == "technician"


def test_errors_are_messages_not_tracebacks(paths, capsys):
    assert main(["users", "disable", "nobody"]) == 1
    assert "nobody" in capsys.readouterr().err
    assert main(["users", "add", "--username", "Bad Name", "--role", "clerk"]) == 1


def test_the_operator_is_named_in_the_audit_trail(paths):
    main(["users", "add", "--username", "sun", "--role", "clerk"])
    with open_store(paths) as store:
        (entry,) = [e for e in AuditLog.entries(store.db) if e.action == "user.added"]
    assert entry.actor.startswith("os:") and entry.detail["username"] == "sun"
