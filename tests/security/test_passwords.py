"""Passwords: none by default, scrypt-hashed, generated ones shown once."""

from __future__ import annotations

import pytest

from counter_app.services.login import LoginFailed
from counter_app.services.passwords import hash_password, verify_password
from counter_app.services.users import UserProblem, UserService


def test_a_new_counter_has_no_users_and_no_default_password(auth, store, operator):
    assert UserService(store).list(operator) == []
    for username, password in (("admin", "admin"), ("supervisor", "123456"), ("root", "")):
        with pytest.raises(LoginFailed):
            auth.login(username, password)


def test_passwords_are_stored_as_scrypt_hashes(store, operator):
    creds = UserService(store).add(operator, "wang", "supervisor")
    (stored,) = store.db.execute("SELECT password_hash FROM users WHERE username = 'wang'").fetchone()
    assert stored.startswith("scrypt$") and creds.password not in stored
    assert verify_password(creds.password, stored)


def test_production_cost_is_memory_hard():
    from counter_app.services import passwords

    stored = passwords.hash_password("some password 9", log2_n=15)
    assert stored.split("$")[1:4] == ["15", "8", "1"]  # n = 2^15, r = 8: 32 MiB per guess


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("same password 1") != hash_password("same password 1")


def test_a_generated_password_logs_in(auth, store, operator):
    creds = UserService(store).add(operator, "zhao", "clerk")
    assert creds.generated and len(creds.password) >= 12
    assert auth.login("zhao", creds.password).role == "clerk"


def test_a_short_chosen_password_is_refused(store, operator):
    with pytest.raises(UserProblem) as refused:
        UserService(store).add(operator, "qian", "clerk", password="short")
    assert refused.value.problem.code == "user.weak_password"


def test_a_disabled_user_cannot_log_in(auth, people, store, operator):
    from counter_app.services.login import AccountDisabled
    from tests.security.conftest import PASSWORD

    UserService(store).disable(operator, "clerk")
    with pytest.raises(AccountDisabled):
        auth.login("clerk", PASSWORD)
