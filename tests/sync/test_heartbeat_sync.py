"""The heartbeat: each sync pass that reaches the ledger carries the counter's health (at most once a minute, also
with an empty outbox), the ledger keeps the last one per counter, and its answer brings the district's townships,
from which each issuance names its township's code. A heartbeat that fails never fails the pass.

Over the real ledger server (SQLite and PostgreSQL) with enrolled counters, as tests/sync does throughout.
"""

from __future__ import annotations

import dataclasses
import json
import random

from counter_app.domain.townships import TOWNSHIPS_KEY, townships_from_json
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.seed import random_applicant
from counter_app.store.settings_kv import SettingsKv
from counter_app.sync.heartbeat import DeviceLights, HeartbeatSender
from tests.sync.conftest import ledger_cli, wait_until

OPERATOR = Session.local_operator()


def _heartbeat(ledger, counter_id: str):
    rows = ledger.query("SELECT software_version, devices, outbox_backlog, oldest_event_age_seconds, stock"
                        " FROM heartbeats WHERE counter_id = ?", (counter_id,))
    if not rows:
        return None
    version, devices, backlog, age, stock = rows[0]
    return {"software_version": version, "devices": json.loads(devices), "outbox_backlog": backlog,
            "oldest_event_age_seconds": age, "stock": json.loads(stock) if stock else None}


def _population(tmp_path, ledger) -> None:
    csv = tmp_path / "population.csv"
    csv.write_text("乡镇代码,乡镇名称,常住人口,二代卡持卡人数\n421303001,南郊街道,86500,80100\n"
                   "421303002,北郊街道,79200,73900\n421303010,万店镇,30000,28000\n", encoding="utf-8")
    r = ledger_cli(ledger.db, "population", "import", str(csv))
    assert r.returncode == 0, r.stderr


def test_a_pass_with_nothing_to_send_still_reports_the_counters_health(counter, ledger):
    counter.sync_service().sync_once()
    beat = _heartbeat(ledger, counter.counter_id)
    assert beat is not None
    assert beat["outbox_backlog"] == 0 and beat["oldest_event_age_seconds"] is None
    assert beat["devices"] == dict.fromkeys(("camera", "encoder", "id_reader", "printer", "psam"), "unknown")
    assert set(beat["stock"]) == {"received", "used", "spoiled", "on_hand"}
    assert beat["software_version"]


def test_the_heartbeat_counts_the_backlog_and_the_stock(counter, ledger):
    """What waits is counted when the heartbeat is built; sent after the pass, it says what still waits."""
    from counter_app.services.stock import StockService
    from counter_app.sync.heartbeat import build_heartbeat

    counter.seed(3)
    StockService(counter.store).receive(OPERATOR, 100)
    pending = counter.pending()
    before = build_heartbeat(counter.store, {})
    assert pending > 0 and before["outbox_backlog"] == pending and before["oldest_event_age_seconds"] is not None

    counter.sync_service().sync_once()
    beat = _heartbeat(ledger, counter.counter_id)
    assert beat["outbox_backlog"] == 0 and beat["oldest_event_age_seconds"] is None
    assert beat["stock"]["received"] == 100
    assert beat["stock"]["on_hand"] == 100 - beat["stock"]["used"] - beat["stock"]["spoiled"]


def test_the_answer_brings_the_townships_and_issuances_carry_their_code(tmp_path, counter, ledger):
    _population(tmp_path, ledger)
    counter.sync_service().sync_once()
    kept = townships_from_json(SettingsKv(counter.store.db).get(TOWNSHIPS_KEY))
    assert [t.name for t in kept] == ["南郊街道", "北郊街道", "万店镇"]

    intake = IntakeService(counter.store)
    base = random_applicant(random.Random(5))
    applicant = dataclasses.replace(base, address="湖北省随州市曾都区南郊街道青年路1号")
    issuance_id = intake.open_application(OPERATOR, applicant)
    counter.sync_service().sync_once()
    rows = ledger.query("SELECT township_code FROM issuances WHERE issuance_id = ?", (issuance_id,))
    assert rows == [("421303001",)]
    # the address itself never leaves the counter
    payloads = ledger.query("SELECT payload FROM events WHERE issuance_id = ?", (issuance_id,))
    assert payloads and all("青年路" not in p and "南郊" not in p for (p,) in payloads)


def test_the_apps_worker_reports_the_device_lights_it_was_given(counter, ledger):
    from counter_app.ui.context import AppContext

    app = AppContext(counter.paths, counter.settings)
    app.device_lights.set("encoder", "ok")
    app.device_lights.set("printer", "error")
    app.start_sync()
    try:
        wait_until(lambda: _heartbeat(ledger, counter.counter_id) is not None, "the worker's first heartbeat", 60)
    finally:
        app.stop()
    devices = _heartbeat(ledger, counter.counter_id)["devices"]
    assert devices["encoder"] == "ok" and devices["printer"] == "error" and devices["psam"] == "unknown"


def test_a_heartbeat_that_fails_never_fails_the_pass(counter, ledger, monkeypatch):
    from counter_app.sync.client import LedgerClient

    def broken(self, report, **_kw):
        raise RuntimeError("heartbeat endpoint broken")

    monkeypatch.setattr(LedgerClient, "heartbeat", broken)
    counter.seed(2)
    report = counter.sync_service().sync_once()
    assert report.ok and counter.pending() == 0
    assert _heartbeat(ledger, counter.counter_id) is None


def test_at_most_one_heartbeat_per_interval(counter, ledger):
    clock = [1000.0]
    sender = HeartbeatSender(interval=60, monotonic=lambda: clock[0])
    with counter.sync_service().client() as client:
        assert sender.maybe_send(counter.store, client) is True
        clock[0] += 59
        assert sender.maybe_send(counter.store, client) is False
        clock[0] += 1
        assert sender.maybe_send(counter.store, client) is True
    assert sender.sent == 2


def test_device_lights_take_only_known_devices_and_states():
    lights = DeviceLights()
    lights.set("camera", "absent")
    lights.set("psam", "on fire")  # not a state: unknown
    assert lights.snapshot()["camera"] == "absent" and lights.snapshot()["psam"] == "unknown"
    try:
        lights.set("toaster", "ok")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown device must be refused")


def test_the_ledger_refuses_a_device_state_it_does_not_know(counter, ledger):
    from counter_app.sync.errors import LedgerRefused

    with counter.sync_service().client() as client:
        try:
            client.heartbeat({"software_version": "1", "devices": {"encoder": "on fire"}, "outbox_backlog": 0})
        except LedgerRefused as exc:
            assert exc.status == 422
        else:
            raise AssertionError("a bad device state must be refused")


def test_a_counter_in_no_hall_reads_no_hall_figures(counter, ledger):
    import datetime as dt

    from counter_app.sync.errors import LedgerRefused

    try:
        counter.sync_service().hall_summary(OPERATOR, dt.date.today())
    except LedgerRefused as exc:
        assert (exc.status, exc.code) == (404, "no_hall")
    else:
        raise AssertionError("a counter in no hall must be told so")
