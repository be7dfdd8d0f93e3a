"""Fixtures of the GUI tests over the real parts: the session's devices (``devices``, tests/conftest.py: pcscd
with the simulated card and PSAM on vpcd), the session's cups-pdf card printer queue (``card_queue`` of
tests/integration/printing_fixtures.py, enabled and accepting again before each test), and a counter data
directory printing to it (``real_counter``). Missing parts fail in CI and skip elsewhere (tests/realparts.py).
"""

from __future__ import annotations

import pytest

from tests.integration.printing_fixtures import *  # noqa: F403  (the fixtures card_queue, healthy_queue)
from tests.realparts import need_module


@pytest.fixture
def real_counter(devices, healthy_queue, data_dir):
    """A counter (clerk account, card numbers) printing to the session's card queue, the encoder empty."""
    need_module("pytestqt")
    from tests.gui_devices.support import make_real_counter

    counter = make_real_counter(data_dir, devices, healthy_queue)
    yield counter
    devices.run("card", "remove", check=False)
