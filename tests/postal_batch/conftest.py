"""Fixtures of the postal batch tests: a fresh counter (clerk, card numbers, blank stock), the simulated card and PSAM
in process (``SlotEncoder``: the test feeds it blanks and tears a card), a printer standing in for CUPS and a
fake ledger answering ``online_postal``."""

from __future__ import annotations

import pytest

from counter_app.printing import job as print_job
from counter_app.services.auth import Session
from counter_app.services.container import CounterServices
from counter_app.services.postal_batch import PostalBatchService
from counter_app.store.database import Store
from tests.postal_batch.support import FakeLedger, applications, photo_jpeg

pytest.importorskip("devices.vcard.card_os")

from devices.state import StatePaths  # noqa: E402
from tests.support.encoders import SlotEncoder  # noqa: E402

CLERK = Session.local_operator("C-TEST")
TEAR_AFTER = 20  # mid-write: the holder's records on the chip, the card number not yet


class Feeder:
    """The card printer's hopper: each call puts the next blank in the encoder; ``tear`` lists the feeds (1-based)
    whose card is pulled out mid-write; ``empty`` makes the hopper empty."""

    def __init__(self, encoder: SlotEncoder):
        self.encoder = encoder
        self.fed = 0
        self.tear: set[int] = set()
        self.empty = False

    def __call__(self, _bank: str | None) -> None:
        if self.empty:
            self.encoder.remove()
            return
        self.fed += 1
        self.encoder.insert_blank()
        if self.fed in self.tear:
            self.encoder.tear_after = TEAR_AFTER


@pytest.fixture
def encoder(tmp_path) -> SlotEncoder:
    return SlotEncoder(StatePaths.resolve(tmp_path / "devices-state"), blanks=8)


@pytest.fixture
def feeder(encoder) -> Feeder:
    return Feeder(encoder)


@pytest.fixture
def printer(monkeypatch):
    pytest.importorskip("pytestqt")
    from tests.support.gui import FakePrinter

    fake = FakePrinter()
    monkeypatch.setattr(print_job, "submit", fake.submit)
    monkeypatch.setattr(print_job, "follow", fake.follow)
    return fake


@pytest.fixture
def counter(tmp_path):
    from tests.support.gui import make_counter

    return make_counter(tmp_path / "counter")


@pytest.fixture(scope="session")
def photo() -> bytes:
    return photo_jpeg()


@pytest.fixture
def ledger(photo) -> FakeLedger:
    return FakeLedger(applications(3, photo))


@pytest.fixture
def services(counter, encoder, printer):
    paths, settings = counter
    store = Store.open(paths.database, backups_dir=paths.backups_dir)
    services = CounterServices(store, settings, encoder, paths=paths)
    yield services
    store.close()


@pytest.fixture
def batches(services, feeder, ledger) -> PostalBatchService:
    return PostalBatchService(services, feed=feeder, ledger=ledger)
