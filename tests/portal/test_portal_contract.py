"""What the portal stores is what the other parts read: the ledger's ``Application`` for the counters
(``central_ledger.online_api.application``) made from a portal row is accepted by the counter's own reader
(``counter_app.domain.online_application.OnlineApplication.from_json``) with the applicant and photo unchanged,
and the QR code's token finds the row (``online_apps.by_qr_token``)."""

from __future__ import annotations

import base64

from central_ledger import online_apps
from central_ledger.online_api import application
from counter_app.domain.online_application import OnlineApplication, parse_scan
from tests.portal.conftest import ADDRESS, MOBILE, id_number, sign_in, submit


def test_the_counter_reads_the_portals_application(portal):
    sign_in(portal)
    assert submit(portal, kind="upgrade").status_code == 303
    with portal.storage.transaction() as tx:
        row = online_apps.where(tx)[0]
        assert online_apps.by_qr_token(tx, row.qr_token).app_id == row.app_id
    answer = application(portal.seal, row)
    assert base64.b64decode(answer["photo_jpeg"]) == portal.seal.unseal(row.photo)
    app = OnlineApplication.from_json(answer)
    assert app.app_id == row.app_id and app.mobile == MOBILE
    assert app.applicant.document_number == id_number() and app.applicant.name == "张三"
    assert app.applicant.address == ADDRESS and app.applicant.application_type.value == "upgrade"
    assert parse_scan(row.qr_token)[1] == row.qr_token
