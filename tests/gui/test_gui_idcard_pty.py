"""The applicant page over the real ID card watcher and reader (the app's default Backends.make_idcard_watch,
setting idcard.port) and the simulated reader of devices/idcard on a pseudo-terminal in this process (no
pcscd, no devices daemon): a card laid on it fills the page, a 长期 card included."""

from __future__ import annotations

import pytest

from counter_app.services.flow import FlowStep
from counter_app.ui.backends import default_idcard_watch
from tests.support.gui import TIMEOUT_MS, log_in, wait_step


@pytest.fixture
def sim(counter, backends):
    from devices.idcard.reader import SimulatedIdCardReader

    reader = SimulatedIdCardReader(read_delay_s=0.01).start()
    _paths, settings = counter
    settings.set("idcard.port", reader.port)
    backends.make_idcard_watch = default_idcard_watch
    try:
        yield reader
    finally:
        reader.stop()


def test_a_card_laid_on_the_serial_reader_fills_the_applicant_page(qtbot, sim, shell):
    from devices.idcard.cards import EXAMPLES

    main = log_in(qtbot, shell)
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    page = main.flow.applicant_page
    qtbot.waitUntil(lambda: page.idcard_events.watch is not None and page.idcard_events.watch.running,
                    timeout=TIMEOUT_MS)
    sim.put(EXAMPLES["long-term"])
    qtbot.waitUntil(lambda: page.name.text() == "欧阳秀英", timeout=TIMEOUT_MS)
    assert page.document_number.text() == "421281196008150026" and page.sex.currentData() == "2"
    assert page.birth_date.text() == "1960-08-15" and page.ethnicity.currentData() == "03"
    assert page.name.isReadOnly() and page.valid
    sim.lift()
    qtbot.wait(800)  # the watcher notices the card gone: what it filled stays
    assert page.name.text() == "欧阳秀英" and page.valid
