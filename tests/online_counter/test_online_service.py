"""The online-application service over a fresh counter database and a fake ledger: the due list kept for
offline work (sealed), finds by scan (kept first, then the ledger), and the prefilled issuance whose
transitions carry the application and queue its progress in their own transactions."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from counter_app.domain.issuance import IssuanceState
from counter_app.domain.online_application import IdentityMismatch, NotCollectableHere, ScanNotUnderstood
from counter_app.services.auth import PermissionDenied, Role, Session
from counter_app.services.flow import After, FlowStep
from counter_app.services.online_applications import IdentityNotChecked, OnlineApplicationNotFound
from counter_app.store.outbox import OutboxRepository
from tests.flow.conftest import CLERK
from tests.online_counter.samples import app_id, application_json, card_photo

TODAY = dt.date.today()
S = IssuanceState


def approved(digits: str = "0000000001", **over) -> dict:
    return application_json(photo=card_photo(), day=TODAY, app_id=app_id(digits),
                            qr_token=f"tok{digits}" + "x" * 20, **over)


def test_the_due_list_is_fetched_kept_sealed_and_served_offline(online, ledger, services):
    ledger.applications = [approved("0000000002"), approved("0000000001"),
                           approved("0000000003", collect_day=(TODAY + dt.timedelta(days=1)).isoformat())]
    due = online.refresh_due(CLERK, TODAY)
    assert not due.offline and [a.app_id for a in due.applications] == [app_id("0000000001"), app_id("0000000002")]
    assert ledger.requests[-1] == ("/v1/online/due", {"day": TODAY.isoformat()})
    # sealed: neither the ID number, the name, the mobile nor the photo is in the table in clear
    rows = services.store.db.execute("SELECT * FROM online_applications").fetchall()
    blob = b"".join(bytes(v) if isinstance(v, bytes) else str(v).encode() for row in rows for v in row)
    for secret in (b"421303199003070019", "张三".encode(), b"13900139000", card_photo()[:64],
                   base64.b64encode(card_photo())[:64]):
        assert secret not in blob

    ledger.down = True
    offline = online.refresh_due(CLERK, TODAY)
    assert offline.offline and offline.problem is not None and offline.problem.code == "sync.unavailable"
    assert [a.app_id for a in offline.applications] == [app_id("0000000001"), app_id("0000000002")]
    assert offline.applications[0].photo_jpeg == card_photo()
    assert offline.applications[0].applicant.name == "张三"


def test_find_by_qr_url_app_id_and_id_number_kept_first_then_the_ledger(online, ledger):
    ledger.applications = [approved()]
    token = ledger.applications[0]["qr_token"]
    # not kept yet: the ledger is asked
    assert online.find(CLERK, f"https://portal.example/apply/status?t={token}").app_id == app_id()
    assert ledger.requests[-1] == ("/v1/online/lookup", {"qr_token": token})
    asked = len(ledger.requests)
    # kept now: no question to the ledger, whatever the key
    assert online.find(CLERK, token).app_id == app_id()
    assert online.find(CLERK, app_id().lower()).app_id == app_id()
    assert online.find(CLERK, "421303199003070019").app_id == app_id()
    assert len(ledger.requests) == asked
    ledger.down = True
    assert online.find(CLERK, token).app_id == app_id()  # offline: the kept copy


def test_not_found_and_offline_unknown_are_told(online, ledger):
    with pytest.raises(OnlineApplicationNotFound) as missing:
        online.find(CLERK, app_id("1111111111"))
    assert not missing.value.offline and "未找到" in missing.value.message("zh")
    ledger.down = True
    with pytest.raises(OnlineApplicationNotFound) as away:
        online.find(CLERK, app_id("1111111111"))
    assert away.value.offline and "中心台账" in away.value.message("zh") and "ledger" in away.value.message("en")
    with pytest.raises(ScanNotUnderstood):
        online.find(CLERK, "not a scan")


def test_only_clerks_and_supervisors_use_it(online):
    now = dt.datetime.now(dt.UTC)
    technician = Session("t1", "tech", Role.TECHNICIAN, "C-TEST-01", now, now)
    with pytest.raises(PermissionDenied):
        online.refresh_due(technician, TODAY)
    with pytest.raises(PermissionDenied):
        online.find(technician, app_id())


def _started(online, ledger, flow, **over):
    ledger.applications = [approved(**over)]
    app = online.find(CLERK, ledger.applications[0]["qr_token"])
    issuance_id = online.start_issuance(CLERK, app)
    return app, issuance_id, flow.resume(issuance_id)


def test_start_prefills_accepts_the_photo_and_waits_for_the_id_card(online, ledger, flow, services):
    app, issuance_id, view = _started(online, ledger, flow)
    assert view.issuance.state is S.PHOTO_OK and view.step is FlowStep.REVIEW
    assert view.online_application == app.app_id and not view.identity_checked
    assert "身份证" in view.message("zh") and "ID card" in view.message("en")
    assert view.issuance.applicant.document_number == "421303199003070019"
    assert services.issuances.photo(issuance_id) == card_photo()
    # the same application again: the same unfinished issuance, not a second one
    assert online.start_issuance(CLERK, app) == issuance_id
    # no write before the ID card matched
    refused = flow.confirm_review()
    assert isinstance(refused.error, IdentityNotChecked) and refused.then is After.NOTHING


def test_a_different_id_card_stops_with_a_clear_message(online, ledger, flow):
    _app, _issuance_id, _view = _started(online, ledger, flow)
    view = flow.check_online_identity("110105194912310029", "张三")
    assert isinstance(view.error, IdentityMismatch) and view.then is After.NOTHING
    assert "身份证号码不同" in view.message("zh") and "ID number differs" in view.message("en")
    view = flow.check_online_identity("421303199003070019", "李四")
    assert isinstance(view.error, IdentityMismatch) and "姓名不同" in view.message("zh")
    assert not view.identity_checked


def test_the_card_is_made_and_the_progress_queued_with_the_transitions(online, ledger, flow, services, encoder):
    app, issuance_id, _view = _started(online, ledger, flow)
    view = flow.check_online_identity("421303199003070019", "张三")
    assert view.error is None and view.identity_checked
    if view.step is FlowStep.FEE:
        view = flow.waive("elderly", "线上申请")
    assert view.then is After.ENCODE_ON_CARD
    encoder.insert_blank()
    view = flow.encode()
    assert view.error is None and view.issuance.state is S.ENCODED, view.zh
    view = flow.print_card()
    view = flow.set_holder_pin(bytearray(b"135790"))
    view = flow.hand_over()
    assert view.issuance.state is S.ISSUED

    events = OutboxRepository(services.store.db).for_issuance(issuance_id)
    transitions = [e for e in events if e.type == "issuance.transition"]
    progress = [e for e in events if e.type == "online_application.progress"]
    assert all(e.payload["online_application"] == app.app_id for e in transitions
               if e.payload["to_state"] not in ("draft", "applicant_ok"))
    assert [p.payload["status"] for p in progress] == ["in_production", "collected"]
    assert all(p.payload["app_id"] == app.app_id and p.payload["issuance_id"] == issuance_id for p in progress)
    assert progress[-1].payload["card_number"] == view.issuance.card_number
    # each report right after its transition, in order
    order = [(e.type, e.payload.get("to_state") or e.payload.get("status")) for e in events]
    assert order.index(("online_application.progress", "in_production")) == \
        order.index(("issuance.transition", "encoding")) + 1
    assert order[-1] == ("online_application.progress", "collected")
    # the kept copy follows
    assert online.find(CLERK, app.app_id).status == "collected"
    with pytest.raises(NotCollectableHere):
        online.start_issuance(CLERK, online.find(CLERK, app.app_id))


def test_a_postal_application_is_not_made_at_the_counter(online, ledger):
    ledger.applications = [approved(collection="post", hall_id=None, collect_day=None,
                                    postal_address="湖北省随州市曾都区青年路1号")]
    app = online.find(CLERK, app_id())
    with pytest.raises(NotCollectableHere) as refused:
        online.start_issuance(CLERK, app)
    assert "邮寄" in refused.value.message("zh")
