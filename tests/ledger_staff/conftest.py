"""Fixtures for the staff-account tests: the ledger's ``storage`` on SQLite and PostgreSQL (from tests/ledger), a
clock the tests move by hand, a directory over both, a hall, and a tiny app context for the console's auth."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from central_ledger.context import AppContext, ConsoleOptions
from central_ledger.halls import add_hall
from central_ledger.ledger import Ledger
from central_ledger.staff import StaffDirectory
from tests.ledger.conftest import db_url, storage  # noqa: F401 - the fixtures, param'd over both engines

PASSWORD = "correct horse 1"
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@dataclass
class Clock:
    """Time that moves only when a test says so."""

    now: dt.datetime = field(default=START)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def options() -> ConsoleOptions:
    return ConsoleOptions(idle_minutes=15, max_failed_logins=5, lockout_minutes=15)


@pytest.fixture
def directory(storage, clock, options) -> StaffDirectory:  # noqa: F811 - the imported fixture
    return StaffDirectory(storage, clock, options)


@pytest.fixture
def hall(storage) -> str:  # noqa: F811
    add_hall(storage, "H1", "一号大厅")
    return "H1"


def make_context(storage, clock, options: ConsoleOptions) -> AppContext:  # noqa: F811
    """The context the console's auth functions read (no signed counters here)."""

    async def _no_counters(_raw):  # noqa: ANN001, ANN202
        raise AssertionError("no signed requests in these tests")

    return AppContext(storage=storage, ledger=Ledger(storage, clock=clock), clock=clock, tz=dt.UTC,
                      authenticated=_no_counters, console=options)
