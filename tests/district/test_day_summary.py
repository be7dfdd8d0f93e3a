"""A day's summary: the issuances started on a Beijing day (not a UTC day), by type, spoiled, reprints,
cancelled, waiting, average time, per counter and hall, with the targets to date."""

from __future__ import annotations

import datetime as dt

from central_ledger.district import DistrictFigures
from tests.district.conftest import BEIJING, local

DAY = dt.date(2026, 3, 5)


def _seed(district):
    district.hall("H1", "城区大厅")
    district.hall("H2", "东区大厅")
    district.counter("C1", "H1")
    district.counter("C2", "H1")
    district.counter("C3", "H2")
    # 00:10 Beijing is 16:10 UTC of the day before: the Beijing day's.
    district.issue("C1", local(DAY, 0, 10), minutes=4, application="new")
    district.issue("C1", local(DAY, 9, 0), minutes=6, application="replacement", reprints=2)
    # started 23:55, handed over 00:05 the next day: one card of the day it was started
    district.issue("C2", local(DAY, 23, 55), minutes=10, application="upgrade")
    district.stop("C2", local(DAY, 10), "spoiled", application="renewal")
    district.stop("C3", local(DAY, 11), "cancelled", application="new")
    district.stop("C3", local(DAY, 12), "encoding", application="new")
    # not the day: 23:59 the evening before, 00:00 the day after (Beijing)
    district.issue("C1", local(DAY, 0, 0) - dt.timedelta(minutes=1))
    district.issue("C3", local(DAY + dt.timedelta(days=1), 0, 0))
    # earlier in the year: counts toward the targets to date only
    district.issue("C3", local(dt.date(2026, 1, 2), 10), application="upgrade")


def test_the_day_in_total_per_type_counter_and_hall(district, storage):
    _seed(district)
    summary = DistrictFigures(storage, BEIJING, lambda: local(DAY, 18)).summary(DAY)
    out = summary.as_dict()
    assert {k: out[k] for k in ("cards_issued", "third_generation", "spoiled", "reprints", "cancelled",
                                "in_progress", "created")} == {
        "cards_issued": 3, "third_generation": 2, "spoiled": 1, "reprints": 2, "cancelled": 1, "in_progress": 1,
        "created": 6}
    assert out["average_issuance_seconds"] == round((240 + 360 + 600) / 3, 1)
    assert out["by_type"] == {"new": 3, "renewal": 1, "replacement": 1, "upgrade": 1}
    per_counter = {c["counter_id"]: (c["created"], c["cards_issued"], c["spoiled"]) for c in out["by_counter"]}
    assert per_counter == {"C1": (2, 2, 0), "C2": (2, 1, 1), "C3": (2, 0, 0)}
    per_hall = {h["hall_id"]: (h["name"], h["created"], h["cards_issued"], h["average_issuance_seconds"])
                for h in out["by_hall"]}
    assert per_hall == {"H1": ("城区大厅", 4, 3, 400.0), "H2": ("东区大厅", 2, 0, None)}
    # the year to date through the day: the day's 3, the evening before and the card of 2 January
    assert out["targets"]["all"]["actual"] == 5
    assert out["targets"]["third_generation"]["actual"] == 4  # new 00:10, upgrade 23:55, new 23:59 before, 2 Jan
    assert out["targets"]["third_generation"]["target"] == 70000
    assert summary.cards_issued == 3


def test_a_hall_sees_its_counters_only_and_no_invented_target(district, storage):
    _seed(district)
    out = DistrictFigures(storage, BEIJING, lambda: local(DAY, 18)).summary(DAY, "H2").as_dict()
    assert out["hall"] == "H2"
    assert [c["counter_id"] for c in out["by_counter"]] == ["C3"]
    assert (out["created"], out["cancelled"], out["in_progress"]) == (2, 1, 1)
    assert out["targets"]["all"]["target"] is None and out["targets"]["all"]["actual"] == 1
    assert out["targets"]["all"]["percent"] is None


def test_the_next_day_holds_what_was_started_after_midnight(district, storage):
    _seed(district)
    out = DistrictFigures(storage, BEIJING, lambda: local(DAY, 18)).summary(DAY + dt.timedelta(days=1)).as_dict()
    assert (out["created"], out["cards_issued"]) == (1, 1)
