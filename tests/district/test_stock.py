"""Card stock per counter and hall from the latest heartbeats, reconciled twice (the counter's own arithmetic and
the ledger's issued and spoiled counts), differences shown."""

from __future__ import annotations

import datetime as dt

from central_ledger.district import DistrictFigures
from tests.district.conftest import BEIJING, heartbeat, local

DAY = dt.date(2026, 3, 5)
NOW = local(DAY, 18)


def test_stock_per_counter_and_hall(district, storage):
    district.hall("H1", "城区大厅")
    district.hall("H2", "东区大厅")
    for c, h in (("C1", "H1"), ("C2", "H1"), ("C3", "H2")):
        district.counter(c, h, NOW)
    for _ in range(3):
        district.issue("C1", local(DAY, 9))
    district.stop("C1", local(DAY, 10), "spoiled")
    district.issue("C2", local(DAY, 9))
    heartbeat(storage, "C1", NOW, stock={"received": 100, "used": 3, "spoiled": 1, "on_hand": 96})
    heartbeat(storage, "C2", NOW - dt.timedelta(minutes=3),
              stock={"received": 50, "used": 2, "spoiled": 0, "on_hand": 47})  # one card more used than synced
    stock = DistrictFigures(storage, BEIJING, lambda: NOW).stock()
    lines = {s.counter_id: s for s in stock.counters}
    c1 = lines["C1"]
    assert (c1.ledger_issued, c1.ledger_spoiled, c1.expected_on_hand, c1.reconciled) == (3, 1, 96, True)
    c2 = lines["C2"]
    assert (c2.used_difference, c2.on_hand_difference, c2.spoiled_difference, c2.reconciled) == (1, -1, 0, False)
    c3 = lines["C3"]
    assert (c3.received, c3.on_hand, c3.reconciled) == (None, None, None)  # no heartbeat yet
    halls = {h.hall_id: h for h in stock.halls}
    h1 = halls["H1"]
    assert (h1.received, h1.used, h1.spoiled, h1.on_hand) == (150, 5, 1, 143)
    assert (h1.ledger_issued, h1.used_difference, h1.on_hand_difference, h1.reconciled) == (4, 1, -1, False)
    assert h1.reported_at == (NOW - dt.timedelta(minutes=3)).astimezone(dt.UTC).isoformat()
    assert halls["H2"].received is None
    assert stock.total.received == 150
    only = DistrictFigures(storage, BEIJING, lambda: NOW).stock("H2").as_dict()
    assert [c["counter_id"] for c in only["counters"]] == ["C3"] and [h["hall_id"] for h in only["halls"]] == ["H2"]
