"""The counter board: a counter silent for over 15 minutes (or never heard from, or disabled, or with a device in
error) is red; a warning device, a required device absent, an old outbox backlog or low stock is amber."""

from __future__ import annotations

import datetime as dt

from central_ledger.district import DistrictFigures
from tests.district.conftest import BEIJING, heartbeat, local

NOW = local(dt.date(2026, 3, 5), 10, 30)


def _board(storage, hall=None):
    return {c.counter_id: c for c in DistrictFigures(storage, BEIJING, lambda: NOW).board(hall)}


def test_lights_and_their_reasons(district, storage):
    district.hall("H1", "城区大厅")
    district.hall("H2", "东区大厅")
    fresh = NOW - dt.timedelta(minutes=2)
    cases = {
        "OK": {},
        "SILENT": {"contact": NOW - dt.timedelta(minutes=20)},
        "NEVER": {"contact": None, "beat": False},
        "PRINTER": {"devices": {"encoder": "ok", "psam": "ok", "printer": "error", "camera": "ok",
                                "id_reader": "ok"}},
        "CAMERA": {"devices": {"encoder": "ok", "psam": "ok", "printer": "ok", "camera": "warning",
                               "id_reader": "absent"}},
        "NOPSAM": {"devices": {"encoder": "ok", "psam": "absent", "printer": "ok"}},
        "BACKLOG": {"backlog": 12, "oldest_age": 400.0},
        "STOCK": {"stock": {"received": 100, "used": 85, "spoiled": 0, "on_hand": 15}},
    }
    for counter_id, case in cases.items():
        district.counter(counter_id, "H1" if counter_id != "STOCK" else "H2", case.get("contact", fresh))
        if case.get("beat", True):
            heartbeat(storage, counter_id, fresh, devices=case.get("devices"), backlog=case.get("backlog", 0),
                      oldest_age=case.get("oldest_age"), stock=case.get("stock"))
    district.counter("OFF", "H2", fresh)
    with storage.transaction(write=True) as tx:
        tx.execute("UPDATE counters SET status = 'disabled' WHERE counter_id = 'OFF'")
    board = _board(storage)
    lights = {k: (c.light, [r.code for r in c.reasons]) for k, c in board.items()}
    assert lights == {
        "OK": ("green", []),
        "SILENT": ("red", ["silent"]),
        "NEVER": ("red", ["never_synced"]),
        "PRINTER": ("red", ["device_error:printer"]),
        "CAMERA": ("amber", ["device_warning:camera"]),  # the ID reader is not required: absent is no light
        "NOPSAM": ("amber", ["device_absent:psam"]),
        "BACKLOG": ("amber", ["backlog_old"]),
        "STOCK": ("amber", ["stock_low"]),
        "OFF": ("red", ["disabled"]),
    }
    silent = board["SILENT"]
    assert silent.minutes_since_sync == 20.0
    assert "20" in silent.reasons[0].zh and "20" in silent.reasons[0].en
    ok = board["OK"].as_dict()
    assert ok["software_version"] == "1.0" and ok["stock"]["on_hand"] == 398 and ok["devices"]["printer"] == "ok"
    assert set(_board(storage, "H2")) == {"STOCK", "OFF"}


def test_fifteen_minutes_is_still_green(district, storage):
    district.counter("C1", None, NOW - dt.timedelta(minutes=15))
    heartbeat(storage, "C1", NOW - dt.timedelta(minutes=15))
    assert _board(storage)["C1"].light == "green"
