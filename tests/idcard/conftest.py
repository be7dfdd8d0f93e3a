"""The simulated ID card reader of ``devices/idcard`` on a real pseudo-terminal pair, run in this process
(no pcscd, no devices daemon): the app's reader opens the pty's slave side as it would a USB-serial port."""

from __future__ import annotations

import pytest

from counter_app.idcard.reader import IdCardReader, Timeouts

# Short deadlines: the simulated reader answers within milliseconds; a silent one then costs the test
# a fraction of a second instead of the real reader's seconds.
FAST = Timeouts(command=0.2, read=0.5, fingerprint_read=0.5)


@pytest.fixture
def sim():
    from devices.idcard.reader import SimulatedIdCardReader

    reader = SimulatedIdCardReader(read_delay_s=0.01).start()
    try:
        yield reader
    finally:
        reader.stop()


@pytest.fixture
def example():
    from devices.idcard.cards import EXAMPLES

    return EXAMPLES


@pytest.fixture
def reader(sim):
    r = IdCardReader(sim.port, timeouts=FAST)
    try:
        yield r
    finally:
        r.close()
