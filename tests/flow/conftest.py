"""The clerk's flow without Qt: :class:`IssuanceFlow` on the real services, over the simulated card and PSAM
in this process (``SlotEncoder`` of :mod:`tests.support.encoders`, a slot the test fills and empties) and a
printer standing in for CUPS (``FakePrinter`` of :mod:`tests.support.gui`, the print jobs' hand-over
replaced). No widget, no QApplication: every rule of the flow is visible in the views it returns."""

from __future__ import annotations

import pytest

from counter_app.printing import job as print_job
from counter_app.services.auth import Session
from counter_app.services.container import CounterServices
from counter_app.services.flow import IssuanceFlow
from counter_app.store.database import Store
from devices.state import StatePaths
from tests.support.encoders import SlotEncoder
from tests.support.gui import FakePrinter, make_counter

CLERK = Session.local_operator()


@pytest.fixture
def encoder(tmp_path) -> SlotEncoder:
    return SlotEncoder(StatePaths.resolve(tmp_path / "devices-state"))


@pytest.fixture
def printer(monkeypatch) -> FakePrinter:
    fake = FakePrinter()
    monkeypatch.setattr(print_job, "submit", fake.submit)
    monkeypatch.setattr(print_job, "follow", fake.follow)
    return fake


@pytest.fixture
def counter(tmp_path):
    """A counter data directory (clerk account, card numbers): ``(paths, settings)``."""
    return make_counter(tmp_path / "counter")


def open_services(counter, encoder) -> CounterServices:
    """The flow's services on a store of their own (a store belongs to the thread that opens it)."""
    paths, settings = counter
    store = Store.open(paths.database, backups_dir=paths.backups_dir)
    return CounterServices(store, settings, encoder, paths=paths)


@pytest.fixture
def services(counter, encoder, printer):
    services = open_services(counter, encoder)
    yield services
    services.store.close()


@pytest.fixture
def flow(services) -> IssuanceFlow:
    return IssuanceFlow(services, CLERK)
