"""The supervisor receives blank cards per co-issuing bank and batch on the stock tab: the bank preselected
(banks.default), the card system's batch number, chip type and vendor kept with the batch, and the stock of that
bank grows by the count received."""

from __future__ import annotations

from counter_app.services.stock import StockService
from counter_app.settings import Settings
from counter_app.store.database import Store
from tests.gui.supervisor_desk import sign_in_supervisor
from tests.support.gui import TIMEOUT_MS


def test_a_batch_of_the_agricultural_bank_is_received(qtbot, shell, counter):
    home, _ = sign_in_supervisor(qtbot, shell, counter)
    page = home.stock
    home.tabs.setCurrentWidget(page)
    assert page.bank.currentData() == "102"  # banks.default
    page.bank.setCurrentIndex(page.bank.findData("103"))
    page.batch_number.setText("PC2026120301")
    page.chip_type.setText("SSC3.0-SM4")
    page.vendor.setText("华大")
    page.receive_count.setValue(300)
    page.receive_button.click()
    qtbot.waitUntil(lambda: "300" in page.message.text(), timeout=TIMEOUT_MS)

    paths, _settings = counter
    with Store.open(paths.database) as store:
        lines = {line.bank_code: line for line in StockService(store, Settings(paths.settings_file)).compute_by_bank()}
        batch = next(b for b in StockService(store, Settings(None)).compute_status().batches)
    assert lines["103"].received == 300
    assert (batch.bank_code, batch.batch_number, batch.chip_type, batch.vendor) == \
        ("103", "PC2026120301", "SSC3.0-SM4", "华大")
