"""The certificate in the in-card query and on the clerk's home: a card handed over while the ledger was
away (this counter is not enrolled) carries no certificate and its record says 证书待签发 — shown in amber,
not as a mismatch in red, with a button to the certificates tab; the home page counts such cards.

Below, the rule behind the row: how the certificate on the card stands against the record."""

from __future__ import annotations

import pytest
from test_gui_card_services import issue_a_card, open_card_services

from counter_app.domain.issuance import CertificateState
from counter_app.services.card_query import CardCertificate, CertificateComparison, CertificateVerdict
from counter_app.ui.clerk.card_query_tab import PENDING
from tests.support.gui import TIMEOUT_MS


def test_a_pending_certificate_is_amber_in_the_query_and_counted_on_the_home_page(qtbot, shell, encoder, printer):
    main, issued = issue_a_card(qtbot, shell, encoder)
    home = main.home
    qtbot.waitUntil(lambda: len(home.pending_certificates) == 1, timeout=TIMEOUT_MS)
    assert home.certificates_pending.text().startswith("证书待签发 1 张") and not home.certificates_pending.isHidden()
    assert issued.card_number in home.certificates_pending.toolTip()

    page = open_card_services(qtbot, main)
    tab = page.query_tab
    tab.read_button.click()
    qtbot.waitUntil(lambda: tab.query is not None and not tab.busy, timeout=TIMEOUT_MS)
    assert tab.query.certificate.verdict is CertificateVerdict.PENDING
    assert tab.row_texts("数字证书") == ("无证书", "证书待签发")
    assert tab.highlighted_rows() == []                      # not a mismatch in red
    assert tab.highlighted_rows(PENDING) == ["数字证书"]      # but amber
    assert "卡内信息与本柜台记录一致" in tab.summary.text() and "数字证书待签发" in tab.summary.text()
    assert not tab.cert_button.isHidden()

    tab.cert_button.click()
    assert page.tabs.currentWidget() is page.cert_tab


PRESENT = CardCertificate(True, "00ab" * 8, "X00000019")


@pytest.mark.parametrize(("on_card", "record_serial", "record_state", "verdict"), [
    (PRESENT, "00ab" * 8, CertificateState.ISSUED, CertificateVerdict.MATCH),
    (PRESENT, "00cd" * 8, CertificateState.ISSUED, CertificateVerdict.MISMATCH),   # another certificate
    (CardCertificate(False), "00ab" * 8, None, CertificateVerdict.MISMATCH),       # recorded, not on the card
    (CardCertificate(False), None, CertificateState.PENDING, CertificateVerdict.PENDING),
    (PRESENT, None, CertificateState.PENDING, CertificateVerdict.PENDING),         # finished at another counter
    (PRESENT, None, None, CertificateVerdict.NOT_RECORDED),                       # no record here to compare
    (None, "00ab" * 8, CertificateState.ISSUED, CertificateVerdict.UNREADABLE),
])
def test_how_the_certificate_on_the_card_stands_against_the_record(on_card, record_serial, record_state, verdict):
    assert CertificateComparison(on_card, record_serial, record_state).verdict is verdict
