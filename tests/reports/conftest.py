"""Fixtures of the report tests: a fresh counter database, the local operator, a second supervisor."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.services.auth import Role, Session

from .history import TZ, Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


def supervisor(name: str, clock=None, user_id: str | None = None) -> Session:
    now = dt.datetime(2025, 3, 10, 18, 0, tzinfo=TZ)
    return Session(user_id, name, Role.SUPERVISOR, "C01", now, now, idle_limit=dt.timedelta(days=3650),
                   clock=clock or (lambda: now))


@pytest.fixture
def boss() -> Session:
    return supervisor("boss")
