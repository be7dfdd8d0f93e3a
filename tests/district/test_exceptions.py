"""A day's exceptions: the spoiled and the reprinted issuances started that day and the open conflict-queue
entries of the counters in scope."""

from __future__ import annotations

import datetime as dt

from central_ledger.district import DistrictFigures
from tests.district.conftest import BEIJING, local

DAY = dt.date(2026, 3, 5)


def test_spoiled_reprinted_and_open_conflicts(district, storage):
    district.hall("H1", "城区大厅")
    district.hall("H2", "东区大厅")
    district.counter("C1", "H1")
    district.counter("C2", "H2")
    spoiled = district.stop("C1", local(DAY, 10), "spoiled")
    reprinted = district.issue("C2", local(DAY, 11), reprints=1)
    district.issue("C2", local(DAY, 12))
    district.stop("C1", local(DAY - dt.timedelta(days=1), 10), "spoiled")  # another day
    with storage.transaction(write=True) as tx:
        for counter_id, status in (("C1", "open"), ("C2", "open"), ("C2", "rejected")):
            tx.execute("INSERT INTO conflict_queue (action, reason, counter_id, seq, event_id, request_key,"
                       " card_number, held_by, effect, status, recorded_at) VALUES ('status_change',"
                       " 'card_not_yours', ?, 1, ?, ?, 'L00000011', 'C9', '{}', ?, '2026-03-05T02:00:00+00:00')",
                       (counter_id, f"e-{counter_id}-{status}", f"k-{status}", status))
    figures = DistrictFigures(storage, BEIJING, lambda: local(DAY, 18))
    out = figures.exceptions(DAY)
    assert [(r.counter_id, r.issuance_ref, r.hall_id, r.at) for r in out.spoiled] == [
        ("C1", spoiled[:8], "H1", "2026-03-05T10:00:00+08:00")]
    assert [(r.counter_id, r.issuance_ref, r.detail["reprints"]) for r in out.reprinted] == [
        ("C2", reprinted[:8], 1)]
    assert [(r.counter_id, r.detail["reason"], r.at) for r in out.conflicts] == [
        ("C1", "card_not_yours", "2026-03-05T10:00:00+08:00"), ("C2", "card_not_yours", "2026-03-05T10:00:00+08:00")]
    hall = figures.exceptions(DAY, "H2").as_dict()
    assert (len(hall["spoiled"]), len(hall["reprinted"]), len(hall["conflicts"])) == (0, 1, 1)
