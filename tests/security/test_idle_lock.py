"""An idle session locks after ten minutes and opens again only with the password."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.services.auth import SessionClosed, SessionLocked
from counter_app.services.login import AuthService, AuthSettings, LoginFailed
from counter_app.services.users import UserService
from tests.security.conftest import COUNTER, PASSWORD


def test_a_session_used_within_ten_minutes_stays_open(auth, people, store, clock):
    session = auth.login("supervisor", PASSWORD)
    users = UserService(store, clock=clock)
    for _ in range(5):  # 45 minutes in all, never 10 without a call
        clock.advance(minutes=9)
        assert users.list(session)  # every service call counts as activity...
        assert session.last_activity == clock() and session.idle_for() == dt.timedelta(0)
        assert not session.locked
    # ...and the idle time is counted from the last call, not from the login
    clock.advance(minutes=10, seconds=1)
    with pytest.raises(SessionLocked):
        users.list(session)


def test_exactly_ten_idle_minutes_is_still_open_one_second_more_is_not(auth, people, store, clock):
    session = auth.login("clerk", PASSWORD)
    clock.advance(minutes=10)
    auth.touch(session)
    assert not session.locked
    clock.advance(minutes=10, seconds=1)
    with pytest.raises(SessionLocked):
        auth.touch(session)


def test_a_refused_call_is_not_activity(auth, people, store, clock):
    """Knocking on a locked session does not open it again, however often."""
    session = auth.login("supervisor", PASSWORD)
    users = UserService(store, clock=clock)
    clock.advance(minutes=11)
    last = session.last_activity
    for _ in range(3):
        with pytest.raises(SessionLocked):
            users.list(session)
        clock.advance(seconds=1)
    assert session.locked and session.last_activity == last


def test_after_ten_idle_minutes_the_next_call_is_refused(auth, people, store, clock):
    session = auth.login("supervisor", PASSWORD)
    clock.advance(minutes=10, seconds=1)
    with pytest.raises(SessionLocked):
        UserService(store, clock=clock).list(session)
    assert session.locked


def test_the_password_unlocks_it(auth, people, store, clock):
    session = auth.login("supervisor", PASSWORD)
    clock.advance(minutes=11)
    with pytest.raises(SessionLocked):
        auth.touch(session)
    with pytest.raises(LoginFailed):
        auth.unlock(session, "not the password")
    assert session.locked
    auth.unlock(session, PASSWORD)
    assert UserService(store, clock=clock).list(session)


def test_another_users_password_does_not_unlock(auth, people, clock):
    session = auth.login("clerk", PASSWORD)
    clock.advance(minutes=11)
    with pytest.raises(LoginFailed):
        auth.unlock(session, "a different password")


def test_the_idle_time_is_a_setting(store, people, clock):
    quick = AuthService(store, AuthSettings(idle_lock_minutes=2), counter_id=COUNTER, clock=clock)
    session = quick.login("clerk", PASSWORD)
    assert session.idle_limit == dt.timedelta(minutes=2)
    clock.advance(minutes=3)
    with pytest.raises(SessionLocked):
        quick.touch(session)


def test_a_session_can_be_locked_at_once_and_after_logout_never_opens(auth, people, clock):
    session = auth.login("clerk", PASSWORD)
    auth.lock(session)
    with pytest.raises(SessionLocked):
        auth.touch(session)
    auth.logout(session)
    with pytest.raises(SessionClosed):
        auth.unlock(session, PASSWORD)
