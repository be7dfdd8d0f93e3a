"""The card services' certificates tab (数字证书) over the in-process card and PSAM and the real ledger on
loopback: a card handed over while the ledger's CA was away gets its certificates later through the tab,
the holder typing the PIN on the pad, and the certificate is shown as chaining to the pinned CA; with the
ledger still away the tab says the certificates wait; a card certified at hand-over verifies: possession
proved with the PIN, not revoked on the ledger's CRL."""

from __future__ import annotations

import pytest
from test_gui_card_services import issue_a_card, open_card_services

from counter_app.services.sync import SyncService
from counter_app.store.database import Store
from tests.support.gui import HOLDER_PIN, TIMEOUT_MS, make_counter, pad_types
from tests.sync.conftest import install_ledger_ca, ledger  # noqa: F401 - the real ledger server, a fixture


@pytest.fixture
def counter(data_dir, ledger):  # noqa: F811 - the GUI counter, enrolled with the ledger
    """Its card numbers come from the ledger: the CA certifies only a card under a number allocated to the
    counter asking."""
    paths, settings = make_counter(data_dir, numbers=0)
    settings.set("sync.timeout_seconds", 3.0)
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        sync = SyncService(store, settings, paths)
        sync.enroll(ledger.url, ledger.add_counter("C001"), "C001")
        install_ledger_ca(store, ledger.url)  # the technician's counter-app ca install
        assert sync.replenish_card_numbers() > 0
    return paths, settings


def open_certificates(qtbot, main):
    page = open_card_services(qtbot, main)
    tab = page.cert_tab
    assert tab is not None  # the setting card.certificates is on by default
    page.tabs.setCurrentWidget(tab)
    return page, tab


def holder_types_pin(qtbot, tab, button) -> None:
    button.click()
    qtbot.waitUntil(lambda: tab.pin_pad is not None, timeout=TIMEOUT_MS)
    pad_types(tab.pin_pad, HOLDER_PIN)


def test_a_pending_certificate_is_issued_through_the_tab_and_chains_to_the_ca(qtbot, shell, encoder, ledger):  # noqa: F811
    ledger.stop()  # the CA is away at hand-over: the card is issued, its certificates wait
    main, issued = issue_a_card(qtbot, shell, encoder)
    ledger.start()
    _page, tab = open_certificates(qtbot, main)

    tab.read_button.click()
    qtbot.waitUntil(lambda: tab.certificate is not None and not tab.busy, timeout=TIMEOUT_MS)
    assert not tab.certificate.present and "没有数字证书" in tab.message.text()

    holder_types_pin(qtbot, tab, tab.issue_button)
    qtbot.waitUntil(lambda: not tab.busy and "证书已写入卡片" in tab.message.text(), timeout=TIMEOUT_MS)
    assert tab.certificate.present and tab.certificate.chain is True
    assert tab.card_number.text() == issued.card_number
    assert tab.serial.text().endswith(tab.certificate.short_serial)
    assert "可验证至本柜台信任的中心 CA" in tab.chain.text()
    assert tab.issuer.text() and " 至 " in tab.validity.text()


def test_with_the_ledger_away_the_tab_says_the_certificates_wait(qtbot, shell, encoder, ledger):  # noqa: F811
    ledger.stop()
    main, _issued = issue_a_card(qtbot, shell, encoder)
    _page, tab = open_certificates(qtbot, main)

    holder_types_pin(qtbot, tab, tab.issue_button)
    qtbot.waitUntil(lambda: not tab.busy and "中心台账暂时无法连接" in tab.message.text(), timeout=TIMEOUT_MS)
    assert "稍后再试" in tab.message.text() and "Traceback" not in tab.message.text()
    assert tab.message.property("error") is False  # amber: nothing went wrong with the card


def test_a_certified_card_verifies_possession_and_is_not_revoked(qtbot, shell, encoder, ledger):  # noqa: F811
    main, issued = issue_a_card(qtbot, shell, encoder)  # the ledger is up: certified at hand-over
    _page, tab = open_certificates(qtbot, main)

    holder_types_pin(qtbot, tab, tab.verify_button)
    qtbot.waitUntil(lambda: not tab.busy and tab.check is not None, timeout=TIMEOUT_MS)
    assert tab.check.chain and tab.check.possession and tab.check.revoked is False
    assert tab.check.card_number == issued.card_number
    assert tab.possession.text().startswith("通过") and tab.revocation.text() == "未吊销"
    assert tab.message.text() == "证书校验通过。"
