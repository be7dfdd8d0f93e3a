"""The supervisor's desk of the new pages' tests: a fresh counter with a supervisor signed in, China time."""

from __future__ import annotations

import time

import pytest

from counter_app.services.auth import Role, Session
from counter_app.services.users import UserService
from counter_app.store.database import Store
from tests.support.gui import log_in

BOSS, BOSS_PASSWORD = "wang", "Kx7-boss-Counter-42"


@pytest.fixture
def china_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def sign_in_supervisor(qtbot, shell, counter, seed=None):
    """Add the supervisor, run ``seed(store)`` on the counter's database, sign in; returns (home, seeded)."""
    paths, _settings = counter
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        UserService(store).add(Session.local_operator(), BOSS, Role.SUPERVISOR, password=BOSS_PASSWORD)
        seeded = seed(store) if seed else None
    main = log_in(qtbot, shell, BOSS, BOSS_PASSWORD)
    return main.home, seeded
