"""The fixtures every test folder may take, registered once as a pytest plugin (``tests/conftest.py``).

- ``fresh_store``: a newly created, fully migrated counter database of the test's own, closed after it.
- ``applicant``: the sample applicant (``tests/data/applicant.json``).
- ``vdevices``: ``(StatePaths, psam_file)`` of a new simulated stock in the test's directory (no pcscd).
- ``inprocess_encoder``: an :class:`~tests.support.encoders.InProcessEncoder` with one blank card of it.
- ``pcscd``: the test needs the real pcscd with the vpcd driver (checked through tests/realparts.py: a skip
  outside CI, a failure in CI). Every test whose fixtures include it is marked ``pcsc``
  (``tests/conftest.py``), whatever folder or file it is in.
- ``devices``: the simulated card and PSAM on the real pcscd, brought up once per session
  (:class:`~tests.support.devices.Devices`); takes ``pcscd``.
"""

from __future__ import annotations

import pytest

from tests.support.devices import Devices, need_pcscd
from tests.support.encoders import InProcessEncoder
from tests.support.store import fresh_store_at, sample_applicant


@pytest.fixture
def fresh_store(tmp_path):
    """A newly created, fully migrated database file of its own, closed after the test."""
    yield from fresh_store_at(tmp_path)


@pytest.fixture
def applicant():
    return sample_applicant()


@pytest.fixture
def vdevices(tmp_path):
    from devices.state import StatePaths
    from devices.vcard import stock

    paths = StatePaths.resolve(tmp_path / "devices-state")
    return paths, stock.ensure_psam(paths)


@pytest.fixture
def inprocess_encoder(vdevices) -> InProcessEncoder:
    from devices.vcard import stock

    paths, psam = vdevices
    return InProcessEncoder(stock.make_blank(1, paths)[0], psam)


@pytest.fixture(scope="session")
def pcscd() -> None:
    need_pcscd()


@pytest.fixture(scope="session")
def devices(pcscd, tmp_path_factory):
    dev = Devices(tmp_path_factory.mktemp("devices-state"))
    try:
        dev.run("up")  # inside the try: an `up` that fails half-way must not leave its daemon behind
        yield dev
    finally:
        dev.run("down", check=False)
