"""One way to show an error: every error family meant for people is a UserFacingError (message in zh/en,
exit code, severity), and the command line presents it once, with that exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.card import errors as card_errors
from counter_app.card.records import RecordDataError
from counter_app.cli import CliFail, main
from counter_app.domain.problems import (
    DomainError,
    Problem,
    Severity,
    UserFacingError,
    is_user_facing,
    present,
    with_exit_code,
)
from counter_app.photo.errors import PhotoError
from counter_app.printing.errors import PrinterNotFound
from counter_app.store.errors import DatabaseBusy, DatabaseMissing
from counter_app.sync.errors import LedgerRefused, LedgerUnavailable

PROBLEM = Problem("test.problem", "出错了", "it went wrong")


@pytest.mark.parametrize(("error", "exit_code"), [
    (DomainError(PROBLEM), 1),
    (card_errors.NoCard(), 1),
    (card_errors.WrongPin(2), 4),          # `card pin ...`: 4 wrong PIN
    (card_errors.PinBlocked(), 5),         # 5 blocked
    (RecordDataError("name", "姓名", "太长"), 1),
    (DatabaseMissing(Path("/nowhere.sqlite3")), 1),
    (PhotoError("photo.unreadable", "无法读取照片", "cannot read the photo"), 1),
    (PrinterNotFound("card-printer"), 1),
    (LedgerUnavailable("connection refused"), 3),   # `sync`, `enroll`: the ledger is away, try later
    (LedgerRefused(400, "bad", "bad request", {}), 1),
    (CliFail("参数不对", "bad argument", 2), 2),
])
def test_every_family_is_a_user_facing_error(error, exit_code):
    assert is_user_facing(error) and isinstance(error, UserFacingError)
    assert error.exit_code == exit_code
    assert isinstance(error.severity, Severity)
    assert error.message("zh") and error.message("en")
    assert present(error, "en") == error.message("en")


def test_severity_says_how_grave():
    assert DatabaseBusy(None).severity is Severity.WARNING
    assert LedgerUnavailable("timeout").severity is Severity.WARNING
    assert card_errors.Cancelled().severity is Severity.INFO
    assert DomainError(PROBLEM).severity is Severity.ERROR


def test_anything_else_is_not_and_is_presented_by_its_type():
    assert not is_user_facing(ValueError("x"))
    assert present(ValueError("bad value"), "zh") == "ValueError: bad value"


def test_an_edge_may_grade_an_error_with_another_exit_code():
    error = with_exit_code(DomainError(PROBLEM), 3)
    assert error.exit_code == 3 and DomainError(PROBLEM).exit_code == 1


def test_the_command_line_presents_a_domain_error_once(capsys):
    # `issuance show` of an unknown id: the service's IssuanceNotFound reaches cli.main unwrapped.
    assert main(["issuance", "show", "no-such-issuance"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" not in err and "内部错误" not in err
    assert main(["--lang", "en", "issuance", "show", "no-such-issuance"]) == 1
    assert "no-such-issuance" in capsys.readouterr().err
