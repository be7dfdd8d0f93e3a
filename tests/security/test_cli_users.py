"""``counter-app users ...``: the first supervisor is made without a login while the counter has no user;
every other change needs a supervisor's login (``--user`` and the password on stdin), audited under that name."""

from __future__ import annotations

import io
import json

import pytest

from counter_app.cli import main
from counter_app.services.login import AccountDisabled, AuthService
from counter_app.store.audit import AuditLog
from counter_app.store.database import open_store

BOSS, BOSS_PASSWORD = "wang", "boss password 77"


def _login(paths, username, password):
    with open_store(paths) as store:
        return AuthService(store).login(username, password)


def _stdin(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def as_boss(monkeypatch, *argv: str, extra_stdin: tuple[str, ...] = ()) -> int:
    """``counter-app ARGV --user wang --password-stdin`` with the boss's password on stdin."""
    _stdin(monkeypatch, BOSS_PASSWORD, *extra_stdin)
    return main([*argv, "--user", BOSS, "--password-stdin"])


@pytest.fixture
def boss(paths, monkeypatch):
    """The counter's first supervisor, made the bootstrap way (no login: no user exists yet)."""
    _stdin(monkeypatch, BOSS_PASSWORD)
    assert main(["users", "add", "--username", BOSS, "--role", "supervisor", "--new-password-stdin"]) == 0
    return BOSS


def test_the_first_supervisor_is_created_with_a_printed_password(paths, capsys):
    assert main(["users", "add", "--username", "wang", "--role", "supervisor", "--display-name", "王主管",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["role"] == "supervisor" and "password_hash" not in out
    assert _login(paths, "wang", out["password"]).role == "supervisor"


def test_the_first_user_made_without_a_login_must_be_a_supervisor(paths, capsys):
    assert main(["users", "add", "--username", "li", "--role", "clerk"]) == 1
    assert "--user" in capsys.readouterr().err
    with open_store(paths) as store:
        assert not [e for e in AuditLog.entries(store.db) if e.action == "user.added"]


def test_once_a_user_exists_adding_without_a_login_is_refused(boss, paths, capsys):
    capsys.readouterr()
    assert main(["users", "add", "--username", "zhao", "--role", "supervisor"]) == 1
    assert "--user" in capsys.readouterr().err
    with open_store(paths) as store:
        assert [e.detail["username"] for e in AuditLog.entries(store.db) if e.action == "user.added"] == [BOSS]


def test_every_users_command_without_a_login_is_refused(boss, monkeypatch, capsys):
    for argv in (["users", "list"], ["users", "disable", BOSS], ["users", "enable", BOSS],
                 ["users", "reset-password", BOSS]):
        _stdin(monkeypatch)
        assert main(argv) == 1, argv
        assert "--user" in capsys.readouterr().err


def test_a_new_password_comes_from_stdin_after_the_login_password(boss, paths, monkeypatch, capsys):
    assert as_boss(monkeypatch, "users", "add", "--username", "li", "--role", "clerk", "--new-password-stdin",
                   extra_stdin=("chosen password 8",)) == 0
    out = capsys.readouterr().out
    assert "chosen password 8" not in out and BOSS_PASSWORD not in out
    assert _login(paths, "li", "chosen password 8").role == "clerk"


def test_list_disable_and_reset(boss, paths, monkeypatch, capsys):
    as_boss(monkeypatch, "users", "add", "--username", "zhou", "--role", "technician")
    capsys.readouterr()
    assert as_boss(monkeypatch, "users", "list", "--json") == 0
    assert [u["username"] for u in json.loads(capsys.readouterr().out)] == [BOSS, "zhou"]
    assert as_boss(monkeypatch, "users", "disable", "zhou") == 0
    assert as_boss(monkeypatch, "users", "reset-password", "zhou", "--json") == 0
    password = json.loads(capsys.readouterr().out.split("\n", 1)[1])["password"]
    with pytest.raises(AccountDisabled):
        _login(paths, "zhou", password)
    assert as_boss(monkeypatch, "users", "enable", "zhou") == 0
    assert _login(paths, "zhou", password).role == "technician"


def test_a_clerks_login_is_refused_by_the_service_like_at_the_gui(boss, paths, monkeypatch, capsys):
    as_boss(monkeypatch, "users", "add", "--username", "li", "--role", "clerk", "--new-password-stdin",
            extra_stdin=("clerk password 9",))
    capsys.readouterr()
    _stdin(monkeypatch, "clerk password 9")
    assert main(["users", "add", "--user", "li", "--password-stdin", "--username", "li2", "--role",
                 "supervisor"]) == 1
    assert "无权" in capsys.readouterr().err  # the service's refusal, as at the GUI
    with open_store(paths) as store:
        assert [e.detail["username"] for e in AuditLog.entries(store.db) if e.action == "user.added"] == [BOSS, "li"]


def test_wrong_passwords_count_towards_the_lockout(boss, paths, monkeypatch, capsys):
    for _ in range(5):
        _stdin(monkeypatch, "not the password")
        assert main(["users", "list", "--user", BOSS, "--password-stdin"]) == 1
    capsys.readouterr()
    assert as_boss(monkeypatch, "users", "list") == 1  # locked now: even the right password is refused
    assert "锁定" in capsys.readouterr().err
    with open_store(paths) as store:
        assert [e for e in AuditLog.entries(store.db) if e.action == "auth.lockout"]


def test_the_password_is_never_an_argument(boss, monkeypatch, capsys):
    with pytest.raises(SystemExit):
        from counter_app.cli import build_parser

        build_parser().parse_args(["users", "list", "--user", BOSS, "--password", BOSS_PASSWORD])
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal, no --password-stdin: no prompt
    assert main(["users", "list", "--user", BOSS]) == 1
    assert "--password-stdin" in capsys.readouterr().err


def test_errors_are_messages_not_tracebacks(boss, monkeypatch, capsys):
    assert as_boss(monkeypatch, "users", "disable", "nobody") == 1
    assert "nobody" in capsys.readouterr().err
    assert as_boss(monkeypatch, "users", "add", "--username", "Bad Name", "--role", "clerk") == 1


def test_the_logged_in_supervisor_is_named_in_the_audit_trail(boss, paths, monkeypatch):
    as_boss(monkeypatch, "users", "add", "--username", "sun", "--role", "clerk")
    with open_store(paths) as store:
        entries = AuditLog.entries(store.db)
    first, added = [e for e in entries if e.action == "user.added"]
    assert first.actor.startswith("os:") and first.detail["first_user"] is True
    assert added.actor == BOSS and added.detail["username"] == "sun"
    actions = [e.action for e in entries if e.actor == BOSS]
    assert actions.index("auth.login") < actions.index("user.added") < actions.index("auth.logout")
