"""Five wrong passwords lock an account for fifteen minutes; the lock ends by time or by a reset."""

from __future__ import annotations

import pytest

from counter_app.services.login import AccountLocked, AuthService, AuthSettings, LoginFailed
from counter_app.services.users import UserService
from counter_app.store.audit import AuditLog
from tests.security.conftest import COUNTER, PASSWORD


def _fail(auth, times: int) -> None:
    for _ in range(times):
        with pytest.raises((LoginFailed, AccountLocked)):
            auth.login("clerk", "wrong password 1")


def test_four_wrong_passwords_do_not_lock(auth, people):
    _fail(auth, 4)
    assert auth.login("clerk", PASSWORD).username == "clerk"


def test_the_fifth_wrong_password_locks_the_account(auth, people):
    _fail(auth, 4)
    with pytest.raises(AccountLocked) as locked:
        auth.login("clerk", "wrong password 1")
    assert locked.value.until.isoformat() == "2025-03-07T08:15:00+00:00"
    with pytest.raises(AccountLocked):
        auth.login("clerk", PASSWORD)  # even the right password, while locked


def test_the_lock_ends_after_fifteen_minutes(auth, people, clock):
    _fail(auth, 5)
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AccountLocked):
        auth.login("clerk", PASSWORD)
    clock.advance(seconds=2)
    assert auth.login("clerk", PASSWORD).username == "clerk"


def test_a_success_starts_the_count_again(auth, people):
    _fail(auth, 4)
    auth.login("clerk", PASSWORD)
    _fail(auth, 4)
    assert auth.login("clerk", PASSWORD).username == "clerk"


def test_a_supervisor_reset_unlocks_at_once(auth, people, store, operator, clock):
    _fail(auth, 5)
    supervisor = auth.login("supervisor", PASSWORD)
    UserService(store, clock=clock).reset_password(supervisor, "clerk", "a new password 7")
    assert auth.login("clerk", "a new password 7").username == "clerk"


def test_attempts_and_duration_are_settings(store, people, clock):
    strict = AuthService(store, AuthSettings(lockout_attempts=2, lockout_minutes=60), counter_id=COUNTER, clock=clock)
    _fail(strict, 2)
    clock.advance(minutes=59)
    with pytest.raises(AccountLocked):
        strict.login("clerk", PASSWORD)
    clock.advance(minutes=2)
    assert strict.login("clerk", PASSWORD)


def test_lockout_and_failures_are_audited(auth, people, store):
    _fail(auth, 5)
    actions = [(e.actor, e.action) for e in AuditLog.entries(store.db)]
    assert actions.count(("clerk", "auth.login_failed")) == 5
    assert ("clerk", "auth.lockout") in actions


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(auth, people):
    with pytest.raises(LoginFailed) as unknown:
        auth.login("nobody", PASSWORD)
    with pytest.raises(LoginFailed) as wrong:
        auth.login("clerk", "wrong password 1")
    assert unknown.value.message("zh") == wrong.value.message("zh")
