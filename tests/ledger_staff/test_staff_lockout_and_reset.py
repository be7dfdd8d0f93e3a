"""Signing in: one answer for an unknown name, a disabled account and a wrong password; the lockout after
max_failed_logins wrong passwords for lockout_minutes; a password reset unlocks."""

from __future__ import annotations

import json

import pytest

from central_ledger.principal import DISTRICT_ADMIN
from central_ledger.staff import StaffError
from tests.ledger_staff.conftest import PASSWORD


def _refusal(directory, username, password) -> StaffError:
    with pytest.raises(StaffError) as exc:
        directory.verify_login(username, password, "10.0.0.9")
    return exc.value


def test_unknown_disabled_and_wrong_answer_alike(directory):
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    directory.add("gone1", DISTRICT_ADMIN, None, PASSWORD)
    directory.disable("gone1")
    answers = [_refusal(directory, "nobody", PASSWORD), _refusal(directory, "gone1", PASSWORD),
               _refusal(directory, "admin1", "wrong password")]
    assert {(e.status, e.code, e.message) for e in answers} == {
        (401, "login_failed", "用户名或密码错误 / wrong user name or password")}
    reasons = [(e["username"], json.loads(e["detail"])["reason"]) for e in reversed(directory.audit_entries())
               if e["action"] == "login_refused"]
    assert reasons == [(None, "unknown_user"), ("gone1", "disabled"), ("admin1", "wrong_password")]
    assert all(e["address"] == "10.0.0.9" for e in directory.audit_entries() if e["action"] == "login_refused")


def test_lockout_after_the_limit_then_it_expires(directory, clock, options):
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    for n in range(options.max_failed_logins - 1):
        assert _refusal(directory, "admin1", f"wrong {n} pass").code == "login_failed"
    assert directory.member("admin1").failed_logins == options.max_failed_logins - 1
    assert _refusal(directory, "admin1", "wrong again!").code == "login_failed"  # the 5th: locks
    locked = _refusal(directory, "admin1", PASSWORD)  # even the right password, while locked
    assert locked.code == "locked" and locked.status == 429 and "15" in locked.message
    assert directory.member("admin1").locked_until is not None
    assert any(e["action"] == "locked" for e in directory.audit_entries())

    clock.advance(minutes=options.lockout_minutes - 1)
    assert _refusal(directory, "admin1", PASSWORD).code == "locked"
    clock.advance(minutes=1, seconds=1)
    assert directory.verify_login("admin1", PASSWORD, None).username == "admin1"
    member = directory.member("admin1")
    assert member.failed_logins == 0 and member.locked_until is None and member.last_login_at is not None


def test_a_good_sign_in_clears_the_count(directory, options):
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    for _ in range(options.max_failed_logins - 1):
        _refusal(directory, "admin1", "wrong password")
    directory.verify_login("admin1", PASSWORD, None)
    _refusal(directory, "admin1", "wrong password")
    assert directory.member("admin1").failed_logins == 1  # counted from zero again, not locked


def test_reset_unlocks_sets_the_password_and_ends_sessions(directory, options):
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    cookie, _ = directory.create_session(directory.verify_login("admin1", PASSWORD, None))
    for _ in range(options.max_failed_logins):
        _refusal(directory, "admin1", "wrong password")
    assert _refusal(directory, "admin1", PASSWORD).code == "locked"

    directory.reset_password("admin1", "another good one")
    assert directory.session(cookie) is None  # whoever knew the old password is signed out
    assert _refusal(directory, "admin1", PASSWORD).code == "login_failed"
    assert directory.verify_login("admin1", "another good one", None).username == "admin1"
    with pytest.raises(StaffError) as exc:
        directory.reset_password("admin1", "short")
    assert exc.value.code == "weak_password"
