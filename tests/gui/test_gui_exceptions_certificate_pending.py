"""On the supervisor's exception list, a card whose certificates wait is shown for information: tinted,
labelled 证书待签发, and left out of any selection, so that approving "all" decides only what can be decided."""

from __future__ import annotations

from test_supervisor_desk import _china_time, desk  # noqa: F401 - fixtures

from counter_app.domain.issuance import CertificateState
from counter_app.services.issuance import IssuanceService
from counter_app.store.database import Store
from tests.support.gui import TIMEOUT_MS


def test_a_pending_certificate_is_listed_but_not_selectable(qtbot, desk):  # noqa: F811
    home, ids, paths = desk
    waiting = ids["issued"][0]
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store, store.transaction() as db:
        IssuanceService(store).set_certificate_state(db, waiting, CertificateState.PENDING)
    page = home.exceptions
    home.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=TIMEOUT_MS)
    kinds = [page.table.item(r, 1).text() for r in range(2)]
    assert "证书待签发" in kinds

    page.table.selectAll()
    assert page.selected_keys() == [i.key for i in page.items if i.kind.decidable]
    assert f"certificate_pending:{waiting}" not in page.selected_keys()
