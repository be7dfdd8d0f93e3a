"""The clerk's home and flow with online applications: the GUI fixtures of tests/support/gui.py, the ID card
reader stood in (tests/gui/test_gui_idcard_fill.py) and a fake ledger behind the real client."""

from __future__ import annotations

import pytest

from counter_app.services.online_applications import OnlineApplicationService
from counter_app.ui.clerk import online_jobs
from tests.gui.test_gui_idcard_fill import StandInWatch
from tests.online_counter.conftest import FakeLedger
from tests.support.gui import backends, counter, encoder, printer, shell  # noqa: F401


@pytest.fixture
def ledger(monkeypatch) -> FakeLedger:
    fake = FakeLedger()

    def service(ctx):
        found = getattr(ctx, "online_applications", None)
        if found is None:
            found = ctx.online_applications = OnlineApplicationService(ctx.services, ledger=fake.client)
        return found

    monkeypatch.setattr(online_jobs, "_service", service)
    return fake


@pytest.fixture
def reader(backends) -> StandInWatch:  # noqa: F811
    watch = StandInWatch()
    backends.make_idcard_watch = watch.make
    return watch
