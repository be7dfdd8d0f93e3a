"""A full run with logging at its most verbose leaves no test ID number, name or phone in the log files.

The run goes through the command line with ``-vvv`` (file and stderr handlers, level TRAFFIC) and
through the services: users created, wrong logins typed with an applicant's name and ID number as
the user name, issuances from intake to hand-over, rekey, retention, audit verification.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from counter_app.cli import main
from counter_app.services.login import AuthService, LoginFailed
from counter_app.store.database import open_store
from tests.security.conftest import acknowledge_all, issue_card


def test_a_full_run_logs_no_personal_data(paths, applicants, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("wang password 42\n"))
    assert main(["-vvv", "users", "add", "--username", "wang", "--role", "supervisor", "--new-password-stdin"]) == 0
    with open_store(paths) as store:
        auth = AuthService(store)
        for applicant in applicants:
            for typed in (applicant.name, applicant.document_number, applicant.phone):
                with pytest.raises(LoginFailed):
                    auth.login(typed, applicant.document_number)
        ids = [issue_card(store, a, f"D0000{n:03d}") for n, a in enumerate(applicants)]
        acknowledge_all(store, dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    login = ["--user", "wang", "--password-stdin"]  # the supervisor's password on stdin
    for argv in (["issuance", "list", "--json"], ["issuance", "show", ids[0]], ["db", "rekey", *login],
                 ["db", "purge", *login], ["audit", "verify"], ["users", "disable", applicants[0].document_number, *login],
                 ["check-id", applicants[1].document_number]):
        monkeypatch.setattr("sys.stdin", io.StringIO("wang password 42\n"))
        main(["-vvv", *argv])
    captured = capsys.readouterr()

    logs = sorted(paths.log_dir.glob("*.log*"))
    assert logs, "the run should have written a log file"
    text = "\n".join(p.read_text(encoding="utf-8") for p in logs)
    assert "database migrated" in text  # the log is really there and verbose
    for applicant in applicants:
        for what, value in (("ID number", applicant.document_number), ("ID number body", applicant.document_number[:17]),
                            ("name", applicant.name), ("phone", applicant.phone), ("address", applicant.address)):
            assert value not in text, f"{what} of a test applicant in the log files"
            assert value not in captured.err, f"{what} of a test applicant in the stderr log"
